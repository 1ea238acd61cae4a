/**
 * The worker's implementation of `WorkerApi`. Each method takes the already-validated call and answers
 * with a value or throws (a `WorkerFailure` for expected problems). The engine is used only through
 * `shared/engine/index`.
 */
import { configureNativeKernels, initBackend, nativeStatus, NATIVE_KERNELS_SETTINGS, type BackendName, type BeamResult, type DecodeResult, type ModelInfo } from '../shared/engine/index';
import type { CompareArgs, ForcedArgs, InitArgs, TrainArgs, TrainEvent, TrainResult, TranslateArgs } from '../shared/protocol/worker';
import { isArrayOf, isBoolean, isNonNegativeInt, isOneOf, isRecord, isString } from '../shared/protocol/guards';
import { WorkerFailure } from './errors';
import { checkInput } from './inputCheck';
import { ModelStore } from './modelStore';
import { train } from './training';

const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
const MAX_BEAM = 10;
const MAX_TOP_K = 20;

/** What a method gets besides its arguments: progress and cancellation of its own call. */
export interface CallContext {
  emit(event: TrainEvent): void;
  isCancelled(): boolean;
}

export class WorkerService {
  private readonly store = new ModelStore();
  private backend: BackendName = 'cpu';
  private wasmDir = '';

  async init(raw: unknown): Promise<{ backend: BackendName }> {
    const args = expect<InitArgs>(raw, a =>
      isArrayOf(a.modelDirs, isString) && isString(a.saveDir) && isString(a.wasmDir) && isOneOf(a.backend, BACKENDS)
      && (a.nativeKernels === undefined || isOneOf(a.nativeKernels, NATIVE_KERNELS_SETTINGS)), 'init');
    this.store.setFolders({ modelDirs: args.modelDirs, saveDir: args.saveDir });
    this.wasmDir = args.wasmDir;
    configureNativeKernels(args.nativeKernels ?? 'auto', `seq2seqAttention.nativeKernels: ${args.nativeKernels ?? 'auto'}`);
    this.backend = await initBackend(args.backend, args.wasmDir);
    // Once per init (start and setting changes), into the extension's log (the worker's stderr).
    console.warn(`Kernels: ${this.backend === 'wasm' ? nativeStatus() : 'cpu backend (plain JavaScript): no wasm or native kernels'}`);
    return { backend: this.backend };
  }

  async setBackend(raw: unknown): Promise<{ backend: BackendName }> {
    const args = expect<{ backend: BackendName }>(raw, a => isOneOf(a.backend, BACKENDS), 'setBackend');
    if (args.backend !== this.backend) {
      // Loaded weights live in the old backend's memory: drop them, they reload on next use.
      this.store.clear();
      this.backend = await initBackend(args.backend, this.wasmDir);
    }
    return { backend: this.backend };
  }

  listModels(): ModelInfo[] {
    const models = this.store.list();
    // The worker's stderr is piped into the extension's log.
    for (const warning of this.store.warnings()) console.warn(`Skipped model file ${warning}`);
    return models;
  }

  async translate(raw: unknown): Promise<BeamResult> {
    const args = expect<TranslateArgs>(raw, a =>
      isString(a.modelId) && isString(a.text) && isNonNegativeInt(a.beamWidth) && isNonNegativeInt(a.topK), 'translate');
    return this.decode(args.modelId, args.text, args.beamWidth, args.topK);
  }

  async compare(raw: unknown): Promise<DecodeResult[]> {
    const args = expect<CompareArgs>(raw, a =>
      isArrayOf(a.modelIds, isString) && isString(a.text) && isNonNegativeInt(a.beamWidth) && isNonNegativeInt(a.topK), 'compare');
    if (args.modelIds.length === 0) throw new WorkerFailure('bad-input', 'No models to compare.');
    const results: DecodeResult[] = [];
    for (const id of args.modelIds) results.push((await this.decode(id, args.text, args.beamWidth, args.topK)).hypotheses[0]);
    return results;
  }

  async forced(raw: unknown): Promise<DecodeResult> {
    const args = expect<ForcedArgs>(raw, a => isString(a.modelId) && isString(a.text) && isString(a.target), 'forced');
    const { model } = await this.store.get(args.modelId);
    checkInput(args.modelId, model.config, model.sourceVocab, args.text);
    return model.forced(args.text, args.target, args.modelId);
  }

  async train(raw: unknown, call: CallContext): Promise<TrainResult> {
    const args = expect<TrainArgs>(raw, a =>
      isRecord(a.dataset) && isString(a.dataset.name) && a.dataset.bytes instanceof Uint8Array &&
      isBoolean(a.reverseDirection) && isString(a.modelId) && isString(a.label) &&
      isRecord(a.model) && isString(a.model.task) && isString(a.model.mechanism) && isRecord(a.train), 'train');
    return train(args, { store: this.store, backend: () => this.backend, emit: call.emit, isCancelled: call.isCancelled });
  }

  private async decode(modelId: string, text: string, beamWidth: number, topK: number): Promise<BeamResult> {
    const { model } = await this.store.get(modelId);
    checkInput(modelId, model.config, model.sourceVocab, text);
    return model.translate(text, {
      modelId,
      beamWidth: Math.min(MAX_BEAM, Math.max(1, beamWidth)),
      topK: Math.min(MAX_TOP_K, Math.max(0, topK)),
    });
  }
}

/** Checks a method's arguments; a mismatch is a bug on the calling side, reported as bad input. */
function expect<T>(raw: unknown, check: (a: Record<string, unknown>) => boolean, method: string): T {
  if (!isRecord(raw) || !check(raw)) throw new WorkerFailure('bad-input', `Invalid arguments for '${method}'.`);
  return raw as T;
}
