/**
 * The wasm `Sum` over leading axes (src/shared/engine/kernels/sum.ts) against the cpu backend: the same
 * inputs through both backends, outputs compared; other reductions still go to the backend's own kernel.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { configureNativeKernels, nativeKernelsSetting } from '../../../src/shared/engine/kernels/nativeModule';
import { builtAddonOrSkip } from './builtAddon';
import { runOn } from './engineHelpers';

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 2 - 1;
  }
  return out;
}

async function agree(fn: () => tf.Tensor | tf.Tensor[], tol = 1e-5): Promise<void> {
  const cpu = await runOn('cpu', fn);
  const wasm = await runOn('wasm', fn);
  assert.strictEqual(wasm.length, cpu.length);
  cpu.forEach((c, i) => {
    assert.deepStrictEqual(wasm[i].shape, c.shape, `output ${i} shape`);
    c.values.forEach((v, j) => assert.ok(Math.abs(v - wasm[i].values[j]) <= tol * Math.max(1, Math.abs(v)), `output ${i}[${j}]: cpu ${v} wasm ${wasm[i].values[j]}`));
  });
}

describe('wasm Sum over leading axes agrees with the cpu backend', () => {
  before(async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
  });
  after(async () => {
    await initBackend('cpu');
  });

  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [37, 29], axis: 0, keepDims: false },
    { shape: [37, 29], axis: 0, keepDims: true },
    { shape: [5, 7, 11], axis: [0, 1], keepDims: false },
    { shape: [5, 7, 11], axis: [1, 0], keepDims: true },
    { shape: [5, 7, 11], axis: 0, keepDims: false },
    { shape: [5, 7, 11], axis: -1, keepDims: false },
    { shape: [5, 7, 11], axis: 1, keepDims: false },
    { shape: [5, 7, 11], axis: [0, 2], keepDims: true },
    { shape: [6, 9], axis: [0, 1], keepDims: false },
  ];
  cases.forEach((c, n) => {
    it(`sum [${c.shape}] axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async () => {
      const v = values(c.shape.reduce((a, b) => a * b, 1), n + 1);
      await agree(() => tf.sum(tf.tensor(v, c.shape), c.axis, c.keepDims));
    });
  });

  it('int32 and empty-row inputs', async () => {
    await agree(() => tf.sum(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'), 0));
    await agree(() => tf.sum(tf.zeros([0, 4]), 0));
  });

  it('bias gradients through a dense layer (the case it exists for)', async () => {
    const x = values(64 * 12, 7);
    const w = values(12 * 20, 8);
    const b = values(20, 9);
    await agree(() => {
      const bv = tf.tensor1d(b);
      const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(tf.add(tf.matMul(xx, ww), bb))));
      return g([tf.tensor2d(x, [64, 12]), tf.tensor2d(w, [12, 20]), bv]);
    }, 1e-4);
  });

  it('large rows: float64 accumulation stays close to the cpu backend', async () => {
    const v = values(3000 * 16, 11);
    await agree(() => tf.sum(tf.tensor2d(v, [3000, 16]), 0), 1e-4);
  });

  it('the native module\'s column sums are the JS path\'s bits (rows not a multiple of 4, columns past one block)', function () {
    const addon = builtAddonOrSkip(this);
    const [rows, cols] = [103, 2053];
    const v = values(rows * cols, 13);
    const before = nativeKernelsSetting();
    let js: Float32Array;
    try {
      configureNativeKernels('off', 'test');
      js = tf.tidy(() => tf.sum(tf.tensor2d(v, [rows, cols]), 0).dataSync() as Float32Array);
    } finally {
      configureNativeKernels(before.value, before.source);
    }
    const heap = new ArrayBuffer((rows + 1) * cols * 4);
    new Float32Array(heap).set(v);
    addon.columnSums(heap, 0, rows * cols * 4, rows, cols);
    assert.deepStrictEqual(new Float32Array(heap, rows * cols * 4, cols), js);
  });
});

describe('wasm Tanh (2·sigmoid(2x) - 1) agrees with the cpu backend', () => {
  before(async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
  });
  after(async () => {
    await initBackend('cpu');
  });

  // [37, 41]: past the small-input limit, and not a whole number of 8-float vectors (a scalar tail natively).
  for (const shape of [[3, 5], [40, 64], [37, 41], [128, 256]]) {
    it(`tanh [${shape}] including large and tiny inputs`, async () => {
      const n = shape[0] * shape[1];
      const v = values(n, 21);
      for (let i = 0; i < n; i += 7) v[i] *= 50; // saturated values
      for (let i = 3; i < n; i += 11) v[i] *= 1e-4; // near zero
      await agree(() => tf.tanh(tf.tensor(v, shape)), 1e-6);
    });
  }

  it('its gradient, and the input is left unchanged', async () => {
    const v = values(64 * 32, 5);
    await agree(() => {
      const x = tf.tensor2d(v, [64, 32]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tanh(t), tf.tanh(t))))(x);
      return [g, x];
    }, 1e-5);
  });
});
