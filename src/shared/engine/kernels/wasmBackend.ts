/**
 * The slice of `@tensorflow/tfjs-backend-wasm`'s `BackendWasm` that our kernels use, typed locally so the
 * kernels compile against a small, checked surface (the package's own class is not exported for typing
 * from the Node bundle). Every kernel receives the backend instance from tfjs as `unknown` and goes
 * through `asWasmBackend`, which checks the members exist.
 */
import type * as tf from '@tensorflow/tfjs';

export type DataId = object;

/** What the wasm backend stores per tensor: `memoryOffset` is a byte offset into the wasm heap. */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

export interface WasmBackendLike {
  dataIdMap: { get(dataId: DataId): WasmTensorData | undefined; has(dataId: DataId): boolean };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
}

export function asWasmBackend(backend: unknown): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  if (b == null || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function'
    || b.dataIdMap == null || b.wasm == null) {
    throw new Error('Kernel registered for wasm received a backend that is not the tfjs wasm backend');
  }
  return b as WasmBackendLike;
}

/** A kernel function as tfjs calls it (inputs by name, attrs by name). */
export type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: Record<string, unknown> };
export type KernelImpl = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** A view of `info`'s data on the wasm heap (no copy). Only valid until the next heap allocation. */
export function heapView(backend: WasmBackendLike, info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(info);
}

/** Byte offset of `info`'s data on the wasm heap. Take it after any allocation of this call (the heap may move). */
export function heapOffset(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

/** The wasm heap itself (what the native module reads and writes); replaced whenever the heap grows. */
export function heapBuffer(backend: WasmBackendLike): ArrayBuffer {
  return backend.wasm.HEAPU8.buffer as ArrayBuffer;
}

/** Same data, another shape: no copy and no new reference (for passing to another kernel function). */
export function reshaped(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
