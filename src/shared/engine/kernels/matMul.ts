/**
 * Matmul kernels for the wasm backend that keep every product on XNNPACK's fast path (trap 2 of
 * docs/tfjs-performance.md). tfjs 4.22's wasm `BatchMatMul` / `_FusedMatMul` use XNNPACK only when
 * neither operand is transposed and the batch is 1; otherwise a scalar loop runs at ~1 GFLOP/s. Every
 * backward-pass matmul is transposed, and `[B, T, K] x [K, N]` projections are "batched". So:
 *  - a transposed operand is transposed explicitly first (an O(size) copy, then the fast product);
 *  - a batched `a` times an unbatched `b` is one `[B*M, K] x [K, N]` product (same memory, new shape);
 *  - a truly batched product runs one fast product per batch entry over views of the operands' memory.
 * With the native module (./nativeModule) a product of 16 or more rows, or a batched product with its own
 * right operand per entry (attention), runs there instead, transposes included, on the operands where
 * they lie in the heap.
 * Results equal the scalar loop's up to float summation order (tests compare with the cpu backend).
 */
import * as tf from '@tensorflow/tfjs';
import { KERNEL_LIMITS } from '../executionPlan';
import { nativeModule } from './nativeModule';
import {
  asWasmBackend, hasData, heapBuffer, heapOffset, KernelArgs, KernelImpl, makeView, rawBatchMatMul, releaseView, reshaped, sizeOf, WasmBackendLike,
} from './wasmBackend';

/** Swaps the last two axes with the backend's own Transpose kernel; the caller disposes the result. */
function transposeLast2(transpose: KernelImpl, backend: unknown, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
}

/**
 * Explicit transposes of unbatched right operands, kept while their source tensor lives. In a recurrent
 * backward pass the same weight is used transposed at every time step (dh = dz . U^T): transposing it once,
 * and keeping the result's tensor id stable so XNNPACK's packed-weight cache (keyed by the right operand's
 * id, trap 6) hits too, removes a weight-sized copy and a repack per step. Entries whose source has been
 * disposed are freed on the next matmul; at most CAPACITY entries are kept (least recently used evicted).
 */
class TransposeCache {
  private static readonly CAPACITY = KERNEL_LIMITS.transposeCacheEntries;
  private entries: { source: object; shapeKey: string; transposed: tf.TensorInfo }[] = [];
  private backend: WasmBackendLike | null = null;

  /** `b` transposed on its last two axes; owned by the cache (callers must not dispose it). */
  get(backend: WasmBackendLike, transpose: KernelImpl, b: tf.TensorInfo): tf.TensorInfo {
    if (this.backend !== backend) this.clear();
    this.backend = backend;
    this.sweep();
    const shapeKey = b.shape.join(',');
    const i = this.entries.findIndex(e => e.source === b.dataId && e.shapeKey === shapeKey);
    if (i >= 0) {
      const [hit] = this.entries.splice(i, 1);
      this.entries.push(hit);
      return hit.transposed;
    }
    const transposed = transposeLast2(transpose, backend, b);
    this.entries.push({ source: b.dataId, shapeKey, transposed });
    while (this.entries.length > TransposeCache.CAPACITY) backend.disposeData(this.entries.shift()!.transposed.dataId);
    return transposed;
  }

  /** Frees entries whose source tensor no longer exists. */
  sweep(): void {
    const backend = this.backend;
    if (!backend) return;
    this.entries = this.entries.filter(e => {
      if (hasData(backend, e.source)) return true;
      backend.disposeData(e.transposed.dataId);
      return false;
    });
  }

  clear(): void {
    if (this.backend) for (const e of this.entries) this.backend.disposeData(e.transposed.dataId);
    this.entries = [];
  }

  get size(): number {
    return this.entries.length;
  }
}

const transposedWeights = new TransposeCache();

/** Frees the cached transposed weights (e.g. after training); returns how many were held. */
export function releaseMatMulCaches(): number {
  const n = transposedWeights.size;
  transposedWeights.clear();
  return n;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * A key per tensor data object for the native module's cache of packed right operands (gemm.c): a
 * tensor's data never changes while it exists, and keys are never reused, so a key names contents.
 */
const operandKeys = new WeakMap<object, number>();
let nextOperandKey = 1;

export function operandKey(info: tf.TensorInfo): number {
  let key = operandKeys.get(info.dataId);
  if (key === undefined) {
    key = nextOperandKey++;
    operandKeys.set(info.dataId, key);
  }
  return key;
}

/**
 * `op(a) . op(b)` for float32 operands of rank >= 2 on the wasm heap, batched over the leading axes
 * (an operand with one batch entry is broadcast). Returns null when the native path is off or the
 * shapes need a general broadcast; the caller then uses the wasm kernels.
 */
function nativeMatMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean,
  outShape: number[]): tf.TensorInfo | null {
  const native = nativeModule();
  if (!native) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  if (batchA === batch && batchB === batch && batch > 1 && !sameShape(a.shape.slice(0, -2), b.shape.slice(0, -2))) return null;
  const flattened = batchB === 1 && batch > 1 && !transposeA;
  // Batched right operands (attention over each sentence: [B, 11, 256] x [B, 256, 20]) have no weights for
  // XNNPACK to cache, and its per-entry loop or the scalar loop is 5-15x slower there, however few the rows.
  if ((flattened ? batch * m : m) < KERNEL_LIMITS.nativeMatMulMinRows && !(batch > 1 && batchB > 1)) return null;
  // Allocate first: a new output may grow the heap, which replaces its ArrayBuffer.
  const out = backend.makeOutput(outShape, 'float32');
  const offset = (t: tf.TensorInfo): number => heapOffset(backend, t);
  const heap = heapBuffer(backend);
  if (flattened) {
    // [batch, M, K] x [K, N]: one product over all rows of a (b packed once).
    native.matMul(heap, offset(a), offset(b), offset(out), 1, batch * m, n, k, 0, Number(transposeB), 0, 0, operandKey(b));
  } else {
    native.matMul(heap, offset(a), offset(b), offset(out), batch, m, n, k, Number(transposeA), Number(transposeB),
      batchA > 1 ? m * k * 4 : 0, batchB > 1 ? k * n * 4 : 0, batchB > 1 ? 0 : operandKey(b));
  }
  return out;
}

const shapeBytes = (shape: number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/**
 * `[batch, M, K] x [batch, K, N]`, both untransposed, as `batch` XNNPACK products over views of the
 * operands' memory. Either operand may be unbatched (broadcast). Output `[batch, M, N]`.
 */
function loopedBatchMatMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, batch: number,
  m: number, k: number, n: number): tf.TensorInfo {
  const out = backend.makeOutput([batch, m, n], 'float32');
  const aBase = heapOffset(backend, a);
  const bBase = heapOffset(backend, b);
  const outBase = heapOffset(backend, out);
  const aStep = sizeOf(a.shape.slice(0, -2)) > 1 ? m * k * 4 : 0;
  const bStep = sizeOf(b.shape.slice(0, -2)) > 1 ? k * n * 4 : 0;
  const run = rawBatchMatMul(backend);
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  for (let i = 0; i < batch; i++) {
    const av = makeView(backend, [1, m, k], aBase + i * aStep);
    const bv = makeView(backend, [1, k, n], bBase + i * bStep);
    const ov = makeView(backend, [1, m, n], outBase + i * m * n * 4);
    try {
      run(av.id, aShape, 3, bv.id, bShape, 3, false, false, ov.id);
    } finally {
      releaseView(backend, av.info);
      releaseView(backend, bv.info);
      releaseView(backend, ov.info);
    }
  }
  return out;
}

/**
 * When the per-entry XNNPACK loop beats the backend's scalar loop (limits in KERNEL_LIMITS). Each entry
 * packs its right operand (K*N work, plus creating an operator) for M*K*N multiply-adds, so few left rows
 * do not pay for it (e.g. [128,29,10]x[128,10,256] gains, [128,10,256]x[128,256,29] loses). With few rows
 * but many columns the product is computed transposed (out^T = b^T a^T), which has N rows. Tiny products
 * stay on the scalar loop.
 */
const { loopMatMulMinRows: LOOP_MIN_ROWS, loopMatMulMinMacs: LOOP_MIN_MACS } = KERNEL_LIMITS;

export function makeBatchMatMul(original: KernelImpl, transpose: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs;
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const backend = asWasmBackend(args.backend);
    const ar = a.shape.length;
    const br = b.shape.length;
    const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
    const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
    const kb = transposeB ? b.shape[br - 1] : b.shape[br - 2];
    const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
    if (k !== kb) {
      throw new Error(`Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
    }
    const aOuter = a.shape.slice(0, -2);
    const bOuter = b.shape.slice(0, -2);
    const batchA = sizeOf(aOuter);
    const batchB = sizeOf(bOuter);
    const outShape = [...tf.backend_util.assertAndGetBroadcastShape(aOuter, bOuter), m, n];
    const native = nativeMatMul(backend, a, b, transposeA, transposeB, outShape);
    if (native) return native;
    // Already the fast path (a plain 2-D product: every decoding step): no extra work at all.
    if (!transposeA && !transposeB && ar === 2 && br === 2) return original(args);
    const plain = { transposeA: false, transposeB: false };
    const temps: tf.TensorInfo[] = [];
    /** x with its last two axes swapped: a temporary copy, freed when this call returns. */
    const swapped = (x: tf.TensorInfo): tf.TensorInfo => {
      const t = transposeLast2(transpose, backend, x);
      temps.push(t);
      return t;
    };
    try {
      if (batchB === 1) {
        // [..., M, K] x [K, N]: one product over the flattened rows of a.
        const A = transposeA ? swapped(a) : a;
        const B = transposeB ? transposedWeights.get(backend, transpose, b) : b;
        const out = original({ inputs: { a: reshaped(A, [1, batchA * m, k]), b: reshaped(B, [1, k, n]) }, backend, attrs: plain }) as tf.TensorInfo;
        return reshaped(out, outShape);
      }
      const loopable = (batchA === batchB && sameShape(aOuter, bOuter)) || batchA === 1;
      if (loopable && m * k * n >= LOOP_MIN_MACS && m >= LOOP_MIN_ROWS) {
        const A = transposeA ? swapped(a) : a;
        const B = transposeB ? swapped(b) : b;
        return reshaped(loopedBatchMatMul(backend, A, B, batchB, m, k, n), outShape);
      }
      if (loopable && m * k * n >= LOOP_MIN_MACS && n >= LOOP_MIN_ROWS) {
        // out^T = b^T a^T: b^T is b's own storage when b came transposed, likewise a^T.
        const left = transposeB ? b : swapped(b); // [batch, N, K]
        const right = transposeA ? a : swapped(a); // [batch or 1, K, M]
        const outT = loopedBatchMatMul(backend, left, right, batchB, n, k, m);
        temps.push(outT);
        return reshaped(transposeLast2(transpose, backend, outT), outShape);
      }
      // Small products and unusual broadcasts: the backend's own kernel, operands untransposed.
      const out = original({ inputs: { a: transposeA ? swapped(a) : a, b: transposeB ? swapped(b) : b }, backend, attrs: plain }) as tf.TensorInfo;
      return reshaped(out, outShape);
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * `_FusedMatMul` (matmul + bias + activation, used by `tf.fused.matMul` and layers). Inputs arrive as
 * rank 3. Without an activation the product runs natively when it can, then the bias is added;
 * otherwise transposes are made explicit and a batched `a` with an unbatched `b` becomes one flattened product.
 */
export function makeFusedMatMul(original: KernelImpl, transpose: KernelImpl, add: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs;
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3) return original(args);
    const backend = asWasmBackend(args.backend);
    const activation = args.attrs?.activation;
    const bias = args.inputs.bias;
    if ((activation === undefined || activation === 'linear') && args.inputs.preluActivationWeights == null
      && (a.shape[0] === b.shape[0] || b.shape[0] === 1)) {
      // The product natively, then the bias with the backend's Add (matmul + bias: the LSTM input projections).
      const m = transposeA ? a.shape[2] : a.shape[1];
      const n = transposeB ? b.shape[1] : b.shape[2];
      const product = nativeMatMul(backend, a, b, transposeA, transposeB, [a.shape[0], m, n]);
      if (product && !bias) return product;
      if (product) {
        try {
          return add({ inputs: { a: product, b: bias }, backend: args.backend }) as tf.TensorInfo;
        } finally {
          backend.disposeData(product.dataId);
        }
      }
    }
    const temps: tf.TensorInfo[] = [];
    try {
      const A = transposeA ? transposeLast2(transpose, args.backend, a) : a;
      if (transposeA) temps.push(A);
      let B = b;
      if (transposeB && b.shape[0] === 1) {
        B = transposedWeights.get(backend, transpose, b);
      } else if (transposeB) {
        B = transposeLast2(transpose, args.backend, b);
        temps.push(B);
      }
      const attrs = { ...args.attrs, transposeA: false, transposeB: false };
      const [batchA, m, k] = A.shape;
      const n = B.shape[2];
      const prelu = args.inputs.preluActivationWeights;
      if (batchA > 1 && B.shape[0] === 1 && prelu == null) {
        const out = original({ inputs: { ...args.inputs, a: reshaped(A, [1, batchA * m, k]), b: B }, backend: args.backend, attrs }) as tf.TensorInfo;
        return reshaped(out, [batchA, m, n]);
      }
      return original({ inputs: { ...args.inputs, a: A, b: B }, backend: args.backend, attrs });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}
