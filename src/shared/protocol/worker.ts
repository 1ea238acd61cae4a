/**
 * The host <-> worker protocol. The host calls methods of `WorkerApi` by name; the worker answers each
 * call once with a result or an error, and may send progress events for it in between.
 *
 *   host -> worker: {type: 'call', id, method, args} | {type: 'cancel', id}
 *   worker -> host: {type: 'result', id, ok: true, value} | {type: 'result', id, ok: false, error}
 *                   {type: 'progress', id, event}
 *
 * Both sides validate every message with the guards below before acting on it.
 */
import type {
  BackendName, BatchProgress, NativeKernelsSetting, BeamResult, DecodeResult, EpochMetrics, Mechanism, ModelConfig, ModelInfo,
  TrainConfig, TrainingSummary,
} from '../engine/types';
import type { DatasetFile, DatasetIssue } from '../data/types';
import { isNonNegativeInt, isOneOf, isRecord, isString } from './guards';

export interface InitArgs {
  /** Folders to list models from, shipped first; saved models go to `saveDir`. */
  modelDirs: string[];
  saveDir: string;
  /** Folder holding the tfjs wasm binaries (the extension's dist/). */
  wasmDir: string;
  backend: BackendName;
  /** `seq2seqAttention.nativeKernels`: 'off' keeps the kernels on WebAssembly (absent: 'auto'). */
  nativeKernels?: NativeKernelsSetting;
}

export interface TranslateArgs {
  modelId: string;
  text: string;
  beamWidth: number;
  topK: number;
}

export interface CompareArgs {
  modelIds: string[];
  text: string;
  beamWidth: number;
  topK: number;
}

export interface ForcedArgs {
  modelId: string;
  text: string;
  target: string;
}

export interface TrainArgs {
  dataset: DatasetFile;
  /** Swap source and target columns. */
  reverseDirection: boolean;
  modelId: string;
  label: string;
  model: Partial<ModelConfig> & { mechanism: Mechanism; task: string };
  train: Partial<TrainConfig>;
}

export type TrainEvent =
  | { kind: 'dataset'; pairs: number; skipped: number; issues: DatasetIssue[]; capped: string[] }
  | { kind: 'batch'; progress: BatchProgress }
  | { kind: 'epoch'; metrics: EpochMetrics; checkpoint: string };

export interface TrainResult {
  model: ModelInfo;
  summary: TrainingSummary;
}

/** Every method the worker serves, with its argument and result types. */
export interface WorkerApi {
  init(args: InitArgs): { backend: BackendName };
  setBackend(args: { backend: BackendName }): { backend: BackendName };
  listModels(args: Record<string, never>): ModelInfo[];
  translate(args: TranslateArgs): BeamResult;
  compare(args: CompareArgs): DecodeResult[];
  forced(args: ForcedArgs): DecodeResult;
  train(args: TrainArgs): TrainResult;
  /** Test hook: makes the worker process exit abruptly, as a crash would. */
  crash(args: Record<string, never>): never;
}
export type WorkerMethod = keyof WorkerApi;
export const WORKER_METHODS: readonly WorkerMethod[] = [
  'init', 'setBackend', 'listModels', 'translate', 'compare', 'forced', 'train', 'crash',
];
export type WorkerArgs<M extends WorkerMethod> = Parameters<WorkerApi[M]>[0];
export type WorkerResult<M extends WorkerMethod> = ReturnType<WorkerApi[M]>;

export interface WorkerError {
  message: string;
  /** Stable code a caller can branch on, e.g. 'cancelled', 'bad-input', 'model-not-found', 'internal'. */
  code: string;
  stack?: string;
}

export type HostToWorker =
  | { type: 'call'; id: number; method: WorkerMethod; args: unknown }
  | { type: 'cancel'; id: number };

export type WorkerToHost =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: WorkerError }
  | { type: 'progress'; id: number; event: TrainEvent };

export function isHostToWorker(m: unknown): m is HostToWorker {
  if (!isRecord(m) || !isNonNegativeInt(m.id)) return false;
  if (m.type === 'cancel') return true;
  return m.type === 'call' && isOneOf(m.method, WORKER_METHODS) && 'args' in m;
}

export function isWorkerError(e: unknown): e is WorkerError {
  return isRecord(e) && isString(e.message) && isString(e.code);
}

function isTrainEvent(e: unknown): e is TrainEvent {
  if (!isRecord(e)) return false;
  switch (e.kind) {
    case 'dataset': return isNonNegativeInt(e.pairs) && Array.isArray(e.issues);
    case 'batch': return isRecord(e.progress) && isNonNegativeInt(e.progress.batch);
    case 'epoch': return isRecord(e.metrics) && isString(e.checkpoint);
    default: return false;
  }
}

export function isWorkerToHost(m: unknown): m is WorkerToHost {
  if (!isRecord(m) || !isNonNegativeInt(m.id)) return false;
  if (m.type === 'progress') return isTrainEvent(m.event);
  if (m.type !== 'result') return false;
  return m.ok === true ? 'value' in m : m.ok === false && isWorkerError(m.error);
}
