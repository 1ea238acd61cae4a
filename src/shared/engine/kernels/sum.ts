/**
 * `Sum` over leading axes for the wasm backend. tfjs 4.22's wasm Sum reduces only the innermost axes: any
 * other reduction first transposes the whole input. Every bias gradient is such a reduction (a
 * [rows, features] gradient summed over its rows): for the book model's encoder projection
 * ([3712, 1024], 15 MB) the transpose made one Sum cost ~26 ms, ~6 % of a training step. Here the rows are
 * added in place, one sequential pass, float64 accumulators: by the native module where it runs
 * (src/native/sums.c, vectorised), else through a heap view in JS, the same operations in the same
 * order either way. Every other case (inner axes, non-float32 dtypes) goes to the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, heapView, KernelArgs, KernelImpl, sizeOf } from './wasmBackend';

export function makeSum(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    if (x.dtype !== 'float32' || x.shape.length < 2) return original(args);
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(args.attrs?.axis as number | number[], x.shape).sort((a, b) => a - b);
    // Only a prefix of the axes (0..k-1, k < rank): the input is then [outer, inner] with outer summed.
    const k = axes.length;
    if (k === 0 || k >= rank || axes.some((a, i) => a !== i)) return original(args);
    const outer = sizeOf(x.shape.slice(0, k));
    const inner = sizeOf(x.shape.slice(k));
    const keepDims = args.attrs?.keepDims === true;
    const outShape = keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
    const backend = asWasmBackend(args.backend);
    const out = backend.makeOutput(outShape, 'float32');
    const native = nativeModule();
    if (native) {
      native.columnSums(heapBuffer(backend), heapOffset(backend, x), heapOffset(backend, out), outer, inner);
      return out;
    }
    // makeOutput may grow the heap (new buffer): take the views after it.
    const xs = heapView(backend, x) as Float32Array;
    const acc = new Float64Array(inner);
    // Four rows per pass over the accumulators: a quarter of the accumulator traffic.
    let r = 0;
    for (; r + 4 <= outer; r += 4) {
      const b0 = r * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      for (let j = 0; j < inner; j++) acc[j] += (xs[b0 + j] + xs[b1 + j]) + (xs[b2 + j] + xs[b3 + j]);
    }
    for (; r < outer; r++) {
      const base = r * inner;
      for (let j = 0; j < inner; j++) acc[j] += xs[base + j];
    }
    (heapView(backend, out) as Float32Array).set(acc);
    return out;
  };
}
