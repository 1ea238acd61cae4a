/**
 * The adapter to `@tensorflow/tfjs-backend-wasm`'s internals: the ONLY file that touches its private
 * members (the tensor table `dataIdMap` and heap byte offsets, the Emscripten module's `HEAPU8`, `cwrap`
 * and `tfjs.disposeData`). They are not part of tfjs's API and change between releases without notice,
 * so this adapter supports exactly one version, `SUPPORTED_TFJS_WASM_VERSION`, and `checkTfjsWasmVersion`
 * (run by `registerWasmKernels` before any kernel is replaced, i.e. at start-up) refuses any other with
 * an error saying what to do. `test/unit/engine/tfjsAdapter.test.ts` checks it against the installed tfjs.
 * Every kernel receives the backend instance from tfjs as `unknown` and goes through `asWasmBackend`,
 * which checks the members exist.
 */
import type * as tf from '@tensorflow/tfjs';
import { version_wasm as installedTfjsWasmVersion } from '@tensorflow/tfjs-backend-wasm';

/** The one `@tensorflow/tfjs-backend-wasm` release whose internals this file is written against. */
export const SUPPORTED_TFJS_WASM_VERSION = '4.22.0';

/**
 * Throws unless the loaded tfjs wasm backend is the supported release (`installed` defaults to the
 * loaded package's own version string).
 */
export function checkTfjsWasmVersion(installed: string = installedTfjsWasmVersion): void {
  if (installed !== SUPPORTED_TFJS_WASM_VERSION) {
    throw new Error(`@tensorflow/tfjs-backend-wasm ${installed} is loaded, but this engine's wasm kernels use the internals of exactly `
      + `${SUPPORTED_TFJS_WASM_VERSION} (src/shared/engine/kernels/wasmBackend.ts): install ${SUPPORTED_TFJS_WASM_VERSION}, `
      + 'or check that file against the new release and update SUPPORTED_TFJS_WASM_VERSION');
  }
}

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
  dataIdMap: { get(dataId: DataId): WasmTensorData | undefined; has(dataId: DataId): boolean; delete(dataId: DataId): boolean };
  wasm: { HEAPU8: Uint8Array; cwrap(name: string, ret: null, args: string[]): unknown; tfjs: { disposeData(id: number): void } };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
}

function isWasmBackend(backend: unknown): backend is WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  return b != null && typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function'
    && b.dataIdMap != null && b.wasm != null && typeof b.wasm.cwrap === 'function' && typeof b.wasm.tfjs?.disposeData === 'function';
}

export function asWasmBackend(backend: unknown): WasmBackendLike {
  if (!isWasmBackend(backend)) throw new Error('Kernel registered for wasm received a backend that is not the tfjs wasm backend');
  return backend;
}

/** A kernel function as tfjs calls it (inputs by name, attrs by name). */
export type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: Record<string, unknown> };
export type KernelImpl = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** A view of `info`'s data on the wasm heap (no copy). Only valid until the next heap allocation. */
export function heapView(backend: WasmBackendLike, info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(info);
}

/**
 * A float32 tensor's values as a view of the wasm heap when `backend` (tfjs's active backend) is the
 * wasm backend and holds them, else null (read them with dataSync). For copying a model's weights or
 * gradients without a temporary array per tensor: megabytes per copy that the garbage collector would
 * otherwise chase, on the threads that train. Only valid until the next heap allocation.
 */
export function heapFloats(backend: unknown, info: tf.TensorInfo): Float32Array | null {
  if (info.dtype !== 'float32' || !isWasmBackend(backend) || !hasData(backend, info.dataId)) return null;
  return heapView(backend, info) as Float32Array;
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

/** Whether the backend still holds data for `dataId` (false once the tensor is disposed). */
export function hasData(backend: WasmBackendLike, dataId: DataId): boolean {
  return backend.dataIdMap.has(dataId);
}

/**
 * A temporary tensor registered over existing heap memory (no allocation, no copy). Must be released
 * with `releaseView`, never through disposeData (which would free memory it does not own).
 */
export function makeView(backend: WasmBackendLike, shape: number[], byteOffset: number): { info: tf.TensorInfo; id: number } {
  const info = backend.makeOutput(shape, 'float32', byteOffset);
  return { info, id: backend.dataIdMap.get(info.dataId)!.id };
}

export function releaseView(backend: WasmBackendLike, info: tf.TensorInfo): void {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) return;
  backend.dataIdMap.delete(info.dataId);
  backend.wasm.tfjs.disposeData(data.id);
}

/** The C++ BatchMatMul entry point of the backend (XNNPACK for plain products), by tensor ids. */
export type BatchMatMulFn = (aId: number, aShape: Uint8Array, aRank: number, bId: number, bShape: Uint8Array, bRank: number,
  transposeA: boolean, transposeB: boolean, outId: number) => void;

const cwrapCache = new WeakMap<object, BatchMatMulFn>();

export function rawBatchMatMul(backend: WasmBackendLike): BatchMatMulFn {
  let fn = cwrapCache.get(backend.wasm);
  if (!fn) {
    fn = backend.wasm.cwrap('BatchMatMul', null,
      ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']) as BatchMatMulFn;
    cwrapCache.set(backend.wasm, fn);
  }
  return fn;
}

/** The heap size in bytes of `backend` (tfjs's active backend) when it is the wasm backend, else null. */
export function wasmHeapBytes(backend: unknown): number | null {
  const heap = (backend as { wasm?: { HEAPU8?: Uint8Array } } | null)?.wasm?.HEAPU8;
  return heap ? heap.buffer.byteLength : null;
}
