/**
 * LSTM and GRU cells written in low-level ops with fused gate matrices: per time step exactly one
 * `matMul(h, recurrentKernel)` (weights as the right operand, which XNNPACK caches), the input side being
 * projected for all time steps at once by the caller. Padding is handled by masks: a padded step carries
 * the state forward unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellType } from './types';

export interface RnnWeights {
  /** [in, G*H] */
  kernel: tf.Tensor2D;
  /** [H, G*H] */
  recurrent: tf.Tensor2D;
  /** [G*H] */
  bias: tf.Tensor1D;
}

/** h: [B, H]; c: [B, H] for LSTM, null for GRU. */
export interface RnnState {
  h: tf.Tensor2D;
  c: tf.Tensor2D | null;
}

/** x [N, in] -> x·kernel + bias [N, G*H]. */
export function projectInputs(x: tf.Tensor2D, w: RnnWeights): tf.Tensor2D {
  return tf.add(tf.matMul(x, w.kernel), w.bias);
}

/**
 * One step. `gatesIn` [B, G*H] is the input projection (x·kernel + bias, plus any extra inputs' share);
 * `mask` [B, 1] (1 = real token, 0 = padding) or null when every row is real.
 */
export function cellStep(cell: CellType, w: RnnWeights, gatesIn: tf.Tensor2D, state: RnnState, mask: tf.Tensor2D | null): RnnState {
  const H = state.h.shape[1];
  let next: RnnState;
  if (cell === 'lstm') {
    const z = tf.add(gatesIn, tf.matMul(state.h, w.recurrent));
    // Two splits (one kernel each, a concat in the backward pass) rather than four slices.
    const [zIfo, zG] = tf.split(z, [3 * H, H], 1);
    const g = tf.tanh(zG);
    const [i, f, o] = tf.split(tf.sigmoid(zIfo), 3, 1) as tf.Tensor2D[];
    if (!state.c) throw new Error('LSTM state needs a cell state');
    const c = tf.add(tf.mul(f, state.c), tf.mul(i, g));
    next = { h: tf.mul(o, tf.tanh(c)) as tf.Tensor2D, c: c as tf.Tensor2D };
  } else {
    // GRU, "reset after" form (as cuDNN / Keras v3): n = tanh(x_n + r * (h·U_n)).
    const [xZr, xN] = tf.split(gatesIn, [2 * H, H], 1);
    const [hZr, hN] = tf.split(tf.matMul(state.h, w.recurrent), [2 * H, H], 1);
    const [z, r] = tf.split(tf.sigmoid(tf.add(xZr, hZr)), 2, 1) as tf.Tensor2D[];
    const n = tf.tanh(tf.add(xN, tf.mul(r, hN)));
    next = { h: tf.add(n, tf.mul(z, tf.sub(state.h, n))), c: null };
  }
  if (!mask) return next;
  // Padded rows keep the previous state: s = s_old + m * (s_new - s_old).
  const keep = (oldS: tf.Tensor2D, newS: tf.Tensor2D): tf.Tensor2D => tf.add(oldS, tf.mul(mask, tf.sub(newS, oldS)));
  return { h: keep(state.h, next.h), c: next.c && state.c ? keep(state.c, next.c) : null };
}

export function zeroState(cell: CellType, batch: number, hidden: number): RnnState {
  return { h: tf.zeros([batch, hidden]), c: cell === 'lstm' ? tf.zeros([batch, hidden]) : null };
}

/**
 * Runs a layer over a whole sequence.
 * @param gatesIn per time step [B, G*H], in time order
 * @param masks per time step [B, 1] or null (no padding)
 * @param reverse process from the last step to the first (backward direction)
 * @returns outputs per time step in time order ([B, H] each) and the final state
 */
export function runSequence(
  cell: CellType, w: RnnWeights, gatesIn: tf.Tensor2D[], init: RnnState, masks: tf.Tensor2D[] | null, reverse: boolean,
): { outputs: tf.Tensor2D[]; final: RnnState } {
  const T = gatesIn.length;
  const outputs: tf.Tensor2D[] = new Array(T);
  let state = init;
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    state = cellStep(cell, w, gatesIn[t], state, masks ? masks[t] : null);
    outputs[t] = state.h;
  }
  return { outputs, final: state };
}
