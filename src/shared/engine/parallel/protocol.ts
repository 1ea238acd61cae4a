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

/** Exact mode: this helper's share of a batch, at the weights in the shared buffer. */
export interface HelperStep extends PairsRequest {
  type: 'step';
}

/**
 * Delayed mode: a whole batch (or its larger part) at the weights the leader had when it sent the job
 * (carried with the message, transferred); the gradient comes back in the reply, in the same buffer.
 */
export interface HelperJob extends PairsRequest {
  type: 'job';
  /** Float32 weights in `WeightLayout` order. */
  weights: Float32Array;
}

export type LeaderMessage = HelperInit | HelperStep | HelperJob | { type: 'stop' };

export type HelperMessage =
  | { type: 'ready'; backend: BackendName }
  /**
   * `ms`: the helper's time for the step, weights load and gradient copy included; `receivedAt` / `sentAt`:
   * when the step message arrived and the result left (ms since the epoch, `performance.timeOrigin` based);
   * `values`: a job's gradient (steps write theirs to the shared buffer instead); `heapMB`: the helper's
   * wasm heap after the step (the bench reports it: each thread has its own heap).
   */
  | { type: 'grads'; id: number; loss: number; ms: number; receivedAt?: number; sentAt?: number; values?: Float32Array; heapMB?: number }
  | { type: 'error'; id: number | null; message: string };

export function isHelperMessage(value: unknown): value is HelperMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; id?: unknown; loss?: unknown; message?: unknown; backend?: unknown };
  switch (v.type) {
    case 'ready': return v.backend === 'wasm' || v.backend === 'cpu';
    case 'grads': {
      const values = (v as { values?: unknown }).values;
      return typeof v.id === 'number' && typeof v.loss === 'number' && typeof (v as { ms?: unknown }).ms === 'number'
        && (values === undefined || values instanceof Float32Array)
        && ((v as { heapMB?: unknown }).heapMB === undefined || typeof (v as { heapMB?: unknown }).heapMB === 'number');
    }
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
