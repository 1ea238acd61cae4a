/**
 * The chunked LSTM layer op (input projection inside, chunks of time steps) against the unchunked pair it
 * replaces in training: `projectInputs` then `lstmSequence`. Outputs, final state and every gradient
 * (inputs, kernel, bias, initial state, recurrent kernel), for several chunk sizes, with padding masks and
 * reversed; on cpu (composed cell) and on wasm (fused cell kernels, and the native chunk kernels where
 * the native module is built); and no tensor as big as the whole sequence's gates in a chunked step.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { hasNativeLstmSequence, LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD } from '../../../src/shared/engine/kernels';
import { lstmLayer } from '../../../src/shared/engine/lstmLayer';
import { AUTO_PLAN, NO_NATIVE_CHUNKS_PLAN, PathRecorder, recording, type ExecutionPlan } from '../../../src/shared/engine/executionPlan';
import { lstmSequence, projectInputs, type RnnWeights } from '../../../src/shared/engine/rnn';
import { runOn } from './engineHelpers';

function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 - 1;
  });
}

interface Case { T: number; B: number; E: number; H: number; masked: boolean; reverse: boolean }

/** Outputs, final h and c, then the gradients of a weighted sum of them, by `run`. */
function layerCase(c: Case, run: 'chunked' | 'reference', stepsPerChunk?: number, plan: ExecutionPlan = AUTO_PLAN): () => tf.Tensor[] {
  const { T, B, E, H } = c;
  const data = [values(T * B * E, 1), values(E * 4 * H, 2), values(4 * H, 3), values(B * H, 4), values(B * H, 5), values(H * 4 * H, 6)];
  const outWeights = values(T * B * H, 7);
  // Row b is real for its first T - (b % 3) steps.
  const mask = Float32Array.from({ length: T * B }, (_, i) => (Math.floor(i / B) < T - ((i % B) % 3) ? 1 : 0));
  return () => {
    const inputs = [
      tf.tensor2d(data[0], [T * B, E]), tf.tensor2d(data[1], [E, 4 * H]).mul(0.5), tf.tensor1d(data[2]),
      tf.tensor2d(data[3], [B, H]), tf.tensor2d(data[4], [B, H]), tf.tensor2d(data[5], [H, 4 * H]).mul(0.3),
    ];
    const masks = c.masked ? tf.tensor3d(mask, [T, B, 1]) : null;
    const layer = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor, wh: tf.Tensor) => {
      const w: RnnWeights = { kernel: k as tf.Tensor2D, bias: b as tf.Tensor1D, recurrent: wh as tf.Tensor2D };
      if (run === 'chunked') return lstmLayer(x as tf.Tensor2D, w, h0 as tf.Tensor2D, c0 as tf.Tensor2D, masks, c.reverse, stepsPerChunk, plan);
      const gates = tf.reshape(projectInputs(x as tf.Tensor2D, w), [T, B, 4 * H]) as tf.Tensor3D;
      return lstmSequence(gates, h0 as tf.Tensor2D, c0 as tf.Tensor2D, wh as tf.Tensor2D, masks, c.reverse);
    };
    const f = (...ts: tf.Tensor[]): tf.Scalar => {
      const r = layer(ts[0], ts[1], ts[2], ts[3], ts[4], ts[5]);
      return tf.addN([
        tf.sum(tf.mul(r.outputs, tf.tensor3d(outWeights, [T, B, H]))), tf.sum(r.final.h), tf.mul(tf.sum(r.final.c as tf.Tensor2D), 0.5),
      ]) as tf.Scalar;
    };
    const r = layer(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5]);
    return [r.outputs, r.final.h, r.final.c as tf.Tensor2D, ...tf.grads(f)(inputs)];
  };
}

function assertClose(a: { shape: number[]; values: number[] }[], b: { shape: number[]; values: number[] }[], tol: number, label: string): void {
  const names = ['outputs', 'final h', 'final c', 'd inputs', 'd kernel', 'd bias', 'd h0', 'd c0', 'd recurrent'];
  assert.strictEqual(a.length, b.length, `${label}: number of results`);
  a.forEach((x, i) => {
    assert.deepStrictEqual(x.shape, b[i].shape, `${label} ${names[i]}: shape`);
    let worst = 0;
    let mag = 1;
    x.values.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - b[i].values[j])); mag = Math.max(mag, Math.abs(b[i].values[j])); });
    assert.ok(worst <= tol * mag, `${label} ${names[i]}: max abs diff ${worst} > ${tol * mag}`);
  });
}

describe('chunked LSTM layer op (lstmLayer)', () => {
  after(async () => { await runOn('cpu', () => tf.zeros([1])); });

  const small: Case = { T: 5, B: 3, E: 4, H: 6, masked: false, reverse: false };
  for (const [masked, reverse] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const chunk of [1, 2, 3, 5, 8]) {
      it(`cpu: equals projection + lstmSequence, ${chunk} step(s) per chunk${masked ? ', masked' : ''}${reverse ? ', reversed' : ''}`, async () => {
        const c = { ...small, masked, reverse };
        const ref = await runOn('cpu', layerCase(c, 'reference'));
        const got = await runOn('cpu', layerCase(c, 'chunked', chunk));
        assertClose(got, ref, 1e-5, `chunk ${chunk}`);
      });
    }
  }

  it('wasm (fused cell kernels, training-sized cell, 3 chunks): equals the cpu reference', async () => {
    const c: Case = { T: 7, B: 16, E: 8, H: 32, masked: true, reverse: true };
    const ref = await runOn('cpu', layerCase(c, 'reference'));
    const got = await runOn('wasm', layerCase(c, 'chunked', 3));
    assertClose(got, ref, 2e-4, 'wasm');
  });

  describe('native chunk kernels (one kernel per chunk of steps)', () => {
    before(async function () {
      await runOn('wasm', () => tf.zeros([1]));
      // Where the native module is not built (no C compiler), the step kernels above are all there is.
      if (!hasNativeLstmSequence()) this.skip();
    });

    const c: Case = { T: 7, B: 16, E: 8, H: 32, masked: false, reverse: false };
    for (const [masked, reverse] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const chunk of [1, 3, 7]) {
        it(`equal the cpu reference and the step kernels, ${chunk} step(s) per chunk${masked ? ', masked' : ''}${reverse ? ', reversed' : ''}`, async () => {
          const k = { ...c, masked, reverse };
          const ref = await runOn('cpu', layerCase(k, 'reference'));
          const stepPaths = new PathRecorder();
          const steps = await runOn('wasm', layerCase(k, 'chunked', chunk, recording(NO_NATIVE_CHUNKS_PLAN, stepPaths)));
          const nativePaths = new PathRecorder();
          const got = await runOn('wasm', layerCase(k, 'chunked', chunk, recording(AUTO_PLAN, nativePaths)));
          assert.deepStrictEqual([...stepPaths.taken], ['fused-steps']);
          assert.deepStrictEqual([...nativePaths.taken], ['native-chunks']);
          assertClose(got, ref, 2e-4, 'native chunks vs cpu');
          assertClose(got, steps, 1e-5, 'native chunks vs step kernels');
        });
      }
    }

    it('run one kernel per chunk each way, and none of the step kernels', async () => {
      await runOn('wasm', () => tf.zeros([1]));
      const info = await tf.profile(() => tf.tidy(() => { layerCase({ ...c, masked: true }, 'chunked', 3)().forEach(t => t.dataSync()); }));
      const count = (name: string): number => info.kernels.filter(k => k.name === name).length;
      // 7 steps in chunks of 3: 3 chunks. layerCase runs the layer twice (outputs, then under tf.grads).
      assert.strictEqual(count(LSTM_SEQUENCE_FORWARD), 6);
      assert.strictEqual(count(LSTM_SEQUENCE_BACKWARD), 3);
      assert.strictEqual(count('Seq2SeqLstmCellForward') + count('Seq2SeqLstmCellBackward'), 0);
    });
  });

  it('never makes a tensor as big as the whole sequence\'s gates when chunked', async () => {
    const c: Case = { T: 8, B: 4, E: 3, H: 5, masked: false, reverse: false };
    const gatesOfAll = c.T * c.B * 4 * c.H;
    const biggest = async (run: 'chunked' | 'reference'): Promise<number> => {
      await runOn('cpu', () => tf.zeros([1]));
      const fn = layerCase(c, run, 2);
      const info = await tf.profile(() => tf.tidy(() => { fn().forEach(t => t.dataSync()); }));
      // Kernel outputs with a gate-sized last axis (4H).
      return Math.max(...info.kernels.flatMap(k => (k.outputShapes as number[][]).filter(s => s[s.length - 1] === 4 * c.H).map(s => s.reduce((a, b) => a * b, 1))));
    };
    assert.strictEqual(await biggest('reference'), gatesOfAll, 'the reference materialises all gates (the check can see them)');
    assert.ok(await biggest('chunked') <= 2 * c.B * 4 * c.H, 'chunked: at most one 2-step chunk of gates at a time');
  });
});
