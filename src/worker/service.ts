/**
 * The worker's implementation of `WorkerApi`: one method per protocol method (`implements` plus the
 * mapped `WorkerHandlers` type make a missing or mistyped one a compile error). Each method gets its
 * already-checked arguments and answers with a value or throws (a `WorkerFailure` for expected
 * problems). The engine is used only through `shared/engine/index`.
 */
import {
  acquireOutputLock, configureNativeKernels, initBackend, modelLabelProblem, modelLabelProblemMessage, nativeStatus, OutputBusyError, rawLengthProblem,
  updateModelMeta, type BackendName, type BeamResult, type DecodeResult, type ModelInfo, type TracedDecode } from '../shared/engine/index';
import type {
  CompareArgs, ForcedArgs, InitArgs, RenameModelArgs, TraceArgs, TrainArgs, TrainEvent, TrainResult, TranslateArgs, WorkerArgs, WorkerMethod, WorkerResult,
} from '../shared/protocol/worker';
import { clampInteger, SETTINGS } from '../shared/settings';
import { CodedError, coded } from '../shared/messages/coded';
import { WorkerFailure } from './errors';
import { checkInput } from './inputCheck';
import { ModelStore } from './modelStore';
import { train } from './training';

/** What a method gets besides its arguments: progress and cancellation of its own call. */
export interface CallContext {
  emit(event: TrainEvent): void;
  isCancelled(): boolean;
}

/** Every protocol method as the worker serves it (`crash` is served by the entry, outside the service). */
export type WorkerHandlers = {
  [M in Exclude<WorkerMethod, 'crash'>]: (args: WorkerArgs<M>, call: CallContext) => WorkerResult<M> | Promise<WorkerResult<M>>;
};

export class WorkerService implements WorkerHandlers {
  private readonly store = new ModelStore();
  private backend: BackendName = 'cpu';

  async init(args: InitArgs): Promise<{ backend: BackendName }> {
    this.store.setFolders({ modelDirs: args.modelDirs, saveDir: args.saveDir });
    configureNativeKernels(args.nativeKernels ?? 'auto', `seq2seqAttention.nativeKernels: ${args.nativeKernels ?? 'auto'}`);
    this.backend = await initBackend(args.backend, args.wasmDir);
    // Once per init (start and setting changes), into the extension's log (the worker's stderr).
    console.warn(`Kernels: ${this.backend === 'wasm' ? nativeStatus() : 'cpu backend (plain JavaScript): no wasm or native kernels'}`);
    return { backend: this.backend };
  }

  listModels(): ModelInfo[] {
    const models = this.store.list();
    // The worker's stderr is piped into the extension's log.
    for (const warning of this.store.warnings()) console.warn(`Skipped model file ${warning}`);
    return models;
  }

  async translate(args: TranslateArgs): Promise<BeamResult> {
    return this.decode(args.modelId, args.text, args.beamWidth, args.topK);
  }

  async compare(args: CompareArgs): Promise<DecodeResult[]> {
    if (args.modelIds.length === 0) throw new WorkerFailure('bad-input', coded('worker.noModelsToCompare'));
    const results: DecodeResult[] = [];
    for (const id of args.modelIds) results.push((await this.decode(id, args.text, args.beamWidth, args.topK)).hypotheses[0]);
    return results;
  }

  async forced(args: ForcedArgs): Promise<DecodeResult> {
    const { model } = await this.store.get(args.modelId);
    checkInput(args.modelId, model.config, model.sourceVocab, args.text);
    const targetTooLong = rawLengthProblem(args.target, model.config.maxTargetLength, 'target');
    if (targetTooLong) throw new WorkerFailure('bad-input', targetTooLong);
    return model.forced(args.text, args.target, args.modelId);
  }

  async trace(args: TraceArgs): Promise<TracedDecode> {
    const { model } = await this.store.get(args.modelId);
    checkInput(args.modelId, model.config, model.sourceVocab, args.text);
    const target = args.target?.trim() ? args.target : undefined;
    const targetTooLong = target === undefined ? null : rawLengthProblem(target, model.config.maxTargetLength, 'forced');
    if (targetTooLong) throw new WorkerFailure('bad-input', targetTooLong);
    if ((args.targetTokens?.length ?? 0) > model.config.maxTargetLength) {
      throw new WorkerFailure('bad-input', coded('worker.forcedTooManyTokens', { count: args.targetTokens?.length ?? 0, max: model.config.maxTargetLength }));
    }
    if (args.mode === 'whole' && target === undefined && !args.targetTokens?.length) throw new WorkerFailure('bad-input', coded('worker.forcedEmpty'));
    try {
      return model.trace(args.text, {
        modelId: args.modelId, topK: Math.max(1, clampInteger(SETTINGS.topK, args.topK)),
        target, targetTokens: target === undefined ? args.targetTokens : undefined, mode: args.mode,
      });
    } catch (error) {
      // The engine's refusal of a forced output too long for the model is the user's to fix; anything else is a bug.
      if (error instanceof CodedError && error.coded.code === 'decode.forcedTooManyTokens') throw new WorkerFailure('bad-input', error.coded);
      throw error;
    }
  }

  async train(args: TrainArgs, call: CallContext): Promise<TrainResult> {
    const labelProblem = modelLabelProblem(args.label);
    if (labelProblem) throw new WorkerFailure('bad-input', modelLabelProblemMessage(labelProblem));
    return train(args, { store: this.store, backend: () => this.backend, emit: call.emit, isCancelled: call.isCancelled });
  }

  /**
   * Rewrites the label in a trained model's file (through the atomic save: a temporary file renamed over
   * it), under the same lock a training of that model holds, so a running checkpoint save cannot undo it.
   */
  async renameModel(args: RenameModelArgs): Promise<ModelInfo> {
    const info = this.store.info(args.modelId);
    if (info.shipped) throw new WorkerFailure('bad-input', coded('worker.shippedRename', { model: args.modelId }));
    const problem = modelLabelProblem(args.label);
    if (problem) throw new WorkerFailure('bad-input', modelLabelProblemMessage(problem));
    let release: () => void;
    try {
      release = acquireOutputLock(info.path);
    } catch (e) {
      if (e instanceof OutputBusyError) throw new WorkerFailure('bad-input', coded('worker.renameWhileTraining', { model: args.modelId, pid: e.pid }));
      throw e;
    }
    try {
      await updateModelMeta(info.path, meta => ({ ...meta, label: args.label.trim() }));
    } finally {
      release();
    }
    this.store.forget(args.modelId);
    return this.store.info(args.modelId);
  }

  private async decode(modelId: string, text: string, beamWidth: number, topK: number): Promise<BeamResult> {
    const { model } = await this.store.get(modelId);
    checkInput(modelId, model.config, model.sourceVocab, text);
    return model.translate(text, {
      modelId,
      // The same limits as the settings the host reads them from.
      beamWidth: clampInteger(SETTINGS.beamWidth, beamWidth),
      topK: clampInteger(SETTINGS.topK, topK),
    });
  }
}
