/**
 * `UnsortedSegmentSum` for the wasm backend (trap 1 of docs/tfjs-performance.md): tfjs 4.22's wasm backend
 * has no such kernel, and `tf.gather`'s gradient (every embedding lookup) needs it:
 * out[segmentIds[i], ...] += x[i, ...], ids outside [0, numSegments) dropped, as in TensorFlow. Float32
 * runs on the native module where it loads (src/native/sums.c); otherwise, and for int32, plain JS over
 * the heap.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, heapView, KernelArgs, sizeOf } from './wasmBackend';

/**
 * @param x [N, ...inner] float32 or int32
 * @param segmentIds [N] int32 (tfjs's op also allows ids shaped like x's leading dims: flattened here)
 * @returns [numSegments, ...inner]
 */
export function unsortedSegmentSumWasm(args: KernelArgs): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = args.inputs.x;
  const ids = args.inputs.segmentIds;
  const numSegments = Number(args.attrs?.numSegments);
  if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`UnsortedSegmentSum: bad numSegments ${String(args.attrs?.numSegments)}`);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: unsupported dtype ${x.dtype}`);
  const rows = sizeOf(ids.shape);
  const idRank = ids.shape.length;
  for (let i = 0; i < idRank; i++) {
    if (ids.shape[i] !== x.shape[i]) throw new Error(`UnsortedSegmentSum: segmentIds shape [${ids.shape}] is not a prefix of x shape [${x.shape}]`);
  }
  const innerShape = x.shape.slice(idRank);
  const inner = sizeOf(innerShape);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const native = x.dtype === 'float32' && ids.dtype === 'int32' ? nativeModule() : null;
  if (native) {
    native.segmentSums(heapBuffer(backend), heapOffset(backend, x), heapOffset(backend, ids), heapOffset(backend, out), rows, inner, numSegments);
    return out;
  }
  // Views are taken after makeOutput: an allocation may grow (and detach) the heap.
  const outVals = heapView(backend, out);
  const xVals = heapView(backend, x);
  const idVals = heapView(backend, ids);
  outVals.fill(0);
  for (let i = 0; i < rows; i++) {
    const seg = idVals[i];
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) outVals[dst + j] += xVals[src + j];
  }
  return out;
}
