/**
 * Messages between the training leader and its gradient helpers (worker_threads). Weights and gradients
 * travel through SharedArrayBuffers laid out by `WeightLayout` (float32, model-file order); messages
 * carry only control data and the batch's token ids.
 */
import type { BackendName, ModelConfig, NativeKernelsSetting } from '../types';

export interface WeightSlot {
  name: string;
  shape: number[];
  /** Offset in float32 elements into the shared buffers. */
  offset: number;
  size: number;
}

export interface HelperInit {
  type: 'init';
  config: ModelConfig;
  sourceVocab: string[];
  targetVocab: string[];
  backend: BackendName;
  wasmDir?: string;
  /** The leader's native-kernels choice (`nativeKernelsSetting()`): both threads run the same kernels. */
  nativeKernels: { value: NativeKernelsSetting; source: string };
  layout: WeightSlot[];
  /** Leader-written current weights (read by every helper before each step). */
  weights: SharedArrayBuffer;
  /** This helper's gradient output. */
  grads: SharedArrayBuffer;
}

/** Pairs to compute the loss and gradient of. */
interface PairsRequest {
  id: number;
  /** Encoder-order source ids and target ids (without <sos>/<eos>). */
  sources: number[][];
  targets: number[][];
  /** Teacher-forcing choice per decoder step (absent: pure teacher forcing). */
  teacher?: boolean[];
}

/**
 * The pairs to compute at the weights in the shared buffer: this helper's share of a batch (exact mode)
 * or a whole batch, or its larger part, while the leader trains another (delayed mode).
 */
export interface HelperStep extends PairsRequest {
  type: 'step';
}

export type LeaderMessage = HelperInit | HelperStep | { type: 'stop' };

export type HelperMessage =
  | { type: 'ready'; backend: BackendName }
  /**
   * `ms`: the helper's time for the step, weights load and gradient copy included; `receivedAt` / `sentAt`:
   * when the step message arrived and the result left (ms since the epoch, `performance.timeOrigin` based);
   * `heapMB`: the helper's wasm heap after the step (the bench reports it: each thread has its own heap).
   * The gradient itself is in the helper's shared buffer.
   */
  | { type: 'grads'; id: number; loss: number; ms: number; receivedAt?: number; sentAt?: number; heapMB?: number }
  | { type: 'error'; id: number | null; message: string };

export function isHelperMessage(value: unknown): value is HelperMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; id?: unknown; loss?: unknown; message?: unknown; backend?: unknown };
  switch (v.type) {
    case 'ready': return v.backend === 'wasm' || v.backend === 'cpu';
    case 'grads':
      return typeof v.id === 'number' && typeof v.loss === 'number' && typeof (v as { ms?: unknown }).ms === 'number'
        && ((v as { heapMB?: unknown }).heapMB === undefined || typeof (v as { heapMB?: unknown }).heapMB === 'number');
    case 'error': return typeof v.message === 'string' && (v.id === null || typeof v.id === 'number');
    default: return false;
  }
}

/** Real (unmasked) target tokens of a batch: each target plus its <eos>, the loss's denominator. */
export function targetTokenCount(targets: readonly (readonly number[])[]): number {
  let n = 0;
  for (const t of targets) n += t.length + 1;
  return n;
}
