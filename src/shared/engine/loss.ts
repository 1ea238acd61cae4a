/**
 * The training loss: softmax cross-entropy of the output layer's logits at the target tokens, with
 * padded steps weighted 0. For one row z (the logits of one target step) and its label y:
 *   nll = -log softmax(z)_y = log Σ_j exp(z_j) - z_y
 * and its gradient with respect to z is softmax(z) - onehot(y).
 * `weightedNll` is the one definition; the execution plan chooses whether it runs as the composed
 * log-softmax below (the reference) or as the fused kernels (kernels/softmaxXent.ts), which compute the
 * same quantities without the [N, V] intermediates.
 */
import * as tf from '@tensorflow/tfjs';
import { reshape } from './leanReshape';
import { AUTO_PLAN, lossPath, type ExecutionPlan } from './executionPlan';
import { SOFTMAX_XENT_BACKWARD, SOFTMAX_XENT_FORWARD } from './kernels/names';

/**
 * w_r · nll_r per row.
 * @param logits [N, V]; labels [N]; weights [N] (0 for padding)
 * @returns [N]
 */
export function weightedNll(logits: tf.Tensor2D, labels: Int32Array, weights: Float32Array, plan: ExecutionPlan = AUTO_PLAN): tf.Tensor1D {
  const y = tf.tensor1d(labels, 'int32');
  const w = tf.tensor1d(weights);
  if (lossPath(plan) === 'fused-softmax-xent') return fusedWeightedNll(logits, y, w);
  const logp = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(y, logits.shape[1])), 1);
  return tf.neg(tf.mul(picked, w)) as tf.Tensor1D;
}

/** The same through the kernels: forward keeps log Σ exp per row, backward recomputes softmax from it. */
function fusedWeightedNll(logits: tf.Tensor2D, labels: tf.Tensor1D, weights: tf.Tensor1D): tf.Tensor1D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const [loss, lse] = tf.engine().runKernel(SOFTMAX_XENT_FORWARD, { logits: z, labels, weights }) as tf.Tensor[];
    // Labels and weights too: only saved tensors outlive the forward pass's scope.
    save([z, lse, labels, weights]);
    return {
      value: loss as tf.Tensor1D,
      gradFunc: (dy: tf.Tensor1D, saved: tf.Tensor[]) => {
        const [zs, lses, y, w] = saved;
        return [tf.engine().runKernel(SOFTMAX_XENT_BACKWARD, { logits: zs, labels: y, lse: lses, g: tf.mul(dy, w) }) as tf.Tensor2D];
      },
    };
  });
  return op(logits) as tf.Tensor1D;
}

/**
 * Masked softmax cross-entropy over all steps: padding never counts.
 * @param logits [N, V]; labels [N]; mask [N]
 * @returns mean loss per real token (scalar)
 */
export function maskedCrossEntropy(logits: tf.Tensor2D, labels: Int32Array, mask: Float32Array, plan: ExecutionPlan = AUTO_PLAN): tf.Scalar {
  let real = 0;
  for (const x of mask) real += x;
  return tf.div(tf.sum(weightedNll(logits, labels, mask, plan)), Math.max(real, 1)) as tf.Scalar;
}

/** Per-row negative log-likelihood sums: logits [T * B, V] time-major -> [B] (masked). */
export function sequenceNll(logits: tf.Tensor2D, labels: Int32Array, mask: Float32Array, T: number, B: number, plan: ExecutionPlan = AUTO_PLAN): tf.Tensor1D {
  return tf.sum(reshape(weightedNll(logits, labels, mask, plan), [T, B]), 0) as tf.Tensor1D;
}
