/**
 * THE ENGINE CONTRACT. The worker, the CLI and the tests import the engine only through `./index`, which
 * re-exports these names. Implementations live in their own files; this file holds the shared
 * interfaces that cross file ownership boundaries.
 */
import type { Pair } from '../data/types';
import type { ModelCard } from '../quality/card';
import type { BatchProgress, DelayedRoundTiming, EpochMetrics, ModelConfig, ModelInfo, TrainConfig, TrainingSummary } from './types';

/** A weight by name, as stored in model files (tfjs weight-manifest naming). Row-major float32. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface TranslateOptions {
  modelId: string;
  /** 1 = greedy. */
  beamWidth: number;
  topK: number;
  /** Length normalisation exponent for beam ranking (score = logProb / len^alpha). Default 1. */
  lengthPenalty?: number;
}

export interface TrainHooks {
  /** After each batch; `model` holds the weights after this batch's update (read-only use: e.g. a quick evaluation). */
  onBatch?(progress: BatchProgress, model: import('./model').Seq2SeqModel): void;
  /** Called after each epoch with the model as it stands (the caller writes the checkpoint). */
  onEpoch?(metrics: EpochMetrics, model: import('./model').Seq2SeqModel): void | Promise<void>;
  /** Polled between batches; when true, training stops and returns the last completed epoch's weights. */
  isCancelled?(): boolean;
  /** Once, when the model exists: which implementations its training runs (executionPlan.ts `describePlan`). */
  onPlan?(description: string): void;
  /** Delayed two-thread training: where each round's wall time went (benchmarks). */
  onRound?(timing: DelayedRoundTiming): void;
}

export interface TrainRequest {
  config: ModelConfig;
  train: TrainConfig;
  pairs: Pair[];
  /** Held-out pairs; when absent, `train.validationSplit` of `pairs` (seeded shuffle) is held out. */
  validation?: Pair[];
  datasetName: string;
  hooks?: TrainHooks;
  /**
   * Training goes on from this model (a fine-tune, e.g. at a lower learning rate): its vocabularies,
   * its weights and its configuration, but for `config.dropout`. The model itself is not changed.
   */
  continueFrom?: import('./model').Seq2SeqModel;
  /** With `train.workers` 2: where the helper thread finds its script and the wasm binaries (defaults: next to the engine's bundle). */
  parallel?: { helperScript?: string; wasmDir?: string };
}

export interface EvaluationResult {
  exactMatch: number;
  tokenAccuracy: number;
  bleu: number;
  chrf: number;
  examples: number;
  predictions: string[];
}

/** What a model file holds besides config, vocabularies and weights. */
export interface ModelFileMeta {
  id: string;
  label: string;
  description: string;
  summary: TrainingSummary | null;
  /** Licence / attribution notice of the data the model was trained on. */
  dataLicense?: string;
  /** Training data, held-out scores, limits and calibrated thresholds (absent in older files). */
  card?: ModelCard;
}

export type { ModelInfo };
