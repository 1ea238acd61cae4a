/**
 * The teacher-forced Bahdanau decoder (one LSTM layer) over a whole target sequence as ONE
 * differentiable op with a hand-written backward pass. The query of step t is the previous decoder state,
 * so attention cannot be computed for all steps at once as for Luong; autodiff of the step loop then
 * records ~90 kernels per step plus four small weight-gradient matmuls. Here a step costs ~25 kernels
 * forwards and ~37 backwards (the LSTM cell's share of them is one fused kernel each way on wasm), and the gradients of W, v, context_kernel and the recurrent kernel are one
 * matmul each over all steps. Same maths as `decoderStep` (tests compare both, and finite differences).
 *
 * Per step: qW = h_{t-1}·W; a = tanh(k·U + qW); e = a·v (+ mask); α = softmax(e); ctx = Σ α k;
 * z = x_t + ctx·context_kernel + h_{t-1}·recurrent_kernel; LSTM gates [i, f, o, g] -> h_t, c_t.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedCell } from './executionPlan';
import { lstmCellBackwardKernel, lstmCellBackwardOps, lstmCellForwardKernel, lstmCellForwardOps } from './rnn';

export interface BahdanauInputs {
  /** [T, B, 4H] token gates (embedding·kernel + bias). */
  x: tf.Tensor3D;
  /** [B, S, H] encoder outputs (keys and values). */
  keys: tf.Tensor3D;
  /** [B, S, A] keys·U. */
  keysU: tf.Tensor3D;
  /** [H, A] query weights, [A, 1] score vector. */
  W: tf.Tensor2D;
  v: tf.Tensor2D;
  /** [H, 4H] context_kernel, [H, 4H] recurrent kernel. */
  contextKernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  /** [B, H] encoder final state. */
  h0: tf.Tensor2D;
  c0: tf.Tensor2D;
  /** [B, S] 0 / -1e9, or null without padding. */
  maskBias: tf.Tensor2D | null;
}

/** What one backward step leaves for the rest of the pass (a type literal: tf.tidy wants an indexable object). */
type BackwardStep = {
  dz: tf.Tensor2D;
  dctx: tf.Tensor2D;
  dE: tf.Tensor2D;
  dqW: tf.Tensor2D;
  dh: tf.Tensor2D;
  dc: tf.Tensor2D;
  dKeysU: tf.Tensor3D;
};

/**
 * @returns features [T, B, 2H] (= [h_t; ctx_t], the output layer's input, time-major) and the attention
 * weights [T, B, S]
 */
export function bahdanauSequence(p: BahdanauInputs): { features: tf.Tensor3D; weights: tf.Tensor3D } {
  const [T, B, G] = p.x.shape;
  const H = p.h0.shape[1];
  const [, S, A] = p.keysU.shape;
  if (G !== 4 * H) throw new Error(`bahdanauSequence: gates ${G} != 4 x hidden ${H} (LSTM only)`);
  const mask = p.maskBias;
  // The LSTM cell's element-wise work as in lstmSequence: fused wasm kernels for training-sized cells.
  const fused = fusedCell(B, H);
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, keys, keysU, W, v, wCtx, wh, hInit, cInit, save] =
      args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const steps = tf.unstack(xs) as tf.Tensor2D[];
    const q: tf.Tensor2D[] = [];
    const cPrev: tf.Tensor2D[] = [];
    const acts: tf.Tensor3D[] = [];
    const alphas: tf.Tensor2D[] = [];
    const ctxs: tf.Tensor2D[] = [];
    const gates: tf.Tensor2D[] = [];
    const tanhC: tf.Tensor2D[] = [];
    const rows: tf.Tensor2D[] = [];
    let h = hInit;
    let c = cInit;
    for (let t = 0; t < T; t++) {
      q.push(h);
      cPrev.push(c);
      const hIn = h;
      const cIn = c;
      // One tidy per step (as in lstmSequence): only what the backward pass reads, the new state and the
      // output row outlive the step; the wasm heap never shrinks, so peaks are what count.
      const r = tf.tidy(() => {
        const a = tf.tanh(tf.add(keysU, tf.reshape(tf.matMul(hIn, W), [B, 1, A]))) as tf.Tensor3D;
        let e = tf.reshape(tf.matMul(tf.reshape(a, [B * S, A]), v), [B, S]) as tf.Tensor2D;
        if (mask) e = tf.add(e, mask);
        const alpha = tf.softmax(e) as tf.Tensor2D;
        const ctx = tf.sum(tf.mul(tf.reshape(alpha, [B, S, 1]), keys), 1) as tf.Tensor2D;
        const z = tf.add(tf.add(steps[t], tf.matMul(ctx, wCtx)), tf.matMul(hIn, wh)) as tf.Tensor2D;
        const cell = fused ? lstmCellForwardKernel(z, cIn) : lstmCellForwardOps(z, cIn);
        return { a, alpha, ctx, act: cell.act, tc: cell.tc, h: cell.h, c: cell.c, row: tf.concat([cell.h, ctx, alpha], 1) as tf.Tensor2D };
      });
      h = r.h;
      c = r.c;
      acts.push(r.a);
      alphas.push(r.alpha);
      ctxs.push(r.ctx);
      gates.push(r.act);
      tanhC.push(r.tc);
      rows.push(r.row);
    }
    // Everything the backward pass reads goes through `save` (the forward's other tensors are freed).
    save([keys, W, v, wCtx, wh, ...q, ...cPrev, ...acts, ...alphas, ...ctxs, ...gates, ...tanhC]);
    const value = tf.stack(rows) as tf.Tensor3D; // [T, B, 2H + S]
    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sKeys, sW, sV, sWCtx, sWh] = saved.slice(0, 5) as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const part = <R extends tf.Tensor>(n: number): R[] => saved.slice(5 + n * T, 5 + (n + 1) * T) as R[];
      const sq = part<tf.Tensor2D>(0);
      const sc = part<tf.Tensor2D>(1);
      const sa = part<tf.Tensor3D>(2);
      const salpha = part<tf.Tensor2D>(3);
      const sctx = part<tf.Tensor2D>(4);
      const sgates = part<tf.Tensor2D>(5);
      const stc = part<tf.Tensor2D>(6);
      const [dyH, dyCtx, dyAlpha] = tf.split(dy, [H, H, S], 2).map(x => tf.unstack(x) as tf.Tensor2D[]);
      const whT = tf.transpose(sWh);
      const wCtxT = tf.transpose(sWCtx);
      const wT = tf.transpose(sW);
      const vRow = tf.reshape(sV, [1, 1, A]);
      let dh: tf.Tensor2D = tf.zeros([B, H]);
      let dc: tf.Tensor2D = tf.zeros([B, H]);
      const dz: tf.Tensor2D[] = new Array(T);
      const dqW: tf.Tensor2D[] = new Array(T);
      const de: tf.Tensor2D[] = new Array(T);
      const dctxAll: tf.Tensor2D[] = new Array(T);
      let dKeysU: tf.Tensor3D | null = null;
      for (let t = T - 1; t >= 0; t--) {
        // Each step in its own tidy: only its dz, dctx, de, dqW and the carried dh, dc, dKeysU survive.
        const prev: { dh: tf.Tensor2D; dc: tf.Tensor2D; dKeysU: tf.Tensor3D | null } = { dh, dc, dKeysU };
        const r = tf.tidy((): BackwardStep => {
          const dhT = tf.add(prev.dh, dyH[t]) as tf.Tensor2D;
          const cell = fused
            ? lstmCellBackwardKernel(dhT, prev.dc, sgates[t], stc[t], sc[t])
            : lstmCellBackwardOps(dhT, prev.dc, sgates[t], stc[t], sc[t]);
          const dzT = cell.dz;
          const dctx = tf.add(dyCtx[t], tf.matMul(dzT, wCtxT)) as tf.Tensor2D;
          // ctx = Σ α k  ->  dα = k·dctx; softmax backward; e = a·v; a = tanh(kU + qW).
          const alpha = salpha[t];
          const dAlpha = tf.add(tf.sum(tf.mul(sKeys, tf.reshape(dctx, [B, 1, H])), 2), dyAlpha[t]);
          const dE = tf.mul(alpha, tf.sub(dAlpha, tf.sum(tf.mul(alpha, dAlpha), 1, true))) as tf.Tensor2D;
          const dPre = tf.mul(tf.mul(tf.reshape(dE, [B, S, 1]), vRow), tf.sub(1, tf.square(sa[t]))) as tf.Tensor3D;
          const dqWT = tf.sum(dPre, 1) as tf.Tensor2D;
          return {
            dz: dzT, dctx, dE, dqW: dqWT,
            dc: cell.dcPrev,
            dh: tf.add(tf.matMul(dzT, whT), tf.matMul(dqWT, wT)) as tf.Tensor2D,
            dKeysU: (prev.dKeysU ? tf.add(prev.dKeysU, dPre) : dPre) as tf.Tensor3D,
          };
        });
        dz[t] = r.dz;
        dctxAll[t] = r.dctx;
        de[t] = r.dE;
        dqW[t] = r.dqW;
        dh = r.dh;
        dc = r.dc;
        dKeysU = r.dKeysU;
        tf.dispose([prev.dh, prev.dc, ...(prev.dKeysU ? [prev.dKeysU] : [])]);
      }
      const flat = (xs: tf.Tensor2D[], width: number): tf.Tensor2D => tf.reshape(tf.stack(xs), [T * B, width]);
      const qAll = flat(sq, H);
      const dzAll = flat(dz, 4 * H);
      const dWh = tf.matMul(qAll, dzAll, true, false);
      const dWCtx = tf.matMul(flat(sctx, H), dzAll, true, false);
      const dW = tf.matMul(qAll, flat(dqW, A), true, false);
      const dv = tf.matMul(tf.reshape(tf.stack(sa), [T * B * S, A]), tf.reshape(tf.stack(de), [T * B * S, 1]), true, false);
      // dK = Σ_t α_t ⊗ dctx_t: one batched matmul [B, S, T] x [B, T, H].
      const dKeys = tf.matMul(tf.transpose(tf.stack(salpha), [1, 2, 0]), tf.transpose(tf.stack(dctxAll), [1, 0, 2]));
      return [tf.stack(dz), dKeys, dKeysU as tf.Tensor3D, dW, dv, dWCtx, dWh, dh, dc];
    };
    return { value, gradFunc };
  });
  const packed = op(p.x, p.keys, p.keysU, p.W, p.v, p.contextKernel, p.recurrent, p.h0, p.c0) as tf.Tensor3D;
  return {
    features: tf.slice(packed, [0, 0, 0], [T, B, 2 * H]),
    weights: tf.slice(packed, [0, 0, 2 * H], [T, B, S]),
  };
}
