/**
 * The worker's implementation of `WorkerApi`: one method per protocol method (`implements` plus the
 * mapped `WorkerHandlers` type make a missing or mistyped one a compile error). Each method gets its
 * already-checked arguments and answers with a value or throws (a `WorkerFailure` for expected
 * problems). The engine is used only through `shared/engine/index`.
 */
import { initBackend, type BackendName, type BeamResult, type DecodeResult, type ModelInfo } from '../shared/engine/index';
import type {
  CompareArgs, ForcedArgs, InitArgs, TrainArgs, TrainEvent, TrainResult, TranslateArgs, WorkerArgs, WorkerMethod, WorkerResult,
} from '../shared/protocol/worker';
import { clampInteger, SETTINGS } from '../shared/settings';
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
    this.backend = await initBackend(args.backend, args.wasmDir);
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
    if (args.modelIds.length === 0) throw new WorkerFailure('bad-input', 'No models to compare.');
    const results: DecodeResult[] = [];
    for (const id of args.modelIds) results.push((await this.decode(id, args.text, args.beamWidth, args.topK)).hypotheses[0]);
    return results;
  }

  async forced(args: ForcedArgs): Promise<DecodeResult> {
    const { model } = await this.store.get(args.modelId);
    checkInput(args.modelId, model.config, model.sourceVocab, args.text);
    return model.forced(args.text, args.target, args.modelId);
  }

  async train(args: TrainArgs, call: CallContext): Promise<TrainResult> {
    return train(args, { store: this.store, backend: () => this.backend, emit: call.emit, isCancelled: call.isCancelled });
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
