/**
 * One Adam update of every weight as one kernel, on the native module (./nativeModule): a pass for the
 * gradient's global norm and one pass per weight tensor. Composed from tfjs ops (FlatAdam's fallback)
 * the update is ~14 passes over all weights: ~7.8 ms for the book model, where two-worker training
 * waits for two of them per round.
 *
 *   inputs  grads [N] (all gradients, variable order), m [N] and v [N] (absent on the first step),
 *           w0 .. w{count-1} (the weights, variable order)
 *   attrs   count, clipNorm, gScale, sqScale, beta1, beta2, stepSize, epsilon (FlatAdam folds the bias
 *           corrections into stepSize and epsilon; gScale and sqScale exclude the clipping scale)
 *   outputs m' [N], v' [N], w0' .. w{count-1}'
 *
 * New tensors, not writes into the inputs: tfjs tensors are immutable, and a weight's data may be shared.
 * Registered only when the native module is there (`hasNativeAdam`); FlatAdam composes tfjs ops otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, sizeOf, type KernelArgs, type KernelImpl } from './wasmBackend';

import { ADAM_STEP } from './names';

export { ADAM_STEP } from './names';

export interface AdamStepAttrs {
  count: number;
  clipNorm: number;
  gScale: number;
  sqScale: number;
  beta1: number;
  beta2: number;
  stepSize: number;
  epsilon: number;
}

export const adamStep: KernelImpl = (args: KernelArgs) => {
  const native = nativeModule();
  if (!native) throw new Error(`${ADAM_STEP} needs the native module`);
  const backend = asWasmBackend(args.backend);
  const a = args.attrs as unknown as AdamStepAttrs;
  const { grads, m, v } = args.inputs;
  const weights = Array.from({ length: a.count }, (_, i) => args.inputs[`w${i}`]);
  const total = sizeOf(grads.shape);
  if (weights.reduce((s, w) => s + sizeOf(w.shape), 0) !== total) throw new Error(`${ADAM_STEP}: the weights do not add up to the gradient`);
  const norm = Math.sqrt(native.sumOfSquares(heapBuffer(backend), heapOffset(backend, grads), total));
  const scale = a.clipNorm > 0 && norm > a.clipNorm ? a.clipNorm / norm : 1;
  const mOut = backend.makeOutput([total], 'float32');
  const vOut = backend.makeOutput([total], 'float32');
  const wOut = weights.map(w => backend.makeOutput(w.shape, 'float32'));
  // Offsets after every allocation (the heap may have grown and moved).
  const heap = heapBuffer(backend);
  const [g0, m0, v0, mo0, vo0] = [grads, m ?? grads, v ?? grads, mOut, vOut].map(t => heapOffset(backend, t));
  let at = 0;
  weights.forEach((w, i) => {
    const n = sizeOf(w.shape);
    const byte = at * 4;
    native.adamStep(heap, g0 + byte, m0 + byte, v0 + byte, heapOffset(backend, w), mo0 + byte, vo0 + byte, heapOffset(backend, wOut[i]), n,
      m ? 0 : 1, a.gScale * scale, a.sqScale * scale * scale, a.beta1, a.beta2, a.stepSize, a.epsilon);
    at += n;
  });
  return [mOut, vOut, ...wOut];
};

/** True when the active backend runs `ADAM_STEP` (wasm with the native module). */
export function hasNativeAdam(): boolean {
  return tf.getBackend() === 'wasm' && nativeModule() !== null && tf.getKernel(ADAM_STEP, 'wasm') !== undefined;
}
