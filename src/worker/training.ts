/**
 * The `train` method: read the dataset the host sent as bytes, train, and write the model file at the end
 * of every epoch (the engine writes atomically), so a cancel, a crash or a kill keeps the last finished
 * epoch. The final save replaces the checkpoint with the finished model and its summary.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  acquireOutputLock, bestEpochOf, makeModelConfig, makeTrainConfig, saveModelFile, OutputBusyError, trainModel, MODEL_FILE_EXTENSION, MECHANISM_LABELS,
  type EpochMetrics, type ModelConfig, type Seq2SeqModel, type TrainingSummary,
} from '../shared/engine/index';
import { readDataset } from '../shared/data/index';
import { swappedPairs, type Pair } from '../shared/data/types';
import { tokenizerFor } from '../shared/text/tokenizer';
import type { TrainArgs, TrainEvent, TrainResult } from '../shared/protocol/worker';
import { coded } from '../shared/messages/coded';
import { WorkerFailure } from './errors';
import type { ModelStore } from './modelStore';

/** Datasets bigger than this are refused by the reader with a clear message rather than read. */
const MAX_DATASET_BYTES = 64 * 1024 * 1024;
const MAX_PAIRS = 200_000;
/** Batch events are throttled: the host only draws a progress bar from them. */
const BATCH_EVENT_MS = 150;

export interface TrainContext {
  store: ModelStore;
  backend(): TrainingSummary['backend'];
  emit(event: TrainEvent): void;
  isCancelled(): boolean;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function train(args: TrainArgs, ctx: TrainContext): Promise<TrainResult> {
  if (!SAFE_ID.test(args.modelId)) {
    throw new WorkerFailure('bad-input', coded('worker.badModelId', { model: args.modelId }));
  }
  if (!ctx.store.saveDir) throw new Error('The worker was not initialised with a save folder.');
  const config = makeModelConfig(args.model.task, args.model.mechanism, args.model);
  const trainConfig = makeTrainConfig(args.train);

  const read = readDataset(args.dataset, {
    maxPairs: MAX_PAIRS,
    // Lengths are capped in tokens below; the reader's character caps only guard against absurd lines.
    maxSourceChars: 4096,
    maxTargetChars: 4096,
    maxBytes: MAX_DATASET_BYTES,
  });
  const oriented = args.reverseDirection ? swappedPairs(read.pairs) : read.pairs;
  const { pairs, tooLong } = fitLengths(oriented, config);
  const capped = [...read.capped];
  if (tooLong > 0) {
    const limits = { source: config.maxSourceLength, target: config.maxTargetLength };
    capped.push(tooLong === 1 ? coded('data.cappedModelLimitsOne', limits) : coded('data.cappedModelLimits', { count: tooLong, ...limits }));
  }
  ctx.emit({ kind: 'dataset', pairs: pairs.length, skipped: read.skipped, issues: read.issues, capped });
  if (pairs.length < 2) {
    throw new WorkerFailure('bad-input', pairs.length === 1
      ? coded('worker.tooFewPairsOne', { file: args.dataset.name })
      : coded('worker.tooFewPairs', { file: args.dataset.name, count: pairs.length }));
  }

  fs.mkdirSync(ctx.store.saveDir, { recursive: true });
  const file = path.join(ctx.store.saveDir, args.modelId + MODEL_FILE_EXTENSION);
  let release: () => void;
  try {
    release = acquireOutputLock(file);
  } catch (e) {
    if (e instanceof OutputBusyError) throw new WorkerFailure('bad-input', coded('worker.trainingBusy', { model: args.modelId, pid: e.pid }));
    throw e;
  }
  try {
    return await trainInto(file, args, ctx, config, trainConfig, pairs);
  } finally {
    release();
  }
}

async function trainInto(file: string, args: TrainArgs, ctx: TrainContext, config: ModelConfig, trainConfig: ReturnType<typeof makeTrainConfig>, pairs: Pair[]): Promise<TrainResult> {
  const datasetName = path.basename(args.dataset.name);
  const description = (summaryText: string): string =>
    `${MECHANISM_LABELS[config.mechanism]} trained on ${datasetName} (${summaryText})`;
  const epochs: EpochMetrics[] = [];
  let lastBatchEvent = 0;
  let checkpointed = false;

  const { model, summary } = await trainModel({
    config,
    train: trainConfig,
    pairs,
    datasetName,
    hooks: {
      onBatch(progress) {
        const now = Date.now();
        if (now - lastBatchEvent < BATCH_EVENT_MS && progress.batch + 1 < progress.batches) return;
        lastBatchEvent = now;
        ctx.emit({ kind: 'batch', progress });
      },
      async onEpoch(metrics, current: Seq2SeqModel) {
        epochs.push(metrics);
        // Until the final save replaces it, this file describes an interrupted run.
        await saveModelFile(file, current, {
          id: args.modelId,
          label: args.label,
          description: description(`checkpoint after epoch ${metrics.epoch} of ${trainConfig.epochs}`),
          summary: {
            epochs: [...epochs], bestEpoch: bestEpochOf(epochs), stoppedBy: 'error',
            trainPairs: 0, validationPairs: 0, dataset: datasetName, seconds: 0, backend: ctx.backend(),
          },
        });
        checkpointed = true;
        ctx.store.forget(args.modelId);
        ctx.emit({ kind: 'epoch', metrics, checkpoint: file });
      },
      isCancelled: () => ctx.isCancelled(),
      // The worker's stderr is piped into the extension's log.
      onPlan: plan => console.warn(`Training ${args.modelId}: ${plan}`),
    },
  });
  try {
    if (summary.stoppedBy === 'cancelled' && !checkpointed) {
      throw new WorkerFailure('cancelled', coded('worker.cancelledBeforeEpoch'));
    }
    await saveModelFile(file, model, {
      id: args.modelId,
      label: args.label,
      description: description(summary.stoppedBy === 'cancelled'
        ? `cancelled after epoch ${summary.epochs.length} of ${trainConfig.epochs}`
        : `${summary.epochs.length} epoch${summary.epochs.length === 1 ? '' : 's'}`),
      summary,
    });
  } finally {
    model.dispose();
  }
  ctx.store.forget(args.modelId);
  ctx.store.list();
  return { model: ctx.store.info(args.modelId), summary };
}

/** Keeps the pairs whose token counts fit the model; the rest are counted and reported as a cap. */
function fitLengths(pairs: Pair[], config: ModelConfig): { pairs: Pair[]; tooLong: number } {
  // Subword pieces are learned from these pairs later; a word count is a lower bound on their count, and
  // training leaves out (and reports) the pairs whose pieces are still too many.
  const lowerBound = (kind: ModelConfig['sourceTokenizer']): ModelConfig['sourceTokenizer'] => kind === 'subword' ? 'word' : kind;
  const src = tokenizerFor(lowerBound(config.sourceTokenizer));
  const tgt = tokenizerFor(lowerBound(config.targetTokenizer));
  const kept = pairs.filter(p =>
    src.tokenize(p.source).length <= config.maxSourceLength && tgt.tokenize(p.target).length <= config.maxTargetLength);
  return { pairs: kept, tooLong: pairs.length - kept.length };
}
