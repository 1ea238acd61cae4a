/**
 * The encoder: embedding, then 1..N LSTM/GRU layers (residual connections between stacked layers when
 * configured), the first optionally bidirectional with both directions projected back to H.
 */
import * as tf from '@tensorflow/tfjs';
import { reshape } from './leanReshape';
import type { SourceBatch } from './batching';
import type { Dropout } from './dropout';
import type { ParamStore } from './params';
import { runLayerOnInputs } from './lstmLayer';
import { AUTO_PLAN, type ExecutionPlan } from './executionPlan';
import { zeroState, type RnnState, type RnnWeights } from './rnn';
import type { ModelConfig } from './types';

export interface Encoded {
  /** Top layer outputs, batch-major [B, S, H]: the attention keys and values. */
  keys: tf.Tensor3D;
  /** Final state per layer ([B, H] each): the true last token's, padding never counts. */
  finals: RnnState[];
  /** [B, S]: 0 for real source positions, -1e9 for padding (added to scores before the softmax); null
   * when no row is padded. */
  maskBias: tf.Tensor2D | null;
}

export function rnnWeights(p: ParamStore, prefix: string): RnnWeights {
  return {
    kernel: p.get(`${prefix}/kernel`) as tf.Tensor2D,
    recurrent: p.get(`${prefix}/recurrent_kernel`) as tf.Tensor2D,
    bias: p.get(`${prefix}/bias`) as tf.Tensor1D,
  };
}

/**
 * Runs the encoder over a padded batch. Call inside tf.tidy. `options.inference`: no gradient will be
 * taken, so one-sentence LSTM layers may run in plain JS (`lstmSequenceOneSentence`); `options.dropout`
 * (training) drops embedding units; `options.plan` chooses the layers' implementations (default AUTO_PLAN).
 */
export function encode(config: ModelConfig, p: ParamStore, src: SourceBatch,
  options: { inference?: boolean; dropout?: Dropout; plan?: ExecutionPlan } = {}): Encoded {
  const inference = options.inference === true;
  const plan = options.plan ?? AUTO_PLAN;
  const { batch: B, steps: S } = src;
  const H = config.hiddenSize;
  const cell = config.cell;
  const ids = tf.tensor1d(src.ids, 'int32');
  const masks = src.padded ? tf.tensor3d(src.stepMask, [S, B, 1]) : null;
  const embedded = tf.gather(p.get('encoder/embedding'), ids) as tf.Tensor2D; // [S*B, E]
  let layerIn: tf.Tensor2D = options.dropout ? options.dropout(embedded) : embedded;
  const finals: RnnState[] = [];
  for (let l = 0; l < config.layers; l++) {
    const fwW = rnnWeights(p, `encoder/l${l}/fw`);
    const fw = runLayerOnInputs(cell, fwW, layerIn, zeroState(cell, B, H), masks, false, inference, plan);
    let out: tf.Tensor2D;
    let final: RnnState;
    if (l === 0 && config.bidirectional) {
      const bwW = rnnWeights(p, 'encoder/l0/bw');
      const bw = runLayerOnInputs(cell, bwW, layerIn, zeroState(cell, B, H), masks, true, inference, plan);
      const kernel = p.get('encoder/bridge/kernel');
      const bias = p.get('encoder/bridge/bias');
      const both = tf.concat([fw.outputs, bw.outputs], 2); // [S, B, 2H]
      out = tf.tanh(tf.add(tf.matMul(reshape(both, [S * B, 2 * H]), kernel), bias)) as tf.Tensor2D;
      // The backward direction's final state is at the first token: it has read the whole sentence.
      const h = tf.tanh(tf.add(tf.matMul(tf.concat([fw.final.h, bw.final.h], 1), kernel), bias)) as tf.Tensor2D;
      const c = fw.final.c && bw.final.c ? tf.matMul(tf.concat([fw.final.c, bw.final.c], 1), p.get('encoder/bridge/cell_kernel')) as tf.Tensor2D : null;
      final = { h, c };
    } else {
      out = reshape(fw.outputs, [S * B, H]);
      final = fw.final;
    }
    if (l > 0 && config.residual) out = tf.add(out, layerIn);
    finals.push(final);
    layerIn = out;
  }
  const keys = tf.transpose(reshape(layerIn, [S, B, H]), [1, 0, 2]) as tf.Tensor3D;
  if (!src.padded) return { keys, finals, maskBias: null };
  const bias = new Float32Array(B * S);
  for (let i = 0; i < bias.length; i++) bias[i] = src.attnMask[i] > 0 ? 0 : -1e9;
  return { keys, finals, maskBias: tf.tensor2d(bias, [B, S]) };
}
