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
import { NATIVE_KERNELS_SETTINGS } from '../engine/types';
import type { DatasetFile, DatasetIssue } from '../data/types';
import type { ForceMode, TracedDecode } from '../engine/traceTypes';
import { isCodedMessage, type CodedMessage } from '../messages/coded';
import { isArrayOf, isBoolean, isFiniteNumber, isNonNegativeInt, isOneOf, isRecord, isString } from './guards';
import { TRACE_MODES, isTracedDecode } from './trace';

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

/** A greedy decode that also returns every step's attention parts (the step inspector asks for it). */
export interface TraceArgs {
  modelId: string;
  text: string;
  topK: number;
  /** Fed instead of the model's own tokens (teacher forcing); absent: free running. */
  target?: string;
  /** The same as the model's own tokens (an alternative picked in the panel); used when `target` is absent. */
  targetTokens?: string[];
  /** 'prefix' (default): the model runs free after `target`; 'whole': `target` is the whole output. */
  mode?: ForceMode;
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

/** Gives a trained (not shipped) model a new label, rewriting its file atomically. */
export interface RenameModelArgs {
  modelId: string;
  label: string;
}

export type TrainEvent =
  | { kind: 'dataset'; pairs: number; skipped: number; issues: DatasetIssue[]; capped: CodedMessage[] }
  | { kind: 'batch'; progress: BatchProgress }
  | { kind: 'epoch'; metrics: EpochMetrics; checkpoint: string };

export interface TrainResult {
  model: ModelInfo;
  summary: TrainingSummary;
}

/**
 * Every method the worker serves, with its argument and result types. A call's `args` and its answer's
 * `value` follow from its method name (`WorkerCall<M>`, `WorkerResult<M>`).
 */
export interface WorkerApi {
  init(args: InitArgs): { backend: BackendName };
  listModels(args: Record<string, never>): ModelInfo[];
  translate(args: TranslateArgs): BeamResult;
  compare(args: CompareArgs): DecodeResult[];
  forced(args: ForcedArgs): DecodeResult;
  trace(args: TraceArgs): TracedDecode;
  train(args: TrainArgs): TrainResult;
  renameModel(args: RenameModelArgs): ModelInfo;
  /**
   * Test hook: makes the worker process exit abruptly, as a crash would: an uncaught exception, or
   * (`abort`) the process aborting as a fault in native code does. Served only by a worker started
   * with `WorkerOptions.testHooks` (the host sets it only when the extension runs in Test mode).
   */
  crash(args: { kind?: CrashKind }): never;
}
export type WorkerMethod = keyof WorkerApi;
export type WorkerArgs<M extends WorkerMethod> = Parameters<WorkerApi[M]>[0];
export type WorkerResult<M extends WorkerMethod> = ReturnType<WorkerApi[M]>;

export const CRASH_KINDS = ['exception', 'abort'] as const;
export type CrashKind = typeof CRASH_KINDS[number];

/** The environment variable that carries `WorkerOptions` (as JSON) to a worker forked as a child process. */
export const WORKER_OPTIONS_ENV = 'SEQ2SEQ_WORKER_OPTIONS';

/** The worker's options: its `workerData` in a thread, `WORKER_OPTIONS_ENV` in a child process. */
export interface WorkerOptions {
  /** Serve the test-only methods (`crash`). */
  testHooks: boolean;
}

export function isWorkerOptions(value: unknown): value is WorkerOptions {
  return isRecord(value) && isBoolean(value.testHooks);
}

/** One call of method `M`: `args` is typed by the method's name, as the union over every method. */
export type WorkerCall<M extends WorkerMethod = WorkerMethod> = {
  [K in M]: { type: 'call'; id: number; method: K; args: WorkerArgs<K> };
}[M];

type ArgsGuards = { [M in WorkerMethod]: (args: Record<string, unknown>) => boolean };
type ResultGuards = { [M in WorkerMethod]: (value: unknown) => boolean };

const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

/** The argument check of every method (a mapped type: a method without a check does not compile). */
const ARGS_GUARDS: ArgsGuards = {
  init: a => isArrayOf(a.modelDirs, isString) && isString(a.saveDir) && isString(a.wasmDir) && isOneOf(a.backend, BACKENDS) &&
    (a.nativeKernels === undefined || isOneOf(a.nativeKernels, NATIVE_KERNELS_SETTINGS)),
  listModels: () => true,
  translate: a => isString(a.modelId) && isString(a.text) && isNonNegativeInt(a.beamWidth) && isNonNegativeInt(a.topK),
  compare: a => isArrayOf(a.modelIds, isString) && isString(a.text) && isNonNegativeInt(a.beamWidth) && isNonNegativeInt(a.topK),
  forced: a => isString(a.modelId) && isString(a.text) && isString(a.target),
  trace: a => isString(a.modelId) && isString(a.text) && isNonNegativeInt(a.topK) &&
    (a.target === undefined || isString(a.target)) && (a.targetTokens === undefined || isArrayOf(a.targetTokens, isString)) &&
    (a.mode === undefined || isOneOf(a.mode, TRACE_MODES)),
  train: a => isRecord(a.dataset) && isString(a.dataset.name) && a.dataset.bytes instanceof Uint8Array &&
    isBoolean(a.reverseDirection) && isString(a.modelId) && isString(a.label) &&
    isRecord(a.model) && isString(a.model.task) && isString(a.model.mechanism) && isRecord(a.train),
  renameModel: a => isString(a.modelId) && isString(a.label),
  crash: a => a.kind === undefined || isOneOf(a.kind, CRASH_KINDS),
};

/** Every method's name, from the checks above. */
export const WORKER_METHODS = Object.keys(ARGS_GUARDS) as readonly WorkerMethod[];

/** Whether `args` are valid arguments of `method` (a mismatch is a bug on the calling side). */
export function isWorkerArgs<M extends WorkerMethod>(method: M, args: unknown): args is WorkerArgs<M> {
  return isRecord(args) && ARGS_GUARDS[method](args);
}

function isDecodeResult(v: unknown): v is DecodeResult {
  return isRecord(v) && isString(v.modelId) && isString(v.text) && isArrayOf(v.output, isString) &&
    Array.isArray(v.source) && isArrayOf(v.probabilities, isFiniteNumber) && Array.isArray(v.topK) &&
    (v.attention === null || Array.isArray(v.attention)) && isArrayOf(v.sourceUnknown, isBoolean);
}

function isModelInfo(v: unknown): v is ModelInfo {
  return isRecord(v) && isString(v.id) && isString(v.path) && isString(v.task) && isString(v.mechanism) &&
    isString(v.label) && isBoolean(v.shipped) && isRecord(v.config) && (v.summary === null || isRecord(v.summary));
}

/** The shape check of every method's result, run by the host before a caller sees it. */
const RESULT_GUARDS: ResultGuards = {
  init: v => isRecord(v) && isOneOf(v.backend, BACKENDS),
  listModels: v => isArrayOf(v, isModelInfo),
  translate: v => isRecord(v) && isArrayOf(v.hypotheses, isDecodeResult) && v.hypotheses.length > 0,
  compare: v => isArrayOf(v, isDecodeResult),
  forced: isDecodeResult,
  trace: isTracedDecode,
  train: v => isRecord(v) && isModelInfo(v.model) && isRecord(v.summary) && Array.isArray(v.summary.epochs),
  renameModel: isModelInfo,
  crash: () => false,
};

export function isWorkerResult<M extends WorkerMethod>(method: M, value: unknown): value is WorkerResult<M> {
  return RESULT_GUARDS[method](value);
}

export interface WorkerError {
  /** In English (the log's words). */
  message: string;
  /** Stable code a caller can branch on, e.g. 'cancelled', 'bad-input', 'model-not-found', 'internal'. */
  code: string;
  /** The message coded, for the user: the host renders it in the display language. */
  detail?: CodedMessage;
  stack?: string;
}

export type HostToWorker = WorkerCall | { type: 'cancel'; id: number };

/** A call as it arrives: a known method, arguments not yet checked (`isWorkerArgs`). */
export type ReceivedCall = { type: 'call'; id: number; method: WorkerMethod; args: unknown };

export type WorkerToHost =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: WorkerError }
  | { type: 'progress'; id: number; event: TrainEvent };

/** A cancel, or a call of a known method whose arguments the worker checks next (answering bad ones). */
export function isHostToWorker(m: unknown): m is ReceivedCall | { type: 'cancel'; id: number } {
  if (!isRecord(m) || !isNonNegativeInt(m.id)) return false;
  if (m.type === 'cancel') return true;
  return m.type === 'call' && isOneOf(m.method, WORKER_METHODS) && 'args' in m;
}

export function isWorkerError(e: unknown): e is WorkerError {
  return isRecord(e) && isString(e.message) && isString(e.code) && (e.detail === undefined || isCodedMessage(e.detail));
}

/** A skipped dataset line as the worker reports it (the host renders its reason). */
function isDatasetIssue(i: unknown): i is DatasetIssue {
  return isRecord(i) && isString(i.file) && isNonNegativeInt(i.line) && isCodedMessage(i.reason);
}

function isTrainEvent(e: unknown): e is TrainEvent {
  if (!isRecord(e)) return false;
  switch (e.kind) {
    case 'dataset': return isNonNegativeInt(e.pairs) && isNonNegativeInt(e.skipped) && isArrayOf(e.issues, isDatasetIssue) && isArrayOf(e.capped, isCodedMessage);
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
