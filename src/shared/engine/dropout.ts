/**
 * Dropout (Srivastava et al. 2014) for training: each value of a layer's input is zeroed with probability
 * `rate` and the rest scaled by 1 / (1 - rate), so the expected input is unchanged and the network cannot
 * lean on any one unit. Applied where translation models overfit: the embeddings entering the encoder and
 * the decoder, and the features entering the output layer. Never at inference.
 *
 * Masks come from tfjs's seeded uniform generator with a seed drawn from the model's own stream, so a
 * training run stays reproducible from its seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './random';

export type Dropout = <T extends tf.Tensor>(x: T) => T;

export function makeDropout(rate: number, rng: Rng): Dropout | undefined {
  if (!(rate > 0)) return undefined;
  return <T extends tf.Tensor>(x: T): T => tf.dropout(x, rate, undefined, Math.floor(rng() * 2 ** 31)) as T;
}
