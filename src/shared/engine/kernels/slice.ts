/**
 * `Slice`, `Unpack` and `SplitV` for the wasm backend whose cost depends on the slice, not on the input
 * (trap 3 of docs/tfjs-performance.md). tfjs 4.22's wasm slice calls `readSync(x)`, which copies the WHOLE
 * input out of the heap for every slice, so `tf.unstack` over T steps costs O(T * size). Here the input
 * is read through a heap view (no copy) and only the slice's bytes are copied: one `set` for a
 * contiguous slice, one per contiguous run otherwise. (A true zero-copy slice would need output tensors
 * that alias another tensor's memory; the wasm backend frees every tensor's memory on dispose, so an
 * alias would free memory it does not own. Copying only the slice keeps the backend's ownership intact.)
 */
import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, heapView, KernelArgs, KernelImpl, sizeOf } from './wasmBackend';

/** Copies x[begin : begin + size] into a new tensor. `begin`/`size` fully resolved (no -1). */
function copySlice(args: KernelArgs, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const out = backend.makeOutput(size, x.dtype);
  const total = sizeOf(size);
  if (total === 0) return out;
  const outVals = heapView(backend, out);
  const xVals = heapView(backend, x);
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) { strides[i] = s; s *= x.shape[i]; }
  // The innermost axes that are taken whole merge with the axis before them into one contiguous run.
  let k = rank - 1;
  while (k > 0 && size[k] === x.shape[k]) k--;
  const run = rank === 0 ? 1 : size[k] * strides[k];
  let base = 0;
  for (let i = 0; i < rank; i++) base += begin[i] * strides[i];
  if (k === 0 || rank === 0) {
    outVals.set(xVals.subarray(base, base + run));
    return out;
  }
  // Odometer over axes 0..k-1 of the slice.
  const idx = new Array<number>(k).fill(0);
  let outOffset = 0;
  for (;;) {
    let off = base;
    for (let i = 0; i < k; i++) off += idx[i] * strides[i];
    outVals.set(xVals.subarray(off, off + run), outOffset);
    outOffset += run;
    let ax = k - 1;
    while (ax >= 0) {
      idx[ax]++;
      if (idx[ax] < size[ax]) break;
      idx[ax] = 0;
      ax--;
    }
    if (ax < 0) break;
  }
  return out;
}

export function makeSlice(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return original(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs?.begin as number | number[], args.attrs?.size as number | number[]);
    return copySlice(args, x, begin, size);
  };
}

export function makeUnpack(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const value = args.inputs.value;
    if (value.dtype === 'string') return original(args);
    const rank = value.shape.length;
    let axis = Number(args.attrs?.axis ?? 0);
    if (axis < 0) axis += rank;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const begin = new Array<number>(rank).fill(0);
    const size = value.shape.slice();
    size[axis] = 1;
    const outs: tf.TensorInfo[] = [];
    for (let i = 0; i < value.shape[axis]; i++) {
      begin[axis] = i;
      const o = copySlice(args, value, begin, size);
      outs.push({ dataId: o.dataId, shape: outShape, dtype: o.dtype });
    }
    return outs;
  };
}

export function makeSplitV(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return original(args);
    const axis = tf.util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs?.numOrSizeSplits as number | number[], axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map(s => {
      const size = x.shape.slice();
      size[axis] = s;
      const o = copySlice(args, x, begin.slice(), size);
      begin[axis] += s;
      return o;
    });
  };
}
