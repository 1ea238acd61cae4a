/**
 * Every wasm kernel this project registers (src/shared/engine/kernels) against the cpu backend's numbers:
 * the same random inputs through both backends, outputs compared element by element.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { hasFusedLstmCell, releaseMatMulCaches } from '../../../src/shared/engine/kernels';
import { bahdanauSequence } from '../../../src/shared/engine/bahdanauSequence';
import { lstmSequence } from '../../../src/shared/engine/rnn';
import { assertBackendsAgree, randomValues, runOn } from './engineHelpers';

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
let seedCounter = 1;
const rand = (shape: number[]): { shape: number[]; values: Float32Array } => ({ shape, values: randomValues(size(shape), seedCounter++) });

const T = (r: { shape: number[]; values: Float32Array }): tf.Tensor => tf.tensor(r.values, r.shape);

describe('wasm kernels agree with the cpu backend', () => {
  before(async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm', 'the wasm backend must start in tests');
  });
  after(async () => {
    await initBackend('cpu');
  });

  describe('UnsortedSegmentSum (tf.gather gradient)', () => {
    it('is registered for wasm', () => {
      assert.ok(tf.getKernel('UnsortedSegmentSum', 'wasm'), 'kernel missing');
    });

    it('sums rows into segments, with repeated and unused ids', async () => {
      const x = rand([7, 3, 4]);
      const ids = [4, 0, 4, 2, 2, 2, 5];
      const [r] = await assertBackendsAgree(() => tf.unsortedSegmentSum(T(x), tf.tensor1d(ids, 'int32'), 6));
      assert.deepStrictEqual(r.shape, [6, 3, 4]);
      // Segment 1 and 3 receive nothing: exact zeros (the output memory is not left uninitialised).
      assert.ok(r.values.slice(12, 24).every(v => v === 0));
      assert.ok(r.values.slice(36, 48).every(v => v === 0));
    });

    it('drops rows whose id is outside [0, numSegments), as TensorFlow does', async () => {
      const x = rand([5, 9]);
      const ids = [1, -1, 3, 0, 1];
      const [r] = await runOn('wasm', () => tf.unsortedSegmentSum(T(x), tf.tensor1d(ids, 'int32'), 3));
      const want = new Float32Array(27);
      ids.forEach((s, i) => {
        if (s >= 0 && s < 3) for (let j = 0; j < 9; j++) want[s * 9 + j] += x.values[i * 9 + j];
      });
      assert.deepStrictEqual(r.values, Array.from(want));
    });

    it('handles int32 values', async () => {
      await assertBackendsAgree(() => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([1, 0, 1], 'int32'), 2), 0);
    });

    it('gives tf.gather a gradient through variableGrads (embedding lookup of [batch, time] ids)', async () => {
      const table = rand([11, 5]);
      const ids = [[1, 3, 3, 0], [10, 1, 0, 0], [3, 3, 3, 7]];
      const weights = rand([3, 4, 5]);
      const [grad] = await assertBackendsAgree(() => {
        const emb = tf.variable(T(table), true, `emb_${seedCounter++}`);
        const w = T(weights);
        const { value, grads } = tf.variableGrads(() => tf.gather(emb, tf.tensor2d(ids, [3, 4], 'int32')).mul(w).square().sum() as tf.Scalar, [emb]);
        const g = grads[emb.name];
        value.dispose();
        emb.dispose();
        return g;
      });
      // Row 2 is never looked up: its gradient is exactly zero.
      assert.ok(grad.values.slice(10, 15).every(v => v === 0));
    });
  });

  describe('GatherV2 (embedding lookups)', () => {
    it('copies the rows of [batch, time] ids, repeated ones included, exactly', async () => {
      const table = rand([11, 5]);
      const [r] = await assertBackendsAgree(() => tf.gather(T(table), tf.tensor2d([[1, 3, 3, 0], [10, 1, 0, 0], [3, 3, 3, 7]], [3, 4], 'int32')), 0);
      assert.deepStrictEqual(r.shape, [3, 4, 5]);
      assert.deepStrictEqual(Array.from(r.values.slice(5, 10)), Array.from(table.values.slice(15, 20)));
    });

    it('gathers rows of any rank and of int32 values, and single values of a vector', async () => {
      const cube = rand([6, 2, 3]);
      await assertBackendsAgree(() => tf.gather(T(cube), tf.tensor1d([5, 0, 5], 'int32')), 0);
      await assertBackendsAgree(() => tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([2, 2, 0], 'int32')), 0);
      await assertBackendsAgree(() => tf.gather(tf.tensor1d([7, 8, 9]), tf.tensor1d([2, 0], 'int32')), 0);
    });

    it('leaves other axes to the backend\'s own kernel', async () => {
      const table = rand([4, 6]);
      const [r] = await assertBackendsAgree(() => tf.gather(T(table), tf.tensor1d([5, 1], 'int32'), 1), 0);
      assert.deepStrictEqual(r.shape, [4, 2]);
    });

    it('refuses an index outside the table', () => {
      const table = tf.zeros([3, 2]);
      assert.throws(() => tf.gather(table, tf.tensor1d([0, 3], 'int32')), /index value 3 is not in \[0, 2\]/);
      assert.throws(() => tf.gather(table, tf.tensor1d([-1], 'int32')), /index value -1/);
      table.dispose();
    });
  });

  describe('BatchMatMul', () => {
    const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
    for (const [ta, tb] of combos) {
      it(`2-D [33,47]x[47,29] transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [47, 33] : [33, 47]);
        const b = rand(tb ? [29, 47] : [47, 29]);
        const [r] = await assertBackendsAgree(() => tf.matMul(T(a), T(b), ta, tb));
        assert.deepStrictEqual(r.shape, [33, 29]);
      });
      it(`batched [6,20,33]x[6,33,25] transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [6, 33, 20] : [6, 20, 33]);
        const b = rand(tb ? [6, 25, 33] : [6, 33, 25]);
        await assertBackendsAgree(() => tf.matMul(T(a), T(b), ta, tb));
      });
      it(`batched, few rows many columns [6,8,33]x[6,33,25] (computed as b^T a^T) transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [6, 33, 8] : [6, 8, 33]);
        const b = rand(tb ? [6, 25, 33] : [6, 33, 25]);
        const [r] = await assertBackendsAgree(() => tf.matMul(T(a), T(b), ta, tb));
        assert.deepStrictEqual(r.shape, [6, 8, 25]);
      });
      it(`small batched [4,3,5]x[4,5,2] transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [4, 5, 3] : [4, 3, 5]);
        const b = rand(tb ? [4, 2, 5] : [4, 5, 2]);
        await assertBackendsAgree(() => tf.matMul(T(a), T(b), ta, tb));
      });
      it(`batched a with unbatched b [5,7,16]x[16,9] transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [5, 16, 7] : [5, 7, 16]);
        const b = rand(tb ? [9, 16] : [16, 9]);
        const [r] = await assertBackendsAgree(() => tf.matMul(T(a), T(b), ta, tb));
        assert.deepStrictEqual(r.shape, [5, 7, 9]);
      });
    }

    it('broadcasts an unbatched a over a batched b, both loop orientations', async () => {
      const a = rand([20, 16]);
      const b = rand([5, 16, 24]);
      await assertBackendsAgree(() => tf.matMul(T(a), T(b)));
      const a2 = rand([6, 40]);
      const b2 = rand([5, 24, 40]);
      const [r] = await assertBackendsAgree(() => tf.matMul(T(a2), T(b2), false, true));
      assert.deepStrictEqual(r.shape, [5, 6, 24]);
    });

    it('broadcasts an unbatched a over a batched b [7,16]x[5,16,9]', async () => {
      const a = rand([7, 16]);
      const b = rand([5, 16, 9]);
      const [r] = await assertBackendsAgree(() => tf.matMul(T(a), T(b)));
      assert.deepStrictEqual(r.shape, [5, 7, 9]);
    });

    it('rank-4 batches [2,3,8,12]x[2,3,12,10], b transposed', async () => {
      const a = rand([2, 3, 8, 12]);
      const b = rand([2, 3, 10, 12]);
      await assertBackendsAgree(() => tf.matMul(T(a), T(b), false, true));
    });

    it('gradients of a batched attention-like product (transposed matmuls in the backward pass)', async () => {
      const q = rand([4, 6, 32]);
      const k = rand([4, 9, 32]);
      const w = rand([32, 32]);
      await assertBackendsAgree(() => {
        const wv = tf.variable(T(w), true, `w_${seedCounter++}`);
        const kv = tf.variable(T(k), true, `k_${seedCounter++}`);
        const { value, grads } = tf.variableGrads(() => {
          // (tfjs's BatchMatMul gradient does not reduce broadcast batch dims: project as 2-D.)
          const proj = tf.matMul(T(q).reshape([24, 32]), wv).reshape([4, 6, 32]);
          const scores = tf.matMul(proj, kv, false, true); // [4,6,9]
          return tf.softmax(scores).mul(tf.range(0, 9).reshape([1, 1, 9])).sum() as tf.Scalar;
        }, [wv, kv]);
        const out = [grads[wv.name], grads[kv.name]];
        value.dispose();
        wv.dispose();
        kv.dispose();
        return out;
      });
    });

    it('reuses the transpose of a weight used transposed repeatedly, and frees it once the weight is gone', async () => {
      await initBackend('wasm');
      releaseMatMulCaches();
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const base = backend.numDataIds();
      const wVals = rand([48, 64]);
      const w = tf.tensor(wVals.values, [48, 64]); // used as x . w^T, like dh = dz . U^T
      const xs = [rand([5, 64]), rand([5, 64]), rand([5, 64])];
      const wasmOut = xs.map(x => tf.tidy(() => Array.from(tf.matMul(T(x), w, false, true).dataSync())));
      assert.strictEqual(backend.numDataIds(), base + 2, 'the weight and one cached transpose');
      w.dispose();
      const other = tf.tensor(rand([3, 64]).values, [3, 64]);
      tf.dispose(tf.matMul(other, other, false, true)); // next call sweeps the dead entry (and caches `other`)
      assert.strictEqual(backend.numDataIds(), base + 2, 'dead entry freed: `other` and its transpose remain');
      other.dispose();
      assert.strictEqual(releaseMatMulCaches(), 1);
      assert.strictEqual(backend.numDataIds(), base);
      await initBackend('cpu');
      xs.forEach((x, i) => {
        const cpu = tf.tidy(() => Array.from(tf.matMul(T(x), T(wVals), false, true).dataSync()));
        cpu.forEach((v, j) => assert.ok(Math.abs(v - wasmOut[i][j]) < 1e-4, `call ${i} element ${j}`));
      });
    });

    it('a weight updated by the optimizer is never served from a stale cached transpose', async () => {
      const w0 = rand([24, 32]);
      const x = rand([6, 32]);
      const g = rand([6, 24]);
      await assertBackendsAgree(() => {
        const w = tf.variable(T(w0), true, `wt_${seedCounter++}`);
        const opt = tf.train.sgd(0.1);
        const outs: tf.Tensor[] = [];
        for (let i = 0; i < 3; i++) {
          outs.push(tf.matMul(T(x), w, false, true)); // x . w^T with the current w
          const { value, grads } = tf.variableGrads(() => tf.matMul(T(x), w, false, true).mul(T(g)).sum() as tf.Scalar, [w]);
          opt.applyGradients(grads);
          tf.dispose([value, ...Object.values(grads)]);
        }
        opt.dispose();
        w.dispose();
        return outs;
      });
      releaseMatMulCaches();
    });

    it('rejects mismatched inner dimensions with tfjs\'s message', async () => {
      await initBackend('wasm');
      assert.throws(() => tf.matMul(tf.zeros([3, 4]), tf.zeros([5, 6])), /inner shapes/);
    });

    it('releases its temporary views and transposes (no wasm memory growth over repeated calls)', async () => {
      await initBackend('wasm');
      const a = tf.tensor(rand([8, 20, 40]).values, [8, 20, 40]); // 20 rows: the per-entry XNNPACK loop
      const b = tf.tensor(rand([8, 30, 40]).values, [8, 30, 40]);
      const backend = tf.backend() as unknown as { numDataIds(): number };
      tf.dispose(tf.matMul(a, b, false, true));
      const ids = backend.numDataIds();
      const bytes = tf.memory().numBytes;
      for (let i = 0; i < 50; i++) tf.dispose(tf.matMul(a, b, false, true));
      assert.strictEqual(backend.numDataIds(), ids);
      assert.strictEqual(tf.memory().numBytes, bytes);
      tf.dispose([a, b]);
    });
  });

  describe('_FusedMatMul', () => {
    const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
    for (const [ta, tb] of combos) {
      it(`fused matmul + bias + relu transposeA=${ta} transposeB=${tb}`, async () => {
        const a = rand(ta ? [24, 10] : [10, 24]);
        const b = rand(tb ? [18, 24] : [24, 18]);
        const bias = rand([18]);
        await assertBackendsAgree(() => tf.fused.matMul({ a: T(a) as tf.Tensor2D, b: T(b) as tf.Tensor2D, transposeA: ta, transposeB: tb, bias: T(bias), activation: 'relu' }));
      });
    }
    it('batched a with unbatched b and bias', async () => {
      const a = rand([3, 10, 24]);
      const b = rand([24, 18]);
      const bias = rand([18]);
      const [r] = await assertBackendsAgree(() => tf.fused.matMul({ a: T(a) as tf.Tensor3D, b: T(b).expandDims(0) as tf.Tensor3D, bias: T(bias), activation: 'linear' }));
      assert.deepStrictEqual(r.shape, [3, 10, 18]);
    });
  });

  describe('fused LSTM cell step (Seq2SeqLstmCellForward / Backward)', () => {
    // A whole-sequence LSTM op and its gradients: wasm runs the fused step kernels, cpu the composed ops.
    const layer = (B: number, steps: number, H: number, masked: boolean, reverse: boolean) => {
      const x = rand([steps, B, 4 * H]);
      const h0 = rand([B, H]);
      const c0 = rand([B, H]);
      const wh = rand([H, 4 * H]);
      const weights = rand([steps, B, H]);
      // Row b is real for its first `steps - (b % 3)` steps (different lengths in one batch).
      const mask = Float32Array.from({ length: steps * B }, (_, i) => (Math.floor(i / B) < steps - ((i % B) % 3) ? 1 : 0));
      return (): tf.Tensor[] => {
        const inputs = [T(x), T(h0), T(c0), T(wh)] as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const masks = masked ? tf.tensor3d(mask, [steps, B, 1]) : null;
        const run = (xs: tf.Tensor3D, h: tf.Tensor2D, c: tf.Tensor2D, w: tf.Tensor2D) => lstmSequence(xs, h, c, w, masks, reverse);
        const f = (xs: tf.Tensor, h: tf.Tensor, c: tf.Tensor, w: tf.Tensor): tf.Scalar => {
          const r = run(xs as tf.Tensor3D, h as tf.Tensor2D, c as tf.Tensor2D, w as tf.Tensor2D);
          return tf.addN([tf.sum(tf.mul(r.outputs, T(weights))), tf.sum(r.final.h), tf.mul(tf.sum(r.final.c as tf.Tensor2D), 0.5)]) as tf.Scalar;
        };
        const r = run(...inputs);
        return [r.outputs, r.final.h, r.final.c as tf.Tensor2D, ...tf.grads(f)(inputs)];
      };
    };
    for (const [masked, reverse] of [[false, false], [true, false], [true, true]] as const) {
      it(`outputs and gradients agree${masked ? ', with padding masks' : ''}${reverse ? ', reversed' : ''}`, async () => {
        await assertBackendsAgree(layer(16, 6, 32, masked, reverse), 2e-4);
      });
    }
    it('the Bahdanau decoder op (same cell inside): outputs and gradients agree', async () => {
      const [B, steps, S, H, A] = [16, 4, 5, 32, 8];
      const x = rand([steps, B, 4 * H]);
      const keys = rand([B, S, H]);
      const keysU = rand([B, S, A]);
      const W = rand([H, A]);
      const v = rand([A, 1]);
      const wCtx = rand([H, 4 * H]);
      const wh = rand([H, 4 * H]);
      const h0 = rand([B, H]);
      const c0 = rand([B, H]);
      const out = rand([steps, B, H]);
      await assertBackendsAgree(() => {
        const inputs = [x, keys, keysU, W, v, wCtx, wh, h0, c0].map(T);
        const f = (...ts: tf.Tensor[]): tf.Scalar => {
          const r = bahdanauSequence({
            x: ts[0] as tf.Tensor3D, keys: ts[1] as tf.Tensor3D, keysU: ts[2] as tf.Tensor3D, W: ts[3] as tf.Tensor2D, v: ts[4] as tf.Tensor2D,
            contextKernel: ts[5] as tf.Tensor2D, recurrent: ts[6] as tf.Tensor2D, h0: ts[7] as tf.Tensor2D, c0: ts[8] as tf.Tensor2D, maskBias: null,
          });
          return tf.add(tf.sum(tf.mul(tf.slice(r.features, [0, 0, 0], [steps, B, H]), T(out))), tf.sum(tf.square(r.weights))) as tf.Scalar;
        };
        return tf.grads(f)(inputs);
      }, 2e-4);
    });

    it('is what the wasm LSTM op runs for training batches, not for one sentence', async () => {
      await initBackend('wasm');
      assert.ok(hasFusedLstmCell());
      const kernelsOf = async (batch: number): Promise<Set<string>> => {
        const info = await tf.profile(() => tf.tidy(() => { layer(batch, 3, 32, false, false)().forEach(t => t.dataSync()); }));
        return new Set(info.kernels.map(k => k.name));
      };
      const batched = await kernelsOf(16);
      assert.ok(batched.has('Seq2SeqLstmCellForward') && batched.has('Seq2SeqLstmCellBackward'), [...batched].join(', '));
      assert.ok(!batched.has('Sigmoid') && !batched.has('Tanh'), `no composed cell steps: ${[...batched].join(', ')}`);
      const single = await kernelsOf(1);
      assert.ok(!single.has('Seq2SeqLstmCellForward') && single.has('Sigmoid'), `one sentence: composed ops (${[...single].join(', ')})`);
    });
  });

  describe('Identity / Cast (shared, not copied)', () => {
    it('clone and same-dtype cast share memory safely: disposing either side leaves the other intact', async () => {
      await initBackend('wasm');
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const scribble = (): void => tf.tidy(() => { tf.ones([2, 3]).mul(9); }); // would reuse freed memory
      scribble(); // tfjs keeps a cached constant from the first call: count after it
      const ids = backend.numDataIds();
      const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
      const c = tf.clone(x);
      const f = tf.cast(x, 'float32');
      assert.strictEqual(backend.numDataIds(), ids + 1, 'one buffer for all three');
      x.dispose();
      scribble();
      assert.deepStrictEqual(Array.from(c.dataSync()), [1, 2, 3, 4, 5, 6]);
      c.dispose();
      assert.deepStrictEqual(Array.from(f.dataSync()), [1, 2, 3, 4, 5, 6]);
      f.dispose();
      assert.strictEqual(backend.numDataIds(), ids, 'freed when the last reference goes');
    });

    it('casts between dtypes still convert', async () => {
      await assertBackendsAgree(() => [
        tf.cast(tf.tensor1d([1.7, -2.2, 0, 3.5]), 'int32').cast('float32'),
        tf.cast(tf.tensor1d([0, 1, 2], 'int32'), 'bool').cast('float32'),
        tf.cast(tf.tensor1d([3, -4], 'int32'), 'float32'),
      ], 0);
    });

    it('gradients through clone and cast', async () => {
      const x = rand([4, 5]);
      await assertBackendsAgree(() => {
        const v = tf.variable(T(x), true, `c_${seedCounter++}`);
        const { value, grads } = tf.variableGrads(() => tf.clone(v).cast('float32').square().mul(tf.clone(v)).sum() as tf.Scalar, [v]);
        const g = grads[v.name];
        value.dispose();
        v.dispose();
        return g;
      });
    });
  });

  describe('Slice / Unpack / SplitV', () => {
    const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
      { shape: [10], begin: [3], size: [4] },
      { shape: [6, 8], begin: [2, 0], size: [3, 8] },
      { shape: [6, 8], begin: [1, 2], size: [4, 5] },
      { shape: [6, 8], begin: [0, 4], size: [-1, -1] },
      { shape: [5, 4, 7], begin: [1, 0, 0], size: [1, 4, 7] },
      { shape: [5, 4, 7], begin: [0, 1, 2], size: [5, 2, 3] },
      { shape: [5, 4, 7], begin: [2, 3, 0], size: [2, 1, 7] },
      { shape: [3, 4, 5, 6], begin: [1, 1, 0, 2], size: [2, 2, 5, 3] },
      { shape: [2, 3, 4, 5, 6], begin: [1, 0, 1, 0, 3], size: [1, 3, 2, 5, 3] },
      { shape: [4, 5], begin: [2, 1], size: [0, 3] },
    ];
    for (const c of cases) {
      it(`slice [${c.shape}] begin [${c.begin}] size [${c.size}]`, async () => {
        const x = rand(c.shape);
        await assertBackendsAgree(() => tf.slice(T(x), c.begin, c.size), 0);
      });
    }

    it('slices int32 and bool tensors', async () => {
      await assertBackendsAgree(() => tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]), 0);
      await assertBackendsAgree(() => tf.slice(tf.tensor1d([1, 0, 1, 1], 'bool'), [1], [3]).cast('int32'), 0);
    });

    for (const [shape, axis] of [[[7, 4, 3], 0], [[7, 4, 3], 1], [[7, 4, 3], 2], [[9, 16], 0], [[9, 16], -1]] as [number[], number][]) {
      it(`unstack [${shape}] along axis ${axis}`, async () => {
        const x = rand(shape);
        const outs = await assertBackendsAgree(() => tf.unstack(T(x), axis), 0);
        const ax = axis < 0 ? axis + shape.length : axis;
        assert.strictEqual(outs.length, shape[ax]);
      });
    }

    for (const [shape, splits, axis] of [[[6, 10], [2, 3, 5], 1], [[6, 10], 3, 0], [[4, 6, 8], [1, 7], 2], [[4, 6, 8], [2, -1], 1]] as [number[], number | number[], number][]) {
      it(`split [${shape}] into ${JSON.stringify(splits)} along axis ${axis}`, async () => {
        const x = rand(shape);
        await assertBackendsAgree(() => tf.split(T(x), splits, axis), 0);
      });
    }

    it('slice outputs own their data (input disposed first)', async () => {
      await initBackend('wasm');
      const x = tf.tensor(rand([4, 6]).values, [4, 6]);
      const expected = Array.from(x.dataSync().slice(6, 12));
      const parts = tf.unstack(x);
      const s = tf.slice(x, [1, 0], [1, 6]);
      x.dispose();
      tf.tidy(() => tf.ones([4, 6]).mul(7)); // reuse freed memory
      assert.deepStrictEqual(Array.from(parts[1].dataSync()), expected);
      assert.deepStrictEqual(Array.from(s.dataSync()), expected);
      tf.dispose([...parts, s]);
    });

    it('gradient through unstack / slice (LSTM-style gate split)', async () => {
      const x = rand([5, 3, 8]);
      await assertBackendsAgree(() => {
        const v = tf.variable(T(x), true, `x_${seedCounter++}`);
        const { value, grads } = tf.variableGrads(() => {
          const steps = tf.unstack(v, 0);
          let acc = tf.scalar(0);
          steps.forEach((s, i) => {
            const [g1, g2] = tf.split(s, [3, 5], 1);
            acc = acc.add(tf.sigmoid(g1).sum().mul(i + 1)).add(tf.tanh(g2).square().sum());
          });
          return acc as tf.Scalar;
        }, [v]);
        const g = grads[v.name];
        value.dispose();
        v.dispose();
        return g;
      });
    });
  });
});
