/**
 * The native module (src/native, AVX2/FMA through Node-API): built and loaded on this machine kind; its
 * products equal the cpu backend's for the shapes training uses (LSTM steps and their transposed
 * backward products, batched attention products, projections with bias), and so do its LSTM steps,
 * forwards and backwards, including hidden sizes that are not a multiple of the 8-float vectors, and its
 * optimizer update equals FlatAdam's composed ops. Smaller cases go through the same kernels in
 * kernels.test.ts.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { hasNativeAdam } from '../../../src/shared/engine/kernels';
import * as path from 'path';
import {
  configureNativeKernels, NATIVE_MODULE_FILE, nativeKernelsSetting, nativeModule, nativeStatus,
} from '../../../src/shared/engine/kernels/nativeModule';
import { asWasmBackend, heapOffset } from '../../../src/shared/engine/kernels/wasmBackend';
import { FlatAdam } from '../../../src/shared/engine/optimizer';
import { lstmSequence } from '../../../src/shared/engine/rnn';
import { assertBackendsAgree, randomValues } from './engineHelpers';

/** The native-off tier (SEQ2SEQ_NATIVE=0, what machines without the module get): the same tests on the wasm kernels. */
const nativeOff = process.env.SEQ2SEQ_NATIVE === '0';

const tensor = (shape: number[], seed: number): tf.Tensor => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);

describe('native module (AVX2/FMA): matrix products, LSTM steps and the Adam update', function () {
  this.timeout(60000);
  after(async () => {
    await initBackend('cpu');
  });

  it(nativeOff ? 'is not used when turned off, and says why' : 'is built and loads on this machine kind', () => {
    if (nativeOff) {
      assert.strictEqual(nativeModule(), null);
      assert.strictEqual(nativeStatus(), 'wasm only: native kernels turned off (SEQ2SEQ_NATIVE=0)');
    } else {
      assert.ok(nativeModule(), nativeStatus());
    }
  });

  it('follows the nativeKernels setting: off stops its use at the next call, auto brings it back', () => {
    const before = nativeKernelsSetting();
    try {
      configureNativeKernels('off', 'seq2seqAttention.nativeKernels: off');
      assert.strictEqual(nativeModule(), null);
      assert.strictEqual(nativeStatus(), `wasm only: native kernels turned off (${nativeOff ? 'SEQ2SEQ_NATIVE=0' : 'seq2seqAttention.nativeKernels: off'})`);
      configureNativeKernels('auto', 'seq2seqAttention.nativeKernels: auto');
      if (nativeOff) {
        // The environment variable of the native-off tiers wins over the setting.
        assert.strictEqual(nativeModule(), null);
      } else {
        assert.ok(nativeModule(), nativeStatus());
        assert.match(nativeStatus(), /^native \(AVX2\/FMA; matrix kernel (avx512-12x32|avx2-6x16)\)$/);
      }
    } finally {
      configureNativeKernels(before.value, before.source);
    }
  });

  const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
  for (const [ta, tb] of combos) {
    it(`an LSTM step's product [128,272]x[272,1024] (remainders: 1,027 columns) transposeA=${ta} transposeB=${tb}`, async () => {
      await assertBackendsAgree(() => tf.matMul(tensor(ta ? [272, 128] : [128, 272], 1), tensor(tb ? [1027, 272] : [272, 1027], 2), ta, tb), 1e-5);
    });
  }

  it('a right operand used again is packed once and kept; a new one in the freed memory of the last is not mistaken for it', async function () {
    // The native module's packed-operand cache: with the module off (its own tier) there is no such cache to test.
    if (nativeOff) this.skip();
    let offsets: number[] = [];
    await assertBackendsAgree(() => {
      offsets = [];
      const a = tensor([32, 256], 40);
      const outs: tf.Tensor[] = [];
      for (const seed of [41, 42, 43]) {
        // The shape of an LSTM's recurrent weight; each used 4 times (packed into the cache on its 3rd use).
        const b = tensor([256, 1024], seed);
        offsets.push(tf.getBackend() === 'wasm' ? heapOffset(asWasmBackend(tf.backend()), b) : -1);
        for (let r = 0; r < 4; r++) outs.push(tf.matMul(a, b), tf.matMul(b, a, true, true));
        b.dispose();
      }
      return outs;
    }, 1e-5);
    // The case that matters: the operands took the same memory in turn (on wasm, the last run above).
    assert.ok(new Set(offsets).size < offsets.length, `the right operands took different memory (${offsets.join(', ')}): the test proves nothing`);
  });

  it('a long inner dimension (several packed blocks, accumulated): [37,700]x[700,45]', async () => {
    await assertBackendsAgree(() => tf.matMul(tensor([37, 700], 3), tensor([700, 45], 4)), 1e-5);
  });

  it('batched products and a broadcast left operand: [4,20,33]x[4,33,19] and [20,33]x[4,33,19]', async () => {
    await assertBackendsAgree(() => tf.matMul(tensor([4, 20, 33], 5), tensor([4, 33, 19], 6)), 1e-5);
    await assertBackendsAgree(() => tf.matMul(tensor([20, 33], 7), tensor([4, 33, 19], 8)), 1e-5);
  });

  it('attention\'s batched products with fewer rows than a packed strip: [6,11,33]x[6,20,33]^T, [6,11,20]x[6,20,9], [6,11,20]^T x [6,11,9]', async () => {
    await assertBackendsAgree(() => [
      tf.matMul(tensor([6, 11, 33], 17), tensor([6, 20, 33], 18), false, true),
      tf.matMul(tensor([6, 11, 20], 19), tensor([6, 20, 9], 20)),
      tf.matMul(tensor([6, 11, 20], 21), tensor([6, 11, 9], 22), true, false),
    ], 1e-5);
  });

  it('a batched left operand times one right operand, with bias (the LSTM input projection) [8,16,16]x[16,1024]+b', async () => {
    await assertBackendsAgree(() => tf.fused.matMul({ a: tensor([8, 16, 16], 9) as tf.Tensor3D, b: tensor([1, 16, 1024], 10) as tf.Tensor3D, bias: tensor([1024], 11) }), 1e-5);
  });

  // The fused step runs from batch x hidden >= 512 (rnn.ts); 13 = one 8-float vector + 5 in the scalar tail.
  for (const [B, steps, H] of [[128, 2, 256], [48, 3, 13]]) {
    it(`LSTM steps [batch ${B}, hidden ${H}], ${steps} steps: outputs and gradients agree with the composed ops`, async () => {
      await assertBackendsAgree(() => {
        const inputs = [tensor([steps, B, 4 * H], 12), tensor([B, H], 13), tensor([B, H], 14), tf.mul(tensor([H, 4 * H], 15), 0.2)];
        const f = (xs: tf.Tensor, h: tf.Tensor, c: tf.Tensor, w: tf.Tensor): tf.Scalar => {
          const r = lstmSequence(xs as tf.Tensor3D, h as tf.Tensor2D, c as tf.Tensor2D, w as tf.Tensor2D, null, false);
          return tf.add(tf.sum(tf.mul(r.outputs, tensor([steps, B, H], 16))), tf.sum(r.final.c as tf.Tensor2D)) as tf.Scalar;
        };
        const r = lstmSequence(inputs[0] as tf.Tensor3D, inputs[1] as tf.Tensor2D, inputs[2] as tf.Tensor2D, inputs[3] as tf.Tensor2D, null, false);
        return [r.outputs, r.final.c as tf.Tensor2D, ...tf.grads(f)(inputs)];
      }, 1e-4);
    });
  }

  it('the optimizer update (one native kernel on wasm) equals FlatAdam\'s composed ops on cpu, clipped or not, over 4 steps', async () => {
    const usedNative: boolean[] = [];
    await assertBackendsAgree(() => {
      usedNative.push(hasNativeAdam());
      // Sizes that are not multiples of the 8-float vectors; variables in an order unlike their sizes.
      const vars = [[37, 13], [5], [256, 64], [3, 3]].map((shape, i) => tf.variable(tensor(shape, 20 + i), true, `adamTest${i}`));
      const total = vars.reduce((a, v) => a + v.size, 0);
      const opt = new FlatAdam(vars, 0.01);
      // Gradient scales: the first and third steps are clipped (norm ~ 74 * scale > 5), the others not.
      [1, 0.01, 3, 0.02].forEach((scale, step) => opt.applyFlat(tf.mul(tensor([total], 30 + step), scale) as tf.Tensor1D, 5));
      const out = vars.map(v => tf.clone(v));
      opt.dispose();
      vars.forEach(v => v.dispose());
      return out;
    }, 1e-6);
    assert.deepStrictEqual(usedNative, [false, !nativeOff], `cpu composes tfjs ops; wasm runs ${nativeOff ? 'them too (native off)' : 'the native kernel'}`);
  });

  it('refuses operands outside the heap instead of reading past it', async () => {
    // The addon itself, also in the native-off tier (where the kernels do not use it).
    const native = module.require(path.join(__dirname, '..', '..', '..', '..', 'src', 'native', 'build', 'Release', NATIVE_MODULE_FILE)) as { matMul(...args: unknown[]): void };
    const heap = new ArrayBuffer(64);
    assert.throws(() => native.matMul(heap, 0, 0, 32, 1, 4, 4, 4, 0, 0, 0, 0, 0), /outside the heap/); // the output would end at byte 96
    assert.throws(() => native.matMul(heap, 0, 0, 0, 1, 2, 2, 2, 0, 0, 0, 0), /wrong number of arguments/);
    native.matMul(heap, 0, 16, 32, 1, 2, 2, 2, 0, 0, 0, 0, 0); // 3 x 16 bytes fit
    const lstm = native as unknown as { lstmForward(...args: unknown[]): void };
    assert.throws(() => lstm.lstmForward(heap, 0, 0, 0, 0, 0, 0, 2, 4), /outside the heap/); // z [2, 16] alone is 128 bytes
    assert.throws(() => lstm.lstmForward(heap, 0, 0, 0, 0, 0, 0, -1, 4), /non-negative/);
    const adam = native as unknown as { adamStep(...args: unknown[]): void; sumOfSquares(...args: unknown[]): number };
    assert.throws(() => adam.sumOfSquares(heap, 8, 15), /outside the heap/); // 8 + 60 bytes
    assert.strictEqual(adam.sumOfSquares(heap, 8, 14), 0);
    // Seven operands of 2 floats: the last output would end at byte 72.
    assert.throws(() => adam.adamStep(heap, 0, 8, 16, 24, 32, 40, 64, 2, 0, 0.1, 0.001, 0.9, 0.999, 0.01, 1e-7), /outside the heap/);
    adam.adamStep(heap, 0, 8, 16, 24, 32, 40, 56, 2, 0, 0.1, 0.001, 0.9, 0.999, 0.01, 1e-7);
    // A chunk of 1 step, batch 1, hidden 2: 12 operands packed into 192 bytes fit; the last moved 4 bytes on does not.
    const chunk = native as unknown as { lstmSequenceForward(...args: unknown[]): void; lstmSequenceBackward(...args: unknown[]): void };
    const small = new ArrayBuffer(192);
    const forward = (cLast: number, sizes: number[]): void => chunk.lstmSequenceForward(small, 0, 32, 0, 96, 104, 112, 120, 128, 136, 168, 176, cLast, ...sizes, 0, 0, 0);
    forward(184, [1, 1, 2]);
    assert.throws(() => forward(188, [1, 1, 2]), /outside the heap/);
    assert.throws(() => forward(184, [2, 1, 2]), /outside the heap/); // two steps need twice the per-step operands
    assert.throws(() => forward(184, [1, 1, 0]), /empty shape/);
    assert.throws(() => chunk.lstmSequenceForward(small, 0, 32, 190, 96, 104, 112, 120, 128, 136, 168, 176, 184, 1, 1, 2, 0, 1, 0), /outside the heap/); // masks
    const backward = (dcOut: number): void => chunk.lstmSequenceBackward(small, 0, 8, 0, 72, 104, 112, 120, 128, 136, 168, dcOut, 1, 1, 2, 0, 0, 0);
    backward(176);
    assert.throws(() => backward(188), /outside the heap/);
  });
});
