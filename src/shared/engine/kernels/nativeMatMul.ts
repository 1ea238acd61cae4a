/**
 * Matrix products on the CPU's AVX2/FMA units through a small Node-API module (src/native/), for the
 * wasm backend's matmul kernels. XNNPACK in wasm has 128-bit SIMD only; the native kernel multiplies the
 * operands where they lie in the wasm heap (no copies) at ~3x the speed. Optional: when the module is
 * not built for this platform, cannot load, the CPU lacks AVX2/FMA, or SEQ2SEQ_NATIVE=0, every product
 * stays on the wasm path (the numbers agree up to float summation order).
 */
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasmBackend';

export interface NativeModule {
  supported: boolean;
  matMul(heap: ArrayBuffer, aOffset: number, bOffset: number, outOffset: number, batch: number, m: number, n: number, k: number,
    transposeA: number, transposeB: number, aStride: number, bStride: number): void;
}

/**
 * Fewer rows than this stay on XNNPACK: the native kernel repacks the right operand on every call,
 * which a product of a few rows (decoding one sentence) does not pay back; XNNPACK caches it.
 */
const MIN_ROWS = 16;

/** File name of the built module: next to the bundle in dist/, or in src/native/build/Release when built. */
export const NATIVE_MODULE_FILE = 'seq2seq_native.node';

let loaded: NativeModule | null | undefined;
let loadProblem: string | null = null;

function candidates(): string[] {
  return [
    path.join(__dirname, NATIVE_MODULE_FILE), // dist/ (bundles)
    path.join(__dirname, '..', '..', '..', '..', '..', 'src', 'native', 'build', 'Release', NATIVE_MODULE_FILE), // out/src/shared/engine/kernels
    path.join(__dirname, '..', '..', '..', 'native', 'build', 'Release', NATIVE_MODULE_FILE), // src/shared/engine/kernels (ts-node)
  ];
}

function load(): NativeModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.SEQ2SEQ_NATIVE === '0') {
    loadProblem = 'turned off (SEQ2SEQ_NATIVE=0)';
    return null;
  }
  // A computed path: bundlers leave it to Node's own require at run time.
  const nodeRequire = module.require.bind(module) as (id: string) => unknown;
  const problems: string[] = [];
  for (const file of candidates()) {
    try {
      const m = nodeRequire(file) as Partial<NativeModule>;
      if (typeof m.matMul !== 'function') {
        problems.push(`${file}: not this project's module`);
        continue;
      }
      if (!m.supported) {
        loadProblem = 'this CPU lacks AVX2/FMA';
        return null;
      }
      loaded = m as NativeModule;
      loadProblem = null;
      return loaded;
    } catch (e) {
      const code = (e as { code?: string }).code;
      problems.push(code === 'MODULE_NOT_FOUND' ? `${file}: not built` : `${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  loadProblem = problems.join('; ');
  return null;
}

/** The loaded module, or null (`nativeMatMulStatus` says why). */
export function nativeModule(): NativeModule | null {
  return load();
}

/** True when products run natively; `nativeMatMulStatus` says why not otherwise. */
export function nativeMatMulAvailable(): boolean {
  return load() !== null;
}

export function nativeMatMulStatus(): string {
  return load() ? 'native (AVX2/FMA)' : `wasm only: ${loadProblem}`;
}

/**
 * `op(a) . op(b)` for float32 operands of rank >= 2 on the wasm heap, batched over the leading axes
 * (an operand with one batch entry is broadcast). Returns null when the native path is off or the
 * shapes need a general broadcast; the caller then uses the wasm kernels.
 */
export function nativeMatMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean,
  outShape: number[]): tf.TensorInfo | null {
  const native = load();
  if (!native) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batch = Math.max(batchA, batchB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  if (batchA === batch && batchB === batch && batch > 1 && a.shape.slice(0, -2).join() !== b.shape.slice(0, -2).join()) return null;
  const flattened = batchB === 1 && batch > 1 && !transposeA;
  if ((flattened ? batch * m : m) < MIN_ROWS) return null;
  // Allocate first: a new output may grow the heap, which replaces its ArrayBuffer.
  const out = backend.makeOutput(outShape, 'float32');
  const offset = (t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  const heap = backend.wasm.HEAPU8.buffer as ArrayBuffer;
  if (flattened) {
    // [batch, M, K] x [K, N]: one product over all rows of a (b packed once).
    native.matMul(heap, offset(a), offset(b), offset(out), 1, batch * m, n, k, 0, Number(transposeB), 0, 0);
  } else {
    native.matMul(heap, offset(a), offset(b), offset(out), batch, m, n, k, Number(transposeA), Number(transposeB),
      batchA > 1 ? m * k * 4 : 0, batchB > 1 ? k * n * 4 : 0);
  }
  return out;
}
