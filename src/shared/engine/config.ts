/** Defaults and size presets for models and training. Pure data: the host's pickers import it too. */
import type { Mechanism, ModelConfig, TrainConfig } from './types';

export const DEFAULT_MODEL: Omit<ModelConfig, 'task' | 'mechanism'> = {
  cell: 'lstm',
  embeddingSize: 32,
  hiddenSize: 64,
  layers: 1,
  residual: false,
  bidirectional: false,
  inputFeeding: false,
  attentionUnits: 64,
  reverseSource: true,
  sourceTokenizer: 'char',
  targetTokenizer: 'char',
  maxSourceLength: 64,
  maxTargetLength: 32,
};

export const DEFAULT_TRAIN: TrainConfig = {
  epochs: 3,
  batchSize: 64,
  learningRate: 3e-3,
  clipNorm: 5,
  teacherForcingRatio: 1,
  validationSplit: 0.1,
  earlyStoppingPatience: 2,
  seed: 1984,
  maxVocabSize: 8000,
  minTokenFrequency: 1,
  workers: 1,
};

/** The book's chapter 8 configuration (Deep Learning from Scratch 2). */
export const BOOK_MODEL: Omit<ModelConfig, 'task' | 'mechanism'> = {
  ...DEFAULT_MODEL,
  embeddingSize: 16,
  hiddenSize: 256,
  attentionUnits: 256,
};
export const BOOK_TRAIN: TrainConfig = { ...DEFAULT_TRAIN, batchSize: 128, learningRate: 1e-3, epochs: 10, initialization: 'book' };

export type SizePreset = 'tiny' | 'small' | 'medium' | 'book';
export const SIZE_PRESETS: Record<SizePreset, { label: string; model: Partial<ModelConfig> }> = {
  tiny: { label: 'Tiny (embedding 16, hidden 32): seconds per epoch', model: { embeddingSize: 16, hiddenSize: 32, attentionUnits: 32 } },
  small: { label: 'Small (embedding 32, hidden 64): the default', model: { embeddingSize: 32, hiddenSize: 64, attentionUnits: 64 } },
  medium: { label: 'Medium (embedding 64, hidden 128)', model: { embeddingSize: 64, hiddenSize: 128, attentionUnits: 128 } },
  book: { label: "Book (embedding 16, hidden 256): the book's chapter 8 model", model: { embeddingSize: 16, hiddenSize: 256, attentionUnits: 256 } },
};

export function makeModelConfig(task: string, mechanism: Mechanism, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { ...DEFAULT_MODEL, ...overrides, task, mechanism };
}

export function makeTrainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN, ...overrides };
}

export function hasAttention(mechanism: Mechanism): boolean {
  return mechanism !== 'baseline' && mechanism !== 'peeky';
}
