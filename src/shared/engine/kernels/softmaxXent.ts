/**
 * The output layer's softmax cross-entropy as one kernel forwards and one backwards (the engine's op is
 * `weightedNll` in ../loss.ts). Composed from tfjs ops it is a log-softmax, a one-hot matrix of the
 * logits' size, a product and a sum, and as many passes backwards; with a vocabulary of thousands of
 * pieces those passes over [rows, V] cost more than the output layer's matrix product, and the wasm
 * backend's Exp is scalar.
 *
 *   forward  logits [N, V], labels [N] int32, weights [N] -> loss [N] = w·(lse - logit at the label),
 *            lse [N] = log Σ_j exp(logits) (rows of weight 0 are skipped: loss 0, lse 0)
 *   backward logits, labels, lse, g [N] (the loss's gradient times the weight)
 *            -> dLogits [N, V] = g·(softmax(logits) - onehot(label))
 *
 * With the native module (src/native/softmaxXent.c) each is one AVX2 pass per row; otherwise a
 * JavaScript loop over the heap, which is still one pass where the composed ops make several. A label
 * outside the vocabulary on a row that counts is an error, not a silent zero.
 */
import type * as tf from '@tensorflow/tfjs';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, heapView, type KernelArgs, type KernelImpl, type WasmBackendLike } from './wasmBackend';

export { SOFTMAX_XENT_BACKWARD, SOFTMAX_XENT_FORWARD } from './names';

function shapeOf(logits: tf.TensorInfo, labels: tf.TensorInfo): { N: number; V: number } {
  const [N, V] = logits.shape;
  if (logits.shape.length !== 2 || labels.shape.length !== 1 || labels.shape[0] !== N || labels.dtype !== 'int32') {
    throw new Error(`softmax cross-entropy kernel: logits [${logits.shape}] and ${labels.dtype} labels [${labels.shape}] do not fit`);
  }
  return { N, V };
}

function badLabel(labels: Int32Array, weights: Float32Array, V: number): void {
  for (let r = 0; r < labels.length; r++) {
    if (weights[r] !== 0 && !(labels[r] >= 0 && labels[r] < V)) {
      throw new RangeError(`softmax cross-entropy: the label of row ${r} is outside the vocabulary`);
    }
  }
}

const views = (backend: WasmBackendLike, infos: tf.TensorInfo[]): (Float32Array | Int32Array)[] =>
  infos.map(t => heapView(backend, t) as Float32Array | Int32Array);

export const softmaxXentForward: KernelImpl = (args: KernelArgs) => {
  const { logits, labels, weights } = args.inputs;
  const backend = asWasmBackend(args.backend);
  const { N, V } = shapeOf(logits, labels);
  const loss = backend.makeOutput([N], 'float32');
  const lse = backend.makeOutput([N], 'float32');
  const native = nativeModule();
  if (native) {
    const o = [logits, labels, weights, lse, loss].map(t => heapOffset(backend, t));
    native.softmaxXentForward(heapBuffer(backend), o[0], o[1], o[2], o[3], o[4], N, V);
    return [loss, lse];
  }
  const [x, y, w, ls, lo] = views(backend, [logits, labels, weights, lse, loss]) as [Float32Array, Int32Array, Float32Array, Float32Array, Float32Array];
  badLabel(y, w, V);
  for (let r = 0; r < N; r++) {
    if (w[r] === 0) {
      ls[r] = 0;
      lo[r] = 0;
      continue;
    }
    const row = r * V;
    let m = -Infinity;
    for (let j = 0; j < V; j++) if (x[row + j] > m || Number.isNaN(x[row + j])) m = x[row + j];
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(x[row + j] - m);
    ls[r] = Number.isFinite(m) ? m + Math.log(sum) : m;
    lo[r] = w[r] * (ls[r] - x[row + y[r]]);
  }
  return [loss, lse];
};

export const softmaxXentBackward: KernelImpl = (args: KernelArgs) => {
  const { logits, labels, lse, g } = args.inputs;
  const backend = asWasmBackend(args.backend);
  const { N, V } = shapeOf(logits, labels);
  const dx = backend.makeOutput([N, V], 'float32');
  const native = nativeModule();
  if (native) {
    const o = [logits, labels, lse, g, dx].map(t => heapOffset(backend, t));
    native.softmaxXentBackward(heapBuffer(backend), o[0], o[1], o[2], o[3], o[4], N, V);
    return dx;
  }
  const [x, y, ls, gs, d] = views(backend, [logits, labels, lse, g, dx]) as [Float32Array, Int32Array, Float32Array, Float32Array, Float32Array];
  badLabel(y, gs, V);
  for (let r = 0; r < N; r++) {
    const row = r * V;
    const gr = gs[r];
    if (gr === 0) {
      d.fill(0, row, row + V);
      continue;
    }
    for (let j = 0; j < V; j++) d[row + j] = gr * Math.exp(x[row + j] - ls[r]);
    d[row + y[r]] -= gr;
  }
  return dx;
};
