import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import {
  asWasmBackend, checkTfjsWasmVersion, hasData, heapFloats, heapOffset, makeView, rawBatchMatMul, releaseView, SUPPORTED_TFJS_WASM_VERSION, wasmHeapBytes,
} from '../../../src/shared/engine/kernels/wasmBackend';

/** The version npm installed, read from the package's own manifest (not from the loaded module). */
function installedVersion(): string {
  const manifest = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

describe('tfjs wasm internals adapter (kernels/wasmBackend.ts)', () => {
  after(async () => { await initBackend('cpu'); });

  it('supports exactly the installed @tensorflow/tfjs-backend-wasm, and the project pins that version', () => {
    assert.strictEqual(installedVersion(), SUPPORTED_TFJS_WASM_VERSION);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    // Pinned exactly (bundled into dist/worker.js, hence a development dependency): no range lets another release in.
    assert.strictEqual(pkg.devDependencies['@tensorflow/tfjs-backend-wasm'], SUPPORTED_TFJS_WASM_VERSION);
    assert.doesNotThrow(() => checkTfjsWasmVersion());
  });

  it('refuses any other version with a message that says what to do', () => {
    for (const other of ['4.21.0', '4.22.1', '5.0.0']) {
      assert.throws(() => checkTfjsWasmVersion(other), (e: Error) =>
        e.message.includes(`${other} is loaded`) && e.message.includes(`exactly ${SUPPORTED_TFJS_WASM_VERSION}`) && e.message.includes('wasmBackend.ts'));
    }
  });

  it('finds every private member it uses on the real backend, and they behave as it assumes', async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
    const backend = asWasmBackend(tf.backend());
    const heapBytes = wasmHeapBytes(tf.backend());
    assert.ok(heapBytes !== null && heapBytes > 0);
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
    const out = tf.zeros([2, 2]);
    try {
      assert.ok(hasData(backend, a.dataId));
      const offsets = [a, b, out].map(t => heapOffset(backend, t));
      const views = [[1, 2, 3], [1, 3, 2], [1, 2, 2]].map((shape, i) => makeView(backend, shape, offsets[i]));
      // The backend's own C++ product over views of the tensors' memory: [[1,2,3],[4,5,6]] x [[1,0],[0,1],[1,1]].
      rawBatchMatMul(backend)(views[0].id, new Uint8Array(new Int32Array([1, 2, 3]).buffer), 3, views[1].id,
        new Uint8Array(new Int32Array([1, 3, 2]).buffer), 3, false, false, views[2].id);
      views.forEach(v => releaseView(backend, v.info));
      assert.deepStrictEqual(Array.from(out.dataSync()), [4, 5, 10, 11]);
      // Releasing a view frees its table entry only: the tensors it covered still read as before.
      assert.deepStrictEqual(Array.from(a.dataSync()), [1, 2, 3, 4, 5, 6]);
    } finally {
      tf.dispose([a, b, out]);
    }
    assert.ok(!hasData(backend, a.dataId));
    assert.throws(() => asWasmBackend({ makeOutput: () => null }), /not the tfjs wasm backend/);
  });

  it('reads float32 values straight off the heap, and says null where it cannot (other dtype, disposed, cpu backend)', async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
    const f = tf.tensor1d([1.5, -2, 3.25]);
    const ids = tf.tensor1d([1, 2, 3], 'int32');
    try {
      const view = heapFloats(tf.backend(), f);
      assert.ok(view instanceof Float32Array);
      assert.deepStrictEqual(Array.from(view), [1.5, -2, 3.25]);
      assert.strictEqual(view.buffer, asWasmBackend(tf.backend()).wasm.HEAPU8.buffer, 'a view of the heap, not a copy');
      assert.strictEqual(heapFloats(tf.backend(), ids), null);
      assert.strictEqual(heapFloats({ makeOutput: () => null }, f), null);
    } finally {
      tf.dispose([f, ids]);
    }
    assert.strictEqual(heapFloats(tf.backend(), f), null, 'a disposed tensor');
    assert.strictEqual(await initBackend('cpu'), 'cpu');
    const onCpu = tf.tensor1d([1, 2]);
    assert.strictEqual(heapFloats(tf.backend(), onCpu), null);
    onCpu.dispose();
  });
});
