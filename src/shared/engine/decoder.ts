/**
 * The ONE decoder shared by all six mechanisms. A step is:
 *   layer-0 gates = token gates (embedding·kernel + bias)
 *                 + peeky: h_enc·context_kernel (constant per sentence)
 *                 + bahdanau: context(previous top state)·context_kernel
 *                 + luong input feeding: previous attentional state·context_kernel
 *   RNN layers (residual between stacked layers), then the output features:
 *   baseline/peeky h; Luong tanh(Wc [context(h); h]); Bahdanau [h; context].
 *   logits = features·output/kernel + bias (+ peeky: h_enc·output/context_kernel).
 * Teacher-forced sequences whose queries do not depend on earlier attention (baseline, peeky, Luong
 * without input feeding) run the RNN over all steps first and compute attention for all steps at once;
 * the teacher-forced one-layer LSTM Bahdanau decoder runs as one fused op (bahdanauSequence.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { reshape } from './leanReshape';
import { attendAll, attendStep, prepareAttention, type AttentionPrep } from './attention';
import { rnnWeights, type Encoded } from './encoder';
import { gateCount, type ParamStore } from './params';
import { bahdanauSequence } from './bahdanauSequence';
import type { Dropout } from './dropout';
import { runLayerOnInputs } from './lstmLayer';
import { AUTO_PLAN, bahdanauPath, type ExecutionPlan } from './executionPlan';
import { cellStep, projectInputs, runLayer, type RnnState, type RnnWeights } from './rnn';
import type { ModelConfig } from './types';

export interface DecoderContext {
  config: ModelConfig;
  p: ParamStore;
  enc: Encoded;
  attention: AttentionPrep | null;
  layers: RnnWeights[];
  /** [H, G*H] or null */
  contextKernel: tf.Tensor2D | null;
  /** Peeky: [B, G*H] and [B, V] constants from the encoder's final top state. */
  peekyGates: tf.Tensor2D | null;
  peekyOut: tf.Tensor2D | null;
  outKernel: tf.Tensor2D;
  outBias: tf.Tensor1D;
  /** Training only: dropout on the decoder's embeddings and on the output layer's input. */
  dropout?: Dropout;
  /** Which implementations run the recurrent layers (executionPlan.ts). */
  plan: ExecutionPlan;
}

export interface DecoderState {
  layers: RnnState[];
  /** Luong input feeding: the previous attentional state [B, H]. */
  feed: tf.Tensor2D | null;
}

export interface StepResult {
  state: DecoderState;
  /** [B, D] the output layer's input. */
  features: tf.Tensor2D;
  /** [B, S] or null without attention. */
  weights: tf.Tensor2D | null;
  /** The attention's intermediate values of this step (null without attention), for the step inspector. */
  parts: AttentionParts | null;
}

/** What the attention computed in one step, as the notes name it. */
export interface AttentionParts {
  /** s_t: the query (Luong: this step's top state; Bahdanau: the previous step's) [B, H]. */
  query: tf.Tensor2D;
  /** e_t before the mask and softmax [B, S]. */
  scores: tf.Tensor2D;
  /** a_t = sum_i alpha_i h_i [B, H]. */
  context: tf.Tensor2D;
  /** Luong: [a_t; s_t] [B, 2H] (Bahdanau joins a_t to the decoder input; stepTrace.ts builds that). */
  concat: tf.Tensor2D | null;
}

const isLuong = (c: ModelConfig): boolean => c.mechanism.startsWith('luong');

export function prepareDecoder(config: ModelConfig, p: ParamStore, enc: Encoded, dropout?: Dropout, plan: ExecutionPlan = AUTO_PLAN): DecoderContext {
  const layers = Array.from({ length: config.layers }, (_, l) => rnnWeights(p, `decoder/l${l}`));
  const contextKernel = p.has('decoder/l0/context_kernel') ? p.get('decoder/l0/context_kernel') as tf.Tensor2D : null;
  const top = enc.finals[enc.finals.length - 1].h;
  const peeky = config.mechanism === 'peeky';
  return {
    config, p, enc, layers, contextKernel,
    attention: config.mechanism === 'baseline' || peeky ? null : prepareAttention(config.mechanism, p, enc),
    peekyGates: peeky && contextKernel ? tf.matMul(top, contextKernel) as tf.Tensor2D : null,
    peekyOut: peeky ? tf.matMul(top, p.get('decoder/output/context_kernel') as tf.Tensor2D) as tf.Tensor2D : null,
    outKernel: p.get('decoder/output/kernel') as tf.Tensor2D,
    outBias: p.get('decoder/output/bias') as tf.Tensor1D,
    dropout,
    plan,
  };
}

/** The decoder's input embeddings of `ids`, [N, E] (with dropout in training). */
function embedTargets(ctx: DecoderContext, ids: tf.Tensor1D): tf.Tensor2D {
  const emb = tf.gather(ctx.p.get('decoder/embedding'), ids) as tf.Tensor2D;
  return ctx.dropout ? ctx.dropout(emb) : emb;
}

/** The encoder's final states as the decoder's initial states (layer by layer). */
export function initialState(ctx: DecoderContext): DecoderState {
  const B = ctx.enc.finals[0].h.shape[0];
  const feed = isLuong(ctx.config) && ctx.config.inputFeeding ? tf.zeros([B, ctx.config.hiddenSize]) as tf.Tensor2D : null;
  return { layers: ctx.enc.finals.map(s => ({ h: s.h, c: s.c })), feed };
}

/** ids [N] -> layer-0 token gates [N, G*H] (embedding·kernel + bias). */
export function tokenGates(ctx: DecoderContext, ids: tf.Tensor1D): tf.Tensor2D {
  return projectInputs(embedTargets(ctx, ids), ctx.layers[0]);
}

/** Stacked layers >= 1 on one step's layer-0 output. */
function upperLayers(ctx: DecoderContext, h0: tf.Tensor2D, states: RnnState[], next: RnnState[]): tf.Tensor2D {
  let out = h0;
  for (let l = 1; l < ctx.layers.length; l++) {
    const s = cellStep(ctx.config.cell, ctx.layers[l], projectInputs(out, ctx.layers[l]), states[l], null);
    next.push(s);
    out = ctx.config.residual ? tf.add(s.h, out) : s.h;
  }
  return out;
}

/** One decoder step. `gates` [B, G*H] are the token gates of this step's input token. */
export function decoderStep(ctx: DecoderContext, state: DecoderState, gates: tf.Tensor2D): StepResult {
  const { config } = ctx;
  let g = gates;
  let weights: tf.Tensor2D | null = null;
  let bahdanauContext: tf.Tensor2D | null = null;
  let parts: AttentionParts | null = null;
  if (ctx.peekyGates) g = tf.add(g, ctx.peekyGates);
  if (config.mechanism === 'bahdanau' && ctx.attention) {
    // Query: the previous step's top decoder state.
    const query = state.layers[state.layers.length - 1].h;
    const a = attendStep(ctx.attention, query);
    weights = a.weights;
    parts = { query, scores: a.scores, context: a.context, concat: null };
    bahdanauContext = a.context;
    g = tf.add(g, tf.matMul(a.context, ctx.contextKernel as tf.Tensor2D));
  }
  if (state.feed) g = tf.add(g, tf.matMul(state.feed, ctx.contextKernel as tf.Tensor2D));
  const s0 = cellStep(config.cell, ctx.layers[0], g, state.layers[0], null);
  const next: RnnState[] = [s0];
  const top = upperLayers(ctx, s0.h, state.layers, next);
  let features: tf.Tensor2D = top;
  let feed: tf.Tensor2D | null = null;
  if (bahdanauContext) {
    features = tf.concat([top, bahdanauContext], 1);
  } else if (ctx.attention) {
    const a = attendStep(ctx.attention, top);
    weights = a.weights;
    const concat = tf.concat([a.context, top], 1) as tf.Tensor2D;
    parts = { query: top, scores: a.scores, context: a.context, concat };
    features = tf.tanh(tf.matMul(concat, ctx.p.get('decoder/attention/Wc') as tf.Tensor2D)) as tf.Tensor2D;
    if (state.feed) feed = features;
  }
  return { state: { layers: next, feed }, features, weights, parts };
}

/**
 * Rows of the time-major [T * B] grid that reach the output layer in training: the real target tokens.
 * Padded steps would cost the model's widest product (features·output/kernel, [rows, V]) forwards and
 * twice backwards and add nothing to the loss.
 */
export interface OutputRows {
  /** Row indices into [T * B], ascending. */
  index: tf.Tensor1D;
  /** Each row's sentence in the batch (index mod B), for the peeky output term. */
  sentence: tf.Tensor1D;
}

export function outputRowsOf(mask: Float32Array, B: number): { rows: OutputRows; index: Int32Array } {
  let n = 0;
  for (const m of mask) if (m !== 0) n++;
  const index = new Int32Array(n);
  const sentence = new Int32Array(n);
  for (let i = 0, k = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    index[k] = i;
    sentence[k++] = i % B;
  }
  return { rows: { index: tf.tensor1d(index, 'int32'), sentence: tf.tensor1d(sentence, 'int32') }, index };
}

/**
 * features [steps * B, D] (time-major rows) -> logits [steps * B, V], or [rows, V] for the selected rows.
 */
export function outputLogits(ctx: DecoderContext, features: tf.Tensor2D, steps: number, rows?: OutputRows): tf.Tensor2D {
  const selected = rows ? tf.gather(features, rows.index) as tf.Tensor2D : features;
  const input = ctx.dropout ? ctx.dropout(selected) : selected;
  let logits: tf.Tensor2D = tf.add(tf.matMul(input, ctx.outKernel), ctx.outBias);
  if (ctx.peekyOut) {
    const [B, V] = ctx.peekyOut.shape;
    if (rows) logits = tf.add(logits, tf.gather(ctx.peekyOut, rows.sentence));
    else if (steps === 1 || B === 1) logits = tf.add(logits, ctx.peekyOut);
    else logits = reshape(tf.add(reshape(logits, [steps, B, V]), ctx.peekyOut), [steps * B, V]);
  }
  return logits;
}

/** Chooses, per step t >= 1, whether to feed the true previous token (true) or the model's own argmax. */
export type TeacherChoice = (step: number) => boolean;

export interface ForcedOutput {
  /** [T * B, V] time-major rows (only the selected rows, in their order, when `rows` was given). */
  logits: tf.Tensor2D;
  /** [B, T, S] or null. */
  weights: tf.Tensor3D | null;
}

/**
 * Runs the decoder over a whole target sequence.
 * @param input time-major [T * B] input ids (`<sos> y ...`)
 * @param teacher when given and it returns false for a step, that step's input is the previous argmax
 * @param stepwise force the step loop (tests compare it with the all-at-once path)
 * @param rows the rows that reach the output layer (`outputRowsOf`); not with `teacher`, whose steps
 *   need every row's logits to choose their inputs
 */
export function decodeForced(
  ctx: DecoderContext, input: Int32Array, T: number, B: number, teacher?: TeacherChoice, stepwise = false, rows?: OutputRows,
): ForcedOutput {
  if (teacher && rows) throw new Error('decodeForced: scheduled sampling needs the logits of every row');
  const { config } = ctx;
  const H = config.hiddenSize;
  const GH = gateCount(config) * H;
  const ids = tf.tensor1d(input, 'int32');
  const allAtOnce = !teacher && !stepwise && config.mechanism !== 'bahdanau' && !(isLuong(config) && config.inputFeeding);
  if (allAtOnce) {
    const init = initialState(ctx);
    // Layer 0 from the embeddings (the chunked LSTM op projects them itself), unless peeky adds to its gates.
    const l0 = ctx.peekyGates
      ? runLayer(config.cell, ctx.layers[0], tf.add(reshape(tokenGates(ctx, ids), [T, B, GH]), ctx.peekyGates) as tf.Tensor3D, init.layers[0], null, false, false, ctx.plan)
      : runLayerOnInputs(config.cell, ctx.layers[0], embedTargets(ctx, ids), init.layers[0], null, false, false, ctx.plan);
    let out = reshape(l0.outputs, [T * B, H]) as tf.Tensor2D;
    for (let l = 1; l < config.layers; l++) {
      const r = runLayerOnInputs(config.cell, ctx.layers[l], out, init.layers[l], null, false, false, ctx.plan);
      const h = reshape(r.outputs, [T * B, H]) as tf.Tensor2D;
      out = config.residual ? tf.add(h, out) : h;
    }
    if (!ctx.attention) return { logits: outputLogits(ctx, out, T, rows), weights: null };
    const queries = tf.transpose(reshape(out, [T, B, H]), [1, 0, 2]) as tf.Tensor3D; // [B, T, H]
    const a = attendAll(ctx.attention, queries);
    const att = tf.tanh(tf.matMul(reshape(tf.concat([a.context, queries], 2), [B * T, 2 * H]), ctx.p.get('decoder/attention/Wc') as tf.Tensor2D));
    const features = reshape(tf.transpose(reshape(att, [B, T, H]), [1, 0, 2]), [T * B, H]) as tf.Tensor2D;
    return { logits: outputLogits(ctx, features, T, rows), weights: a.weights };
  }
  const allGates = reshape(tokenGates(ctx, ids), [T, B, GH]);
  if (!teacher && !stepwise && config.mechanism === 'bahdanau' && config.cell === 'lstm' && config.layers === 1 &&
      ctx.attention?.W && ctx.attention.v && ctx.contextKernel && bahdanauPath(ctx.plan) === 'bahdanau-sequence') {
    const init = initialState(ctx).layers[0];
    const r = bahdanauSequence({
      x: allGates as tf.Tensor3D, keys: ctx.attention.keys, keysU: ctx.attention.scoreKeys, W: ctx.attention.W, v: ctx.attention.v,
      contextKernel: ctx.contextKernel, recurrent: ctx.layers[0].recurrent, h0: init.h, c0: init.c as tf.Tensor2D,
      maskBias: ctx.attention.maskBias,
    });
    return {
      logits: outputLogits(ctx, reshape(r.features, [T * B, 2 * H]), T, rows),
      weights: tf.transpose(r.weights, [1, 0, 2]) as tf.Tensor3D,
    };
  }
  const gatesPerStep = tf.unstack(allGates) as tf.Tensor2D[];
  let state = initialState(ctx);
  const features: tf.Tensor2D[] = [];
  const logitsPerStep: tf.Tensor2D[] = [];
  const weights: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    let gates = gatesPerStep[t];
    if (teacher && t > 0 && !teacher(t)) {
      // Read back and re-create: ids derived on the tape would make gather ask for an index gradient.
      const prev = tf.tensor1d(tf.argMax(logitsPerStep[t - 1], 1).dataSync() as Int32Array, 'int32');
      gates = tokenGates(ctx, prev);
    }
    const r = decoderStep(ctx, state, gates);
    state = r.state;
    if (r.weights) weights.push(r.weights);
    if (teacher) logitsPerStep.push(outputLogits(ctx, r.features, 1));
    else features.push(r.features);
  }
  const logits = teacher ? tf.concat(logitsPerStep, 0) as tf.Tensor2D : outputLogits(ctx, tf.concat(features, 0) as tf.Tensor2D, T, rows);
  return { logits, weights: weights.length ? tf.stack(weights, 1) as tf.Tensor3D : null };
}
