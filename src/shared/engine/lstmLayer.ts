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
  fusedOpsEnabled, lstmCellBackwardKernel, lstmCellBackwardOps, lstmCellForwardKernel, lstmCellForwardOps, projectInputs, runLayer,
  useFusedLstmCell, type LayerResult, type RnnState, type RnnWeights,
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
    const hs: tf.Tensor2D[] = new Array(T);
    const hPrev: tf.Tensor2D[] = new Array(T);
    const cPrev: tf.Tensor2D[] = new Array(T);
    const acts: tf.Tensor2D[] = new Array(T);
    const tanhC: tf.Tensor2D[] = new Array(T);
    let h = hInit;
    let c = cInit;
    let current = -1;
    let projected: tf.Tensor2D[] = [];
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      const ci = chunkOf(t);
      if (ci !== current) {
        tf.dispose(projected);
        projected = tf.tidy(() => tf.unstack(tf.reshape(tf.fused.matMul({ a: rows(ci), b: wx, bias }), [-1, B, 4 * H])) as tf.Tensor2D[]);
        current = ci;
      }
      hPrev[t] = h;
      cPrev[t] = c;
      const hIn = h;
      const cIn = c;
      const zx = projected[t - ci * K];
      // One tidy per step (see lstmSequence): only what the backward pass reads and the new state survive.
      const r = tf.tidy(() => {
        const z = tf.add(zx, tf.matMul(hIn, wh)) as tf.Tensor2D;
        const cell = fused ? lstmCellForwardKernel(z, cIn) : lstmCellForwardOps(z, cIn);
        let hNew = cell.h;
        let cNew = cell.c;
        if (maskSteps) {
          const m = maskSteps[t];
          hNew = tf.add(hIn, tf.mul(m, tf.sub(hNew, hIn)));
          cNew = tf.add(cIn, tf.mul(m, tf.sub(cNew, cIn)));
        }
        return { act: cell.act, tc: cell.tc, h: hNew, c: cNew };
      });
      acts[t] = r.act;
      tanhC[t] = r.tc;
      h = r.h;
      c = r.c;
      hs[t] = h;
    }
    tf.dispose(projected);
    const value = tf.concat([tf.stack(hs), tf.expandDims(c, 0)], 0) as tf.Tensor3D;
    save([xIn, ...hPrev, ...cPrev, ...acts, ...tanhC, ...(maskSteps ?? [])]);

    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const xSaved = saved[0] as tf.Tensor2D;
      const part = (n: number): tf.Tensor2D[] => saved.slice(1 + n * T, 1 + (n + 1) * T) as tf.Tensor2D[];
      const [hPrev, cPrev, acts, tanhC] = [part(0), part(1), part(2), part(3)];
      const savedMasks = maskSteps ? part(4) : null;
      const dOut = tf.unstack(tf.slice(dy, [0, 0, 0], [T, B, H])) as tf.Tensor2D[];
      let dh: tf.Tensor2D = tf.zeros([B, H]);
      let dc: tf.Tensor2D = tf.reshape(tf.slice(dy, [T, 0, 0], [1, B, H]), [B, H]);
      const whT = tf.transpose(wh);
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
      for (let k = 0; k < T; k++) {
        // Backwards through the processing order, each step in its own tidy (see lstmSequence).
        const t = reverse ? k : T - 1 - k;
        const prevDh = dh;
        const prevDc = dc;
        const r = tf.tidy(() => {
          let dhT = tf.add(prevDh, dOut[t]) as tf.Tensor2D;
          let dcT = prevDc;
          let dhCarry: tf.Tensor2D | null = null;
          let dcCarry: tf.Tensor2D | null = null;
          if (savedMasks) {
            const m = savedMasks[t];
            const dhStep = tf.mul(m, dhT) as tf.Tensor2D;
            const dcStep = tf.mul(m, dcT) as tf.Tensor2D;
            dhCarry = tf.sub(dhT, dhStep) as tf.Tensor2D;
            dcCarry = tf.sub(dcT, dcStep) as tf.Tensor2D;
            dhT = dhStep;
            dcT = dcStep;
          }
          const cell = fused
            ? lstmCellBackwardKernel(dhT, dcT, acts[t], tanhC[t], cPrev[t])
            : lstmCellBackwardOps(dhT, dcT, acts[t], tanhC[t], cPrev[t]);
          let dhNext = tf.matMul(cell.dz, whT) as tf.Tensor2D;
          let dcNext = cell.dcPrev;
          if (dhCarry && dcCarry) {
            dhNext = tf.add(dhNext, dhCarry);
            dcNext = tf.add(dcNext, dcCarry);
          }
          return { dz: cell.dz, dh: dhNext, dc: dcNext };
        });
        dz[t] = r.dz;
        dh = r.dh;
        dc = r.dc;
        prevDh.dispose();
        prevDc.dispose();
        // The saved tensors are this op's own (clones the engine keeps until the whole backward pass
        // ends, then disposes again: a no-op); freeing them now keeps them off the heap's peak.
        tf.dispose([acts[t], tanhC[t], cPrev[t], dOut[t]]);
        const ci = chunkOf(t);
        if (--left[ci] === 0) flush(ci);
      }
      const dx = tf.concat(dxChunks, 0);
      tf.dispose([...dxChunks, xSaved, ...(savedMasks ?? [])]);
      return [dx, dWx, dBias, dh, dc, dWh];
    };
    return { value, gradFunc };
  });
  const packed = op(x, w.kernel, w.bias, h0, c0, w.recurrent) as tf.Tensor3D;
  const outputs = tf.slice(packed, [0, 0, 0], [T, B, H]) as tf.Tensor3D;
  const hFinal = tf.reshape(tf.slice(packed, [reverse ? 0 : T - 1, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  const cFinal = tf.reshape(tf.slice(packed, [T, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  return { outputs, final: { h: hFinal, c: cFinal } };
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
