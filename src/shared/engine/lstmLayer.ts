/**
 * An LSTM layer together with its input projection, as one differentiable op that works through the
 * sequence in chunks of time steps. Same maths as `projectInputs` followed by `lstmSequence`; what
 * differs is memory. Those two materialise the [T, B, 4H] projection, and in the backward pass its
 * gradient: 15 MB each for the book model's encoder at batch 128, allocated as single blocks in the
 * middle of a step. The wasm heap never shrinks and such blocks fragment it (a training step's live
 * peak of ~120 MB left a 207 MB heap). Here the projection is made for one chunk of steps at a time
 * (at most ~4 MB), and the backward pass turns each chunk's gate gradients into the weight gradients
 * and the input gradient right away, so no tensor the size of the whole sequence's gates ever exists.
 * With the native module a chunk's steps are one kernel call forwards and one backwards
 * (kernels/lstmSequence.ts) instead of a few calls per step.
 */
import * as tf from '@tensorflow/tfjs';
import { AUTO_PLAN, chunkSteps, lstmChoice, type ExecutionPlan } from './executionPlan';
import { LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD } from './kernels';
import { reshape } from './leanReshape';
import { lstmBackwardPass, lstmForwardPass, projectInputs, runLayer, unpackLstmOutput, type LayerResult, type RnnState, type RnnWeights } from './rnn';
import type { CellType } from './types';

export { chunkSteps } from './executionPlan';

interface WeightGrads {
  dWx: tf.Tensor2D;
  dWh: tf.Tensor2D;
  dBias: tf.Tensor1D;
}

/**
 * A chunk's gate gradients dz [n * B, 4H] -> its share of the weight gradients (added to `acc`, which is
 * disposed) and its rows of the input gradient. hPrev [n * B, H] and xs [n * B, E] are the chunk's
 * states entering each step and inputs.
 */
function chunkGradients(acc: WeightGrads, dz: tf.Tensor2D, hPrev: tf.Tensor2D, xs: tf.Tensor2D, wx: tf.Tensor2D): WeightGrads & { dx: tf.Tensor2D } {
  const next = tf.tidy(() => ({
    dWx: tf.add(acc.dWx, tf.matMul(xs, dz, true, false)) as tf.Tensor2D,
    dWh: tf.add(acc.dWh, tf.matMul(hPrev, dz, true, false)) as tf.Tensor2D,
    dBias: tf.add(acc.dBias, tf.sum(dz, 0)) as tf.Tensor1D,
    dx: tf.matMul(dz, wx, false, true) as tf.Tensor2D,
  }));
  tf.dispose([acc.dWx, acc.dWh, acc.dBias]);
  return next;
}

const zeroGrads = (E: number, H: number): WeightGrads => ({ dWx: tf.zeros([E, 4 * H]), dWh: tf.zeros([H, 4 * H]), dBias: tf.zeros([4 * H]) });

/**
 * @param x [T * B, E] time-major layer inputs (row t * B + b)
 * @param w the layer's kernel [E, 4H], recurrent kernel [H, 4H] and bias [4H]
 * @param h0 [B, H], c0 [B, H] initial state
 * @param masks [T, B, 1] or null; padded steps carry the state unchanged
 * @param reverse process t = T-1 .. 0
 * @param stepsPerChunk tests only (default `chunkSteps`)
 * @param plan chooses native chunk kernels, fused or composed cell steps (executionPlan.ts)
 * @returns outputs [T, B, H] (h after each step, in time order) and the final state
 */
export function lstmLayer(
  x: tf.Tensor2D, w: RnnWeights, h0: tf.Tensor2D, c0: tf.Tensor2D, masks: tf.Tensor3D | null, reverse: boolean,
  stepsPerChunk?: number, plan: ExecutionPlan = AUTO_PLAN,
): LayerResult {
  const [B, H] = h0.shape;
  const E = x.shape[1];
  const T = x.shape[0] / B;
  if (!Number.isInteger(T) || T < 1) throw new Error(`lstmLayer: ${x.shape[0]} input rows are not a whole number of steps of batch ${B}`);
  const K = Math.max(1, Math.floor(stepsPerChunk ?? chunkSteps(B, H)));
  const chunkOf = (t: number): number => Math.floor(t / K);
  const chunkRange = (ci: number): [number, number] => [ci * K, Math.min(T, (ci + 1) * K)];
  const chunks = Math.ceil(T / K);
  const { path } = lstmChoice(plan, { batch: B, hidden: H, inference: false, masked: masks !== null, fromInputs: true });
  if (path === 'native-chunks') return unpackLstmOutput(nativeChunkOp(x, w, h0, c0, masks, reverse, K), reverse);
  const maskSteps = masks ? (tf.unstack(masks) as tf.Tensor2D[]) : null;
  const fused = path === 'fused-steps';

  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, wx, bias, hInit, cInit, wh, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const rows = (ci: number): tf.Tensor2D => {
      const [from, to] = chunkRange(ci);
      return tf.slice(xIn, [from * B, 0], [(to - from) * B, E]);
    };
    // The projection of the chunk being processed, made when the steps reach it.
    let current = -1;
    let projected: tf.Tensor2D[] = [];
    const zxAt = (t: number): tf.Tensor2D => {
      const ci = chunkOf(t);
      if (ci !== current) {
        tf.dispose(projected);
        projected = tf.tidy(() => tf.unstack(tf.reshape(tf.fused.matMul({ a: rows(ci), b: wx, bias }), [-1, B, 4 * H])) as tf.Tensor2D[]);
        current = ci;
      }
      return projected[t - ci * K];
    };
    const pass = lstmForwardPass(T, reverse, zxAt, hInit, cInit, wh, maskSteps, fused);
    tf.dispose(projected);
    const value = tf.concat([tf.stack(pass.hs), tf.expandDims(pass.c, 0)], 0) as tf.Tensor3D;
    save([...pass.hPrev, ...pass.cPrev, ...pass.acts, ...pass.tanhC, ...(maskSteps ?? []), xIn]);

    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const hPrev = saved.slice(0, T) as tf.Tensor2D[];
      const xSaved = saved[saved.length - 1] as tf.Tensor2D;
      let acc = zeroGrads(E, H);
      const dxChunks: tf.Tensor2D[] = new Array(chunks);
      const dz: tf.Tensor2D[] = new Array(T);
      const left = Array.from({ length: chunks }, (_, ci) => chunkRange(ci)[1] - chunkRange(ci)[0]);
      // A chunk's gate gradients, once all its steps are done, become its share of the weight gradients
      // and its rows of the input gradient; then they are freed.
      const flush = (ci: number): void => {
        const [from, to] = chunkRange(ci);
        const n = to - from;
        const [dzc, hp, xs] = tf.tidy(() => [
          tf.reshape(tf.stack(dz.slice(from, to)), [n * B, 4 * H]) as tf.Tensor2D,
          tf.reshape(tf.stack(hPrev.slice(from, to)), [n * B, H]) as tf.Tensor2D,
          tf.slice(xSaved, [from * B, 0], [n * B, E]),
        ]);
        tf.dispose([...dz.slice(from, to), ...hPrev.slice(from, to)]);
        const next = chunkGradients(acc, dzc, hp, xs, wx);
        tf.dispose([dzc, hp, xs]);
        acc = next;
        dxChunks[ci] = next.dx;
      };
      const { dh, dc } = lstmBackwardPass(dy, saved, wh, reverse, maskSteps !== null, fused, (t, g) => {
        dz[t] = g;
        const ci = chunkOf(t);
        if (--left[ci] === 0) flush(ci);
      });
      const dx = tf.concat(dxChunks, 0);
      tf.dispose([...dxChunks, xSaved]);
      return [dx, acc.dWx, acc.dBias, dh, dc, acc.dWh];
    };
    return { value, gradFunc };
  });
  return unpackLstmOutput(op(x, w.kernel, w.bias, h0, c0, w.recurrent) as tf.Tensor3D, reverse);
}

/**
 * `lstmLayer`'s op on the native chunk kernels: per chunk of K steps, its input projection, then one
 * kernel for its steps; backwards one kernel per chunk, then the chunk's weight gradients. Same output
 * and gradients as the step-by-step op (tests compare them).
 */
function nativeChunkOp(x: tf.Tensor2D, w: RnnWeights, h0: tf.Tensor2D, c0: tf.Tensor2D, masks: tf.Tensor3D | null, reverse: boolean, K: number): tf.Tensor3D {
  const [B, H] = h0.shape;
  const E = x.shape[1];
  const T = x.shape[0] / B;
  const chunks = Math.ceil(T / K);
  const range = (ci: number): [number, number] => [ci * K, Math.min(T, (ci + 1) * K)];
  // Chunks in processing order: the recurrence runs backwards in time when reversed.
  const order = Array.from({ length: chunks }, (_, i) => (reverse ? chunks - 1 - i : i));
  const engine = tf.engine();
  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, wx, bias, hInit, cInit, wh, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const hs: tf.Tensor[] = new Array(chunks);
    const kept: tf.Tensor[][] = Array.from({ length: chunks }, () => []);
    let h = hInit;
    let c = cInit;
    for (const ci of order) {
      const [from, to] = range(ci);
      const n = to - from;
      const zx = tf.tidy(() => tf.fused.matMul({ a: tf.slice(xIn, [from * B, 0], [n * B, E]), b: wx, bias }));
      const m = masks ? tf.slice(masks, [from, 0, 0], [n, B, 1]) : null;
      const [hsc, hPrev, cPrev, act, tc, hLast, cLast] = engine.runKernel(LSTM_SEQUENCE_FORWARD, { zx, wh, h0: h, c0: c, ...(m ? { masks: m } : {}) }, { reverse }) as tf.Tensor[];
      zx.dispose();
      if (h !== hInit) tf.dispose([h, c]);
      h = hLast as tf.Tensor2D;
      c = cLast as tf.Tensor2D;
      hs[ci] = hsc;
      kept[ci] = [hPrev, cPrev, act, tc, ...(m ? [m] : [])];
    }
    const value = tf.concat([...hs, tf.expandDims(c, 0)], 0) as tf.Tensor3D;
    // Saved per chunk, in chunk order: hPrev, cPrev, act, tc (and the masks), then the inputs.
    save([...kept.flat(), xIn]);

    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const per = masks ? 5 : 4;
      const xSaved = saved[saved.length - 1] as tf.Tensor2D;
      let acc = zeroGrads(E, H);
      const dxChunks: tf.Tensor2D[] = new Array(chunks);
      let dh: tf.Tensor2D = tf.zeros([B, H]);
      let dc = tf.tidy(() => tf.reshape(tf.slice(dy, [T, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D);
      for (const ci of [...order].reverse()) {
        const [from, to] = range(ci);
        const n = to - from;
        const [hPrev, cPrev, act, tc, m] = saved.slice(ci * per, (ci + 1) * per);
        const dOut = tf.slice(dy, [from, 0, 0], [n, B, H]);
        const [dz, dhIn, dcIn] = engine.runKernel(LSTM_SEQUENCE_BACKWARD, { dOut, wh, act, tc, cPrev, dh, dc, ...(m ? { masks: m } : {}) }, { reverse }) as tf.Tensor[];
        // Each chunk's saved tensors are freed once used (the engine would keep them to the end of the backward pass).
        tf.dispose([dOut, dh, dc, act, tc, cPrev, ...(m ? [m] : [])]);
        dh = dhIn as tf.Tensor2D;
        dc = dcIn as tf.Tensor2D;
        const [dzc, hp, xs] = tf.tidy(() => [
          tf.reshape(dz, [n * B, 4 * H]) as tf.Tensor2D, tf.reshape(hPrev, [n * B, H]) as tf.Tensor2D, tf.slice(xSaved, [from * B, 0], [n * B, E]),
        ]);
        tf.dispose([dz, hPrev]);
        const next = chunkGradients(acc, dzc, hp, xs, wx);
        tf.dispose([dzc, hp, xs]);
        acc = next;
        dxChunks[ci] = next.dx;
      }
      const dx = tf.concat(dxChunks, 0);
      tf.dispose([...dxChunks, xSaved]);
      return [dx, acc.dWx, acc.dBias, dh, dc, acc.dWh];
    };
    return { value, gradFunc };
  });
  return op(x, w.kernel, w.bias, h0, c0, w.recurrent) as tf.Tensor3D;
}

/**
 * A recurrent layer from its inputs [T * B, E] (time-major): LSTM layers the plan runs chunked take
 * `lstmLayer`; the rest (GRU, one-sentence decoding, the reference's step cell under autodiff) project the
 * inputs for all steps first and take `runLayer`.
 */
export function runLayerOnInputs(
  cell: CellType, w: RnnWeights, x: tf.Tensor2D, init: RnnState, masks: tf.Tensor3D | null, reverse: boolean, inference = false,
  plan: ExecutionPlan = AUTO_PLAN,
): LayerResult {
  const [B, H] = init.h.shape;
  if (cell === 'lstm' && init.c && lstmChoice(plan, { batch: B, hidden: H, inference, masked: masks !== null, fromInputs: true }).chunked) {
    return lstmLayer(x, w, init.h, init.c, masks, reverse, undefined, plan);
  }
  const gates = reshape<tf.Rank.R3>(projectInputs(x, w), [x.shape[0] / B, B, -1]);
  return runLayer(cell, w, gates, init, masks, reverse, inference, plan);
}
