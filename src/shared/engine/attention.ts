/**
 * Attention score functions. Keys = values = the encoder's top outputs [B, S, H].
 * - dot:      score(q, k) = q·k
 * - general:  score(q, k) = q·(k W)            (W [H, H]; k W precomputed once per sentence)
 * - concat / additive (Bahdanau): score(q, k) = v·tanh(q W + k U)   (k U precomputed)
 * Scores of padded source positions get -1e9 before the softmax, so their weight is exactly 0.
 */
import * as tf from '@tensorflow/tfjs';
import { reshape } from './leanReshape';
import type { Encoded } from './encoder';
import type { ParamStore } from './params';
import type { Mechanism } from './types';

export interface AttentionPrep {
  kind: 'dot' | 'additive';
  /** [B, S, H] */
  keys: tf.Tensor3D;
  /** dot/general: keys (general: keys·W) [B, S, H]; additive: keys·U [B, S, A]. */
  scoreKeys: tf.Tensor3D;
  /** [B, S], or null when no row is padded. */
  maskBias: tf.Tensor2D | null;
  /** additive only: W [H, A], v [A, 1]. */
  W: tf.Tensor2D | null;
  v: tf.Tensor2D | null;
}

function project3d(x: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  const [B, S, D] = x.shape;
  return reshape(tf.matMul(reshape(x, [B * S, D]), w), [B, S, w.shape[1]]);
}

export function prepareAttention(mechanism: Mechanism, p: ParamStore, enc: Encoded): AttentionPrep {
  const base = { keys: enc.keys, maskBias: enc.maskBias };
  switch (mechanism) {
    case 'luong-dot':
      return { ...base, kind: 'dot', scoreKeys: enc.keys, W: null, v: null };
    case 'luong-general':
      return { ...base, kind: 'dot', scoreKeys: project3d(enc.keys, p.get('decoder/attention/W') as tf.Tensor2D), W: null, v: null };
    case 'luong-concat':
    case 'bahdanau':
      return {
        ...base, kind: 'additive',
        scoreKeys: project3d(enc.keys, p.get('decoder/attention/U') as tf.Tensor2D),
        W: p.get('decoder/attention/W') as tf.Tensor2D,
        v: p.get('decoder/attention/v') as tf.Tensor2D,
      };
    default:
      throw new Error(`Mechanism '${mechanism}' has no attention`);
  }
}

/**
 * One query per row. The encoder batch may be 1 while the query batch is k (beam search): broadcasting
 * handles it.
 * @param query [B, H]
 * @returns context [B, H], weights [B, S] (rows sum to 1) and the raw scores [B, S] before the mask and softmax
 */
export function attendStep(a: AttentionPrep, query: tf.Tensor2D): { context: tf.Tensor2D; weights: tf.Tensor2D; scores: tf.Tensor2D } {
  let scores: tf.Tensor2D;
  if (a.kind === 'dot') {
    scores = tf.sum(tf.mul(a.scoreKeys, tf.expandDims(query, 1)), 2);
  } else {
    const e = tf.tanh(tf.add(a.scoreKeys, tf.expandDims(tf.matMul(query, a.W as tf.Tensor2D), 1))) as tf.Tensor3D; // [B, S, A]
    const [B, S, A] = e.shape;
    scores = reshape(tf.matMul(reshape(e, [B * S, A]), a.v as tf.Tensor2D), [B, S]);
  }
  const weights = tf.softmax(a.maskBias ? tf.add(scores, a.maskBias) : scores) as tf.Tensor2D;
  const context = tf.sum(tf.mul(tf.expandDims(weights, 2), a.keys), 1) as tf.Tensor2D;
  return { context, weights, scores };
}

/**
 * All decoder steps at once (teacher-forced Luong without input feeding: the queries do not depend on
 * the attention).
 * @param queries [B, T, H]
 * @returns context [B, T, H] and weights [B, T, S]
 */
export function attendAll(a: AttentionPrep, queries: tf.Tensor3D): { context: tf.Tensor3D; weights: tf.Tensor3D } {
  const [B, T] = queries.shape;
  const S = a.keys.shape[1];
  let scores: tf.Tensor3D;
  if (a.kind === 'dot') {
    scores = tf.matMul(queries, a.scoreKeys, false, true);
  } else {
    const qw = project3d(queries, a.W as tf.Tensor2D); // [B, T, A]
    const A = qw.shape[2];
    const e = tf.tanh(tf.add(tf.expandDims(a.scoreKeys, 1), tf.expandDims(qw, 2))); // [B, T, S, A]
    scores = reshape(tf.matMul(reshape(e, [B * T * S, A]), a.v as tf.Tensor2D), [B, T, S]);
  }
  const weights = tf.softmax(a.maskBias ? tf.add(scores, tf.expandDims(a.maskBias, 1)) : scores) as tf.Tensor3D;
  const context = tf.matMul(weights, a.keys) as tf.Tensor3D;
  return { context, weights };
}
