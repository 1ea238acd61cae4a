/**
 * `tf.reshape` whose gradient keeps nothing alive. tfjs's Reshape gradient saves its input only to read
 * its shape, and a saved tensor lives until the whole backward pass ends: a reshaped [T*B, 4H] input
 * projection (15 MB for the book model's encoder at batch 128) stayed on the wasm heap through every
 * training step's backward pass just for its shape. Here the shape is captured instead. Only for
 * float32 tensors on the gradient path (anything else takes the plain op).
 */
import * as tf from '@tensorflow/tfjs';

export function reshape<R extends tf.Rank>(x: tf.Tensor, shape: number[]): tf.Tensor<R> {
  const to = (t: tf.Tensor, s: number[]): tf.Tensor => tf.reshape(t, s);
  if (x.dtype !== 'float32') return to(x, shape) as tf.Tensor<R>;
  const from = x.shape;
  const op = tf.customGrad((...args: unknown[]) => {
    const [input] = args as [tf.Tensor];
    return { value: to(input, shape), gradFunc: (dy: tf.Tensor) => [to(dy, from)] };
  });
  return op(x) as tf.Tensor<R>;
}
