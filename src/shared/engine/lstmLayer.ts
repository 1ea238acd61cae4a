/**
 * An LSTM layer together with its input projection, as one differentiable op that works through the
 * sequence in chunks of time steps. Same maths as `projectInputs` followed by `lstmSequence`; what
 * differs is memory. Those two materialise the [T, B, 4H] projection, and in the backward pass its
 * gradient: 15 MB each for the book model's encoder at batch 128, allocated as single blocks in the
 * middle of a step. The wasm heap never shrinks and such blocks fragment it (a training step's live
 * peak of ~120 MB left a 207 MB heap). Here the projection is made for one chunk of steps at a time
 * (at most ~4 MB), and the backward pass turns each chunk's gate gradients into the weight gradients
 * and the input gradient right away, so no tensor the size of the whole sequence's gates ever exists.
 */
import * as tf from '@tensorflow/tfjs';
import { reshape } from './leanReshape';
import {
  fusedOpsEnabled, lstmBackwardPass, lstmForwardPass, projectInputs, runLayer, unpackLstmOutput, useFusedLstmCell, type LayerResult, type RnnState, type RnnWeights,
} from './rnn';
import type { CellType } from './types';

/** Largest chunk of gate pre-activations, in bytes ([steps * B, 4H] float32). */
const CHUNK_BYTES = 4 * 2 ** 20;

/** Time steps per chunk for a [B, H] cell (the whole sequence for small cells). */
export function chunkSteps(batch: number, hidden: number): number {
  return Math.max(1, Math.floor(CHUNK_BYTES / (batch * 4 * hidden * 4)));
}

/**
 * @param x [T * B, E] time-major layer inputs (row t * B + b)
 * @param w the layer's kernel [E, 4H], recurrent kernel [H, 4H] and bias [4H]
 * @param h0 [B, H], c0 [B, H] initial state
 * @param masks [T, B, 1] or null; padded steps carry the state unchanged
 * @param reverse process t = T-1 .. 0
 * @param stepsPerChunk tests only (default `chunkSteps`)
 * @returns outputs [T, B, H] (h after each step, in time order) and the final state
 */
export function lstmLayer(
  x: tf.Tensor2D, w: RnnWeights, h0: tf.Tensor2D, c0: tf.Tensor2D, masks: tf.Tensor3D | null, reverse: boolean,
  stepsPerChunk?: number,
): LayerResult {
  const [B, H] = h0.shape;
  const E = x.shape[1];
  const T = x.shape[0] / B;
  if (!Number.isInteger(T) || T < 1) throw new Error(`lstmLayer: ${x.shape[0]} input rows are not a whole number of steps of batch ${B}`);
  const K = Math.max(1, Math.floor(stepsPerChunk ?? chunkSteps(B, H)));
  const chunkOf = (t: number): number => Math.floor(t / K);
  const chunkRange = (ci: number): [number, number] => [ci * K, Math.min(T, (ci + 1) * K)];
  const chunks = Math.ceil(T / K);
  const maskSteps = masks ? (tf.unstack(masks) as tf.Tensor2D[]) : null;
  const fused = useFusedLstmCell(B, H);

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
      let dWx: tf.Tensor2D = tf.zeros([E, 4 * H]);
      let dWh: tf.Tensor2D = tf.zeros([H, 4 * H]);
      let dBias: tf.Tensor1D = tf.zeros([4 * H]);
      const dxChunks: tf.Tensor2D[] = new Array(chunks);
      const dz: tf.Tensor2D[] = new Array(T);
      const left = Array.from({ length: chunks }, (_, ci) => chunkRange(ci)[1] - chunkRange(ci)[0]);
      // A chunk's gate gradients, once all its steps are done, become its share of the weight gradients
      // and its rows of the input gradient; then they are freed.
      const flush = (ci: number): void => {
        const [from, to] = chunkRange(ci);
        const n = to - from;
        const next = tf.tidy(() => {
          const dzc = tf.reshape(tf.stack(dz.slice(from, to)), [n * B, 4 * H]) as tf.Tensor2D;
          const hp = tf.reshape(tf.stack(hPrev.slice(from, to)), [n * B, H]) as tf.Tensor2D;
          const xs = tf.slice(xSaved, [from * B, 0], [n * B, E]);
          return {
            dWx: tf.add(dWx, tf.matMul(xs, dzc, true, false)) as tf.Tensor2D,
            dWh: tf.add(dWh, tf.matMul(hp, dzc, true, false)) as tf.Tensor2D,
            dBias: tf.add(dBias, tf.sum(dzc, 0)) as tf.Tensor1D,
            dx: tf.matMul(dzc, wx, false, true) as tf.Tensor2D,
          };
        });
        tf.dispose([dWx, dWh, dBias, ...dz.slice(from, to), ...hPrev.slice(from, to)]);
        ({ dWx, dWh, dBias } = next);
        dxChunks[ci] = next.dx;
      };
      const { dh, dc } = lstmBackwardPass(dy, saved, wh, reverse, maskSteps !== null, fused, (t, g) => {
        dz[t] = g;
        const ci = chunkOf(t);
        if (--left[ci] === 0) flush(ci);
      });
      const dx = tf.concat(dxChunks, 0);
      tf.dispose([...dxChunks, xSaved]);
      return [dx, dWx, dBias, dh, dc, dWh];
    };
    return { value, gradFunc };
  });
  return unpackLstmOutput(op(x, w.kernel, w.bias, h0, c0, w.recurrent) as tf.Tensor3D, reverse);
}

/**
 * A recurrent layer from its inputs [T * B, E] (time-major): LSTM layers with the fused ops on take
 * `lstmLayer`; the rest (GRU, one-sentence decoding, the step cell under autodiff) project the inputs
 * for all steps first and take `runLayer`.
 */
export function runLayerOnInputs(
  cell: CellType, w: RnnWeights, x: tf.Tensor2D, init: RnnState, masks: tf.Tensor3D | null, reverse: boolean, inference = false,
): LayerResult {
  const B = init.h.shape[0];
  if (cell === 'lstm' && fusedOpsEnabled() && init.c && !(inference && B === 1)) return lstmLayer(x, w, init.h, init.c, masks, reverse);
  const gates = reshape<tf.Rank.R3>(projectInputs(x, w), [x.shape[0] / B, B, -1]);
  return runLayer(cell, w, gates, init, masks, reverse, inference);
}
