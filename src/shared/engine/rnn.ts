/**
 * LSTM and GRU cells written in low-level ops with fused gate matrices: per time step exactly one
 * `matMul(h, recurrentKernel)` (weights as the right operand, which XNNPACK caches), the input side being
 * projected for all time steps at once by the caller. Padding is handled by masks: a padded step carries
 * the state forward unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { AUTO_PLAN, fusedCell, gruPath, lstmChoice, type ExecutionPlan } from './executionPlan';
import { LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from './kernels';
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

/**
 * x [N, in] -> x·kernel + bias [N, G*H], as one fused kernel (the unbiased product never exists), with
 * its own gradient: tfjs's fused matMul keeps its output for the backward pass (for the activation's
 * derivative, even with none), and MatMul + Add would keep the product; this keeps only x and the
 * kernel. The [N, G*H] projection is then freed once the recurrent layer has read it: 15 MB less live
 * during the backward pass for the book model's encoder at batch 128, 5.5 MB for its decoder.
 */
export function projectInputs(x: tf.Tensor2D, w: RnnWeights): tf.Tensor2D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, kernel, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([xIn, kernel]);
    return {
      value: tf.fused.matMul({ a: xIn, b: kernel, bias }) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
        const [xs, k] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy, k, false, true), tf.matMul(xs, dy, true, false), tf.sum(dy, 0)];
      },
    };
  });
  return op(x, w.kernel, w.bias) as tf.Tensor2D;
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

/** Runs a whole layer: [T, B, H] outputs (time order) and the final state. */
export interface LayerResult {
  outputs: tf.Tensor3D;
  final: RnnState;
}

/**
 * A layer over a whole sequence, by the implementation the plan chooses (executionPlan.ts): for LSTM the
 * one-sentence JS loop or the sequence op below (hand-written backward pass), for GRU `gruSequence`;
 * the reference plan runs the step cell under autodiff.
 * @param gatesIn [T, B, G*H] input projections for all steps
 * @param masks [T, B, 1] (1 = real token) or null
 */
export function runLayer(
  cell: CellType, w: RnnWeights, gatesIn: tf.Tensor3D, init: RnnState, masks: tf.Tensor3D | null, reverse: boolean,
  inference = false, plan: ExecutionPlan = AUTO_PLAN,
): LayerResult {
  if (cell === 'lstm') {
    if (!init.c) throw new Error('LSTM state needs a cell state');
    const { path } = lstmChoice(plan, { batch: gatesIn.shape[1], hidden: init.h.shape[1], inference, masked: masks !== null, fromInputs: false });
    if (path === 'one-sentence') return lstmSequenceOneSentence(gatesIn, init.h, init.c, w.recurrent, reverse);
    if (path !== 'step-autodiff') return lstmSequence(gatesIn, init.h, init.c, w.recurrent, masks, reverse, path === 'fused-steps');
  } else if (gruPath(plan) === 'gru-sequence') {
    return gruSequence(gatesIn, init.h, w.recurrent, masks, reverse);
  }
  const r = runSequence(cell, w, tf.unstack(gatesIn) as tf.Tensor2D[], init, masks ? tf.unstack(masks) as tf.Tensor2D[] : null, reverse);
  return { outputs: tf.stack(r.outputs) as tf.Tensor3D, final: r.final };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Inference only (no gradient): an LSTM layer over ONE sentence in plain JS on typed arrays. Decoding a
 * selection runs the encoder with batch 1, where each step's ~11 kernel calls cost far more than the
 * arithmetic (hidden 64: a [1, 64] x [64, 256] product); here a step is one loop nest (~20 µs at hidden
 * 64 against ~80 µs). Same maths and gate order (i, f, o, g) as `lstmSequence`; float64 inside, so the
 * results differ from the float32 kernels by rounding only (tests compare both).
 * @param x [T, 1, 4H] input projections; h0, c0 [1, H]; wh [H, 4H]
 * @returns outputs [T, 1, H] (time order) and the final state
 */
export function lstmSequenceOneSentence(x: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, wh: tf.Tensor2D, reverse: boolean): LayerResult {
  const [T, B, G] = x.shape;
  const H = h0.shape[1];
  if (B !== 1 || G !== 4 * H) throw new Error(`lstmSequenceOneSentence needs [T, 1, 4H] inputs (got [${x.shape.join(', ')}], hidden ${H})`);
  const xs = x.dataSync() as Float32Array;
  const W = wh.dataSync() as Float32Array;
  const h = Float64Array.from(h0.dataSync() as Float32Array);
  const c = Float64Array.from(c0.dataSync() as Float32Array);
  const z = new Float64Array(G);
  const out = new Float32Array(T * H);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    for (let j = 0; j < G; j++) z[j] = xs[t * G + j];
    for (let i = 0; i < H; i++) {
      const hi = h[i];
      if (hi === 0) continue;
      const row = i * G;
      for (let j = 0; j < G; j++) z[j] += hi * W[row + j];
    }
    for (let j = 0; j < H; j++) {
      const ig = sigmoid(z[j]);
      const fg = sigmoid(z[H + j]);
      const og = sigmoid(z[2 * H + j]);
      const gg = Math.tanh(z[3 * H + j]);
      c[j] = fg * c[j] + ig * gg;
      h[j] = og * Math.tanh(c[j]);
      out[t * H + j] = h[j];
    }
  }
  return {
    outputs: tf.tensor3d(out, [T, 1, H]),
    final: { h: tf.tensor2d(Float32Array.from(h), [1, H]), c: tf.tensor2d(Float32Array.from(c), [1, H]) },
  };
}

/** One LSTM step's element-wise work (gate order i, f, o, g): z [B, 4H] and c [B, H] -> act, tc, h, c'. */
interface CellForward {
  /** [B, 4H]: σ(i), σ(f), σ(o), tanh(g). */
  act: tf.Tensor2D;
  /** [B, H]: tanh(c'). */
  tc: tf.Tensor2D;
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

export function lstmCellForwardOps(z: tf.Tensor2D, c: tf.Tensor2D): CellForward {
  const H = c.shape[1];
  const [zIfo, zG] = tf.split(z, [3 * H, H], 1);
  const s = tf.sigmoid(zIfo) as tf.Tensor2D;
  const g = tf.tanh(zG) as tf.Tensor2D;
  const [i, f, o] = tf.split(s, 3, 1) as tf.Tensor2D[];
  const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
  const tc = tf.tanh(cNew) as tf.Tensor2D;
  return { act: tf.concat([s, g], 1) as tf.Tensor2D, tc, h: tf.mul(o, tc) as tf.Tensor2D, c: cNew };
}

export function lstmCellForwardKernel(z: tf.Tensor2D, c: tf.Tensor2D): CellForward {
  const [act, tc, h, cNew] = tf.engine().runKernel(LSTM_CELL_FORWARD, { z, c }, {}) as tf.Tensor2D[];
  return { act, tc, h, c: cNew };
}

/** The step's backward: dh, dc (after masking) -> dz [B, 4H] and the cell gradient through the forget gate. */
export function lstmCellBackwardOps(dh: tf.Tensor2D, dc: tf.Tensor2D, act: tf.Tensor2D, tc: tf.Tensor2D, c: tf.Tensor2D): { dz: tf.Tensor2D; dcPrev: tf.Tensor2D } {
  const H = c.shape[1];
  const [i, f, o, g] = tf.split(act, 4, 1) as tf.Tensor2D[];
  const s = tf.slice(act, [0, 0], [-1, 3 * H]);
  const dO = tf.mul(dh, tc);
  const dcTot = tf.add(dc, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc))));
  const dzIfo = tf.mul(tf.concat([tf.mul(dcTot, g), tf.mul(dcTot, c), dO], 1), tf.mul(s, tf.sub(1, s)));
  const dzG = tf.mul(tf.mul(dcTot, i), tf.sub(1, tf.square(g)));
  return { dz: tf.concat([dzIfo, dzG], 1) as tf.Tensor2D, dcPrev: tf.mul(dcTot, f) as tf.Tensor2D };
}

export function lstmCellBackwardKernel(dh: tf.Tensor2D, dc: tf.Tensor2D, act: tf.Tensor2D, tc: tf.Tensor2D, c: tf.Tensor2D): { dz: tf.Tensor2D; dcPrev: tf.Tensor2D } {
  const [dz, dcPrev] = tf.engine().runKernel(LSTM_CELL_BACKWARD, { dh, dc, act, tc, c }, {}) as tf.Tensor2D[];
  return { dz, dcPrev };
}

/** What one LSTM step keeps for its backward pass: the gate activations, tanh(c') and the cell state before it. */
interface LstmStepSaved {
  act: tf.Tensor2D;
  tc: tf.Tensor2D;
  cPrev: tf.Tensor2D;
}

/**
 * One forward step of the sequence ops: z = zx + h·Wh, the cell, and the padding mask (padded rows keep
 * their state). In its own tidy: only what the backward pass reads and the new state outlive the step,
 * not every temporary of every step until the op ends (~4x less peak memory; the wasm heap never shrinks).
 */
function lstmForwardStep(zx: tf.Tensor2D, hIn: tf.Tensor2D, cIn: tf.Tensor2D, wh: tf.Tensor2D, mask: tf.Tensor2D | null, fused: boolean):
  { act: tf.Tensor2D; tc: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
  return tf.tidy(() => {
    const z = tf.add(zx, tf.matMul(hIn, wh)) as tf.Tensor2D;
    const cell = fused ? lstmCellForwardKernel(z, cIn) : lstmCellForwardOps(z, cIn);
    let h = cell.h;
    let c = cell.c;
    if (mask) {
      h = tf.add(hIn, tf.mul(mask, tf.sub(h, hIn)));
      c = tf.add(cIn, tf.mul(mask, tf.sub(c, cIn)));
    }
    return { act: cell.act, tc: cell.tc, h, c };
  });
}

/**
 * One backward step: the carried dh, dc (disposed here) plus this step's output gradient -> the gate
 * gradient dz [B, 4H] and the dh, dc carried to the step before. Padded rows pass dh, dc through.
 * In its own tidy: only dz and the carried gradients survive it.
 */
function lstmBackwardStep(dhIn: tf.Tensor2D, dcIn: tf.Tensor2D, dOut: tf.Tensor2D, saved: LstmStepSaved, mask: tf.Tensor2D | null,
  whT: tf.Tensor2D, fused: boolean): { dz: tf.Tensor2D; dh: tf.Tensor2D; dc: tf.Tensor2D } {
  const r = tf.tidy(() => {
    let dh = tf.add(dhIn, dOut) as tf.Tensor2D;
    let dc = dcIn;
    let dhCarry: tf.Tensor2D | null = null;
    let dcCarry: tf.Tensor2D | null = null;
    if (mask) {
      const dhStep = tf.mul(mask, dh) as tf.Tensor2D;
      const dcStep = tf.mul(mask, dc) as tf.Tensor2D;
      dhCarry = tf.sub(dh, dhStep) as tf.Tensor2D;
      dcCarry = tf.sub(dc, dcStep) as tf.Tensor2D;
      dh = dhStep;
      dc = dcStep;
    }
    const cell = fused
      ? lstmCellBackwardKernel(dh, dc, saved.act, saved.tc, saved.cPrev)
      : lstmCellBackwardOps(dh, dc, saved.act, saved.tc, saved.cPrev);
    let dhNext = tf.matMul(cell.dz, whT) as tf.Tensor2D;
    let dcNext = cell.dcPrev;
    if (dhCarry && dcCarry) {
      dhNext = tf.add(dhNext, dhCarry);
      dcNext = tf.add(dcNext, dcCarry);
    }
    return { dz: cell.dz, dh: dhNext, dc: dcNext };
  });
  dhIn.dispose();
  dcIn.dispose();
  return r;
}

/** The forward pass of an LSTM sequence op: outputs per step and what the backward pass reads. */
export interface LstmForwardPass {
  hs: tf.Tensor2D[];
  hPrev: tf.Tensor2D[];
  cPrev: tf.Tensor2D[];
  acts: tf.Tensor2D[];
  tanhC: tf.Tensor2D[];
  /** Final state (after the last step processed). */
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

/** Runs the steps t = 0 .. T-1 (reversed: T-1 .. 0); `zxAt(t)` gives step t's input projection [B, 4H]. */
export function lstmForwardPass(T: number, reverse: boolean, zxAt: (t: number) => tf.Tensor2D, h0: tf.Tensor2D, c0: tf.Tensor2D,
  wh: tf.Tensor2D, maskSteps: tf.Tensor2D[] | null, fused: boolean): LstmForwardPass {
  const pass: LstmForwardPass = { hs: new Array(T), hPrev: new Array(T), cPrev: new Array(T), acts: new Array(T), tanhC: new Array(T), h: h0, c: c0 };
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    pass.hPrev[t] = pass.h;
    pass.cPrev[t] = pass.c;
    const r = lstmForwardStep(zxAt(t), pass.h, pass.c, wh, maskSteps ? maskSteps[t] : null, fused);
    pass.acts[t] = r.act;
    pass.tanhC[t] = r.tc;
    pass.h = r.h;
    pass.c = r.c;
    pass.hs[t] = r.h;
  }
  return pass;
}

/**
 * The backward pass of an LSTM sequence op, from the gradient of its packed output [T + 1, B, H] and
 * the saved tensors [hPrev, cPrev, acts, tanhC, masks?] (T each, as `save`d). `onDz(t, dz)` receives
 * each step's gate gradient, backwards through the processing order. Each step's saved tensors are freed
 * once used: they are the op's own clones, which the engine would otherwise keep until the whole
 * backward pass ends (the decoder's would still fill the heap during the encoder's; the engine's own
 * dispose later is a no-op). hPrev is left to the caller (it usually needs it for the weight gradient).
 * @returns the gradients of the initial state
 */
export function lstmBackwardPass(dy: tf.Tensor3D, saved: tf.Tensor[], wh: tf.Tensor2D, reverse: boolean, masked: boolean, fused: boolean,
  onDz: (t: number, dz: tf.Tensor2D) => void): { dh: tf.Tensor2D; dc: tf.Tensor2D } {
  const [T1, B, H] = dy.shape;
  const T = T1 - 1;
  const part = (n: number): tf.Tensor2D[] => saved.slice(n * T, (n + 1) * T) as tf.Tensor2D[];
  const [cPrev, acts, tanhC] = [part(1), part(2), part(3)];
  const masks = masked ? part(4) : null;
  const dOut = tf.unstack(tf.slice(dy, [0, 0, 0], [T, B, H])) as tf.Tensor2D[];
  let dh: tf.Tensor2D = tf.zeros([B, H]);
  let dc: tf.Tensor2D = tf.reshape(tf.slice(dy, [T, 0, 0], [1, B, H]), [B, H]);
  const whT = tf.transpose(wh);
  for (let k = 0; k < T; k++) {
    // Only dz_t and the carried dh, dc survive a step: the backward pass holds O(T) gradients, not every
    // temporary of every step (the wasm heap keeps its peak).
    const t = reverse ? k : T - 1 - k;
    const r = lstmBackwardStep(dh, dc, dOut[t], { act: acts[t], tc: tanhC[t], cPrev: cPrev[t] }, masks ? masks[t] : null, whT, fused);
    dh = r.dh;
    dc = r.dc;
    tf.dispose([acts[t], tanhC[t], cPrev[t], dOut[t], ...(masks ? [masks[t]] : [])]);
    onDz(t, r.dz);
  }
  whT.dispose();
  return { dh, dc };
}

/**
 * An LSTM layer over a whole sequence as ONE differentiable op with a hand-written backward pass
 * (backpropagation through time). Autodiff of the step loop records ~35 kernels per step backwards and
 * one small weight-gradient matmul per step; here the backward step is ~20 kernels (~5 on wasm with the
 * fused cell kernels) and the recurrent weight gradient is a single [H, T*B] x [T*B, 4H] matmul. Same maths as `cellStep` (the gradient
 * check tests both).
 * @param x [T, B, 4H] input projections (x·kernel + bias), gate order i, f, o, g
 * @param h0 [B, H], c0 [B, H] initial state
 * @param wh [H, 4H] recurrent kernel
 * @param masks [T, B, 1] or null; padded steps carry the state unchanged
 * @param reverse process t = T-1 .. 0
 * @param fused the cell's element-wise work as the fused kernels (kernels/lstmCell.ts) or composed tfjs
 * ops with the same inputs and outputs (the plan's `fusedCell` decides)
 * @returns outputs [T, B, H] (h after each step, in time order) and the final state
 */
export function lstmSequence(
  x: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, wh: tf.Tensor2D, masks: tf.Tensor3D | null, reverse: boolean,
  fused = fusedCell(x.shape[1], h0.shape[1]),
): LayerResult {
  const [T, B] = x.shape;
  const H = h0.shape[1];
  const maskSteps = masks ? (tf.unstack(masks) as tf.Tensor2D[]) : null;
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, hInit, cInit, w, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const steps = tf.unstack(xs) as tf.Tensor2D[];
    const pass = lstmForwardPass(T, reverse, t => steps[t], hInit, cInit, w, maskSteps, fused);
    // One output: rows 0..T-1 are the outputs, row T the final cell state.
    const value = tf.concat([tf.stack(pass.hs), tf.expandDims(pass.c, 0)], 0) as tf.Tensor3D;
    // Everything the backward pass reads goes through `save`: the forward runs in a tidy whose other
    // tensors (the masks included) are gone by the time gradients are computed.
    save([...pass.hPrev, ...pass.cPrev, ...pass.acts, ...pass.tanhC, ...(maskSteps ?? [])]);
    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const dz: tf.Tensor2D[] = new Array(T);
      const { dh, dc } = lstmBackwardPass(dy, saved, w, reverse, maskSteps !== null, fused, (t, g) => { dz[t] = g; });
      const dx = tf.stack(dz);
      tf.dispose(dz);
      const hPrev = saved.slice(0, T);
      const dW = tf.matMul(tf.reshape(tf.stack(hPrev), [T * B, H]), tf.reshape(dx, [T * B, 4 * H]), true, false);
      tf.dispose(hPrev);
      return [dx, dh, dc, dW];
    };
    return { value, gradFunc };
  });
  return unpackLstmOutput(op(x, h0, c0, wh) as tf.Tensor3D, reverse);
}

/**
 * The LSTM sequence ops' one output [T + 1, B, H] (h after each step in time order, then the final
 * cell state) as a layer result; the final h is the last step processed.
 */
export function unpackLstmOutput(packed: tf.Tensor3D, reverse: boolean): LayerResult {
  const [T1, B, H] = packed.shape;
  const T = T1 - 1;
  const outputs = tf.slice(packed, [0, 0, 0], [T, B, H]) as tf.Tensor3D;
  const hFinal = tf.reshape(tf.slice(packed, [reverse ? 0 : T - 1, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  const cFinal = tf.reshape(tf.slice(packed, [T, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  return { outputs, final: { h: hFinal, c: cFinal } };
}

/**
 * A GRU layer over a whole sequence as one differentiable op with a hand-written backward pass (see
 * lstmSequence). "Reset after" form, gate order z, r, n, as `cellStep`.
 * @param x [T, B, 3H] input projections; h0 [B, H]; wh [H, 3H]; masks [T, B, 1] or null
 * @returns outputs [T, B, H] in time order and the final state (c null)
 */
export function gruSequence(x: tf.Tensor3D, h0: tf.Tensor2D, wh: tf.Tensor2D, masks: tf.Tensor3D | null, reverse: boolean): LayerResult {
  const [T, B] = x.shape;
  const H = h0.shape[1];
  const maskSteps = masks ? (tf.unstack(masks) as tf.Tensor2D[]) : null;
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, hInit, w, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const steps = tf.unstack(xs) as tf.Tensor2D[];
    const hs: tf.Tensor2D[] = new Array(T);
    const hPrev: tf.Tensor2D[] = new Array(T);
    const zrs: tf.Tensor2D[] = new Array(T);
    const ns: tf.Tensor2D[] = new Array(T);
    const hNs: tf.Tensor2D[] = new Array(T);
    let h = hInit;
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      hPrev[t] = h;
      const hIn = h;
      // One tidy per step, as in lstmSequence: only what the backward pass reads and the new state
      // outlive the step (the wasm heap never shrinks, so peaks are what count).
      const step = tf.tidy(() => {
        const [xZr, xN] = tf.split(steps[t], [2 * H, H], 1);
        const [hZr, hN] = tf.split(tf.matMul(hIn, w), [2 * H, H], 1) as tf.Tensor2D[];
        const zr = tf.sigmoid(tf.add(xZr, hZr)) as tf.Tensor2D;
        const [z, r] = tf.split(zr, 2, 1);
        const n = tf.tanh(tf.add(xN, tf.mul(r, hN))) as tf.Tensor2D;
        let hNew = tf.add(n, tf.mul(z, tf.sub(hIn, n))) as tf.Tensor2D;
        if (maskSteps) hNew = tf.add(hIn, tf.mul(maskSteps[t], tf.sub(hNew, hIn)));
        return { zr, n, hN, h: hNew };
      });
      zrs[t] = step.zr;
      ns[t] = step.n;
      hNs[t] = step.hN;
      h = step.h;
      hs[t] = h;
    }
    save([...hPrev, ...zrs, ...ns, ...hNs, ...(maskSteps ?? [])]);
    const value = tf.stack(hs) as tf.Tensor3D;
    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const part = (n: number): tf.Tensor2D[] => saved.slice(n * T, (n + 1) * T) as tf.Tensor2D[];
      const [hPrev, zrs, ns, hNs] = [part(0), part(1), part(2), part(3)];
      const savedMasks = maskSteps ? part(4) : null;
      const dOut = tf.unstack(dy) as tf.Tensor2D[];
      const whT = tf.transpose(w);
      let dh: tf.Tensor2D = tf.zeros([B, H]);
      const dxs: tf.Tensor2D[] = new Array(T);
      const dhus: tf.Tensor2D[] = new Array(T);
      for (let k = 0; k < T; k++) {
        // Each step in its own tidy (see lstmSequence): only dx_t, dhu_t and the carried dh survive it.
        const t = reverse ? k : T - 1 - k;
        const prevDh = dh;
        const step = tf.tidy(() => {
          let dhT = tf.add(prevDh, dOut[t]) as tf.Tensor2D;
          let dhCarry: tf.Tensor2D | null = null;
          if (savedMasks) {
            const dhStep = tf.mul(savedMasks[t], dhT) as tf.Tensor2D;
            dhCarry = tf.sub(dhT, dhStep) as tf.Tensor2D;
            dhT = dhStep;
          }
          const zr = zrs[t];
          const [z, r] = tf.split(zr, 2, 1);
          const n = ns[t];
          // h' = n + z (h - n)
          const dn = tf.mul(dhT, tf.sub(1, z));
          const dz = tf.mul(dhT, tf.sub(hPrev[t], n));
          const dPreN = tf.mul(dn, tf.sub(1, tf.square(n)));
          const dr = tf.mul(dPreN, hNs[t]);
          const dhN = tf.mul(dPreN, r);
          const dPreZr = tf.mul(tf.concat([dz, dr], 1), tf.mul(zr, tf.sub(1, zr)));
          const dhu = tf.concat([dPreZr, dhN], 1) as tf.Tensor2D;
          let dhNext = tf.add(tf.mul(dhT, z), tf.matMul(dhu, whT)) as tf.Tensor2D;
          if (dhCarry) dhNext = tf.add(dhNext, dhCarry) as tf.Tensor2D;
          return { dx: tf.concat([dPreZr, dPreN], 1) as tf.Tensor2D, dhu, dh: dhNext };
        });
        dxs[t] = step.dx;
        dhus[t] = step.dhu;
        dh = step.dh;
        prevDh.dispose();
      }
      const dx = tf.stack(dxs);
      tf.dispose(dxs);
      const dW = tf.matMul(tf.reshape(tf.stack(hPrev), [T * B, H]), tf.reshape(tf.stack(dhus), [T * B, 3 * H]), true, false);
      tf.dispose(dhus);
      return [dx, dh, dW];
    };
    return { value, gradFunc };
  });
  const outputs = op(x, h0, wh) as tf.Tensor3D;
  const hFinal = tf.reshape(tf.slice(outputs, [reverse ? 0 : T - 1, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  return { outputs, final: { h: hFinal, c: null } };
}
