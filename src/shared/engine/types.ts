/**
 * Plain data types shared by the engine, the worker, the extension host, the webview and the CLI.
 * No tfjs and no vscode here: this file must stay importable from every bundle.
 */
import type { ModelCard } from '../quality/card';

/** The decoders of the source notes. `baseline` and `peeky` have no attention (their matrix is null). */
export type Mechanism = 'baseline' | 'peeky' | 'luong-dot' | 'luong-general' | 'luong-concat' | 'bahdanau';
export const MECHANISMS: readonly Mechanism[] = [
  'bahdanau', 'luong-dot', 'luong-general', 'luong-concat', 'baseline', 'peeky',
];
export const MECHANISM_LABELS: Record<Mechanism, string> = {
  'bahdanau': 'Bahdanau (additive)',
  'luong-dot': 'Luong (dot)',
  'luong-general': 'Luong (general)',
  'luong-concat': 'Luong (concat)',
  'baseline': 'Seq2seq baseline (no attention)',
  'peeky': 'Peeky seq2seq (no attention)',
};

export type CellType = 'lstm' | 'gru';
/** `subword`: byte-pair pieces learned from the training text (text/subword.ts). */
export type TokenizerKind = 'char' | 'word' | 'subword';
export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['char', 'word', 'subword'];
export type BackendName = 'wasm' | 'cpu';
/** The `seq2seqAttention.nativeKernels` setting: the native module when it can run, or never. */
export type NativeKernelsSetting = 'auto' | 'off';
export const NATIVE_KERNELS_SETTINGS: readonly NativeKernelsSetting[] = ['auto', 'off'];

/** Everything needed to rebuild a model's graph. Stored verbatim in the model file. */
export interface ModelConfig {
  /** Free-form task name, e.g. 'date', 'addition', 'en-ko'. Models of one task are compared together. */
  task: string;
  mechanism: Mechanism;
  cell: CellType;
  embeddingSize: number;
  hiddenSize: number;
  /** Stacked encoder (and decoder) RNN layers, 1..N; residual connections between stacked layers. */
  layers: number;
  residual: boolean;
  /** First encoder layer bidirectional; forward and backward states are concatenated then projected. */
  bidirectional: boolean;
  /** Luong only: feed the previous attentional state into the next decoder input. */
  inputFeeding: boolean;
  /** Bahdanau / Luong-concat scoring network width. */
  attentionUnits: number;
  /** The book reverses the source sequence; results are always reported in the user's order. */
  reverseSource: boolean;
  sourceTokenizer: TokenizerKind;
  targetTokenizer: TokenizerKind;
  maxSourceLength: number;
  maxTargetLength: number;
  /**
   * Training only: the share of embedding and output-layer input units dropped at each step (0 or absent:
   * none). Part of the config so that helper threads training the same model drop the same layers.
   */
  dropout?: number;
}

/**
 * How new weights start (params.ts). `default`: the initialisers PyTorch gives these layers, the peer a
 * learner compares with (unit-variance embeddings, +-1/sqrt(fan-in) matrices). `book`: "Deep Learning
 * from Scratch 2" chapter 8 (embeddings N(0, 0.01^2), matrices N(0, 1/fan-in), zero biases), to
 * reproduce the book's curves.
 */
export type InitScheme = 'default' | 'book';
export const INIT_SCHEMES: readonly InitScheme[] = ['default', 'book'];

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Global-norm gradient clipping threshold; 0 disables. */
  clipNorm: number;
  /** Probability of feeding the true previous token (1 = pure teacher forcing). */
  teacherForcingRatio: number;
  /** Share of the pairs held out for validation when no explicit validation set is given. */
  validationSplit: number;
  /** Stop after this many epochs without validation exact-match improvement; 0 disables. */
  earlyStoppingPatience: number;
  seed: number;
  /** Vocabulary caps. */
  maxVocabSize: number;
  minTokenFrequency: number;
  /**
   * Threads computing each batch's gradients: 1, or 2 for synchronous data-parallel training over a
   * helper worker thread (the same updates up to float rounding; uses the second core). Default 1.
   */
  workers?: 1 | 2;
  /**
   * With two workers: 'exact' (default) splits every batch between the threads and applies the
   * combined gradient, the same update as one worker; 'delayed' trains two whole batches at once, one
   * per thread, and applies the helper's gradient right after the leader's, i.e. computed at weights
   * one update old (`roundsOfTwo`). No half batches and no
   * combination step, so faster; reproducible from the seed, but not the same updates as one worker.
   * 'delayed' with one worker makes the same updates on one thread (the reference in tests).
   */
  parallelMode?: 'exact' | 'delayed';
  /** Initial weights (absent: `default`). */
  initialization?: InitScheme;
}

/** One source or target token with its character span in the text it came from ([start, end) UTF-16 offsets). */
export interface TokenSpan {
  text: string;
  start: number;
  end: number;
}

export interface Alternative {
  token: string;
  probability: number;
}

/** The result of decoding one input. Everything a view needs; attention in the user's source order. */
export interface DecodeResult {
  modelId: string;
  /** 'external': read from another toolkit's attention file, which names no mechanism of ours. */
  mechanism: Mechanism | 'external';
  /** Source tokens in the user's order with spans into the input text (never reversed). */
  source: TokenSpan[];
  /** Output tokens, without `<sos>`/`<eos>`. */
  output: string[];
  /** Detokenised output text. */
  text: string;
  /** Probability of each chosen output token. */
  probabilities: number[];
  /** Top-k alternatives per output step, most likely first. */
  topK: Alternative[][];
  /** [output x source] weights, each row sums to 1; null for baseline and peeky. */
  attention: number[][] | null;
  /** Sum of log-probabilities and the length-normalised score used to rank beams. */
  logProb: number;
  normalizedScore: number;
  /** Whether decoding stopped at `<eos>` (false: hit maxTargetLength). */
  finished: boolean;
  /** Probability of `<eos>` at the last step (ending the output there); null when not finished. */
  endProbability: number | null;
  /** Product of the token probabilities, the end included (the sequence's probability). */
  sequenceProbability: number;
  /** The weakest token's probability, the end included. */
  minTokenProbability: number;
  /** Per source token (the user's order): whether the model read it as `<unk>`. */
  sourceUnknown: boolean[];
}

export interface BeamResult {
  /** Best first. */
  hypotheses: DecodeResult[];
}

/** Per-epoch figures; accuracies in [0, 1]. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  tokenAccuracy: number;
  exactMatch: number;
  examplesPerSecond: number;
  seconds: number;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

/**
 * One round of delayed two-thread training (parallel/delayedEpoch.ts), in milliseconds of wall time: the
 * leader computes its batch (and any part of the other), applies its update, waits for the helper's
 * gradient and applies that one; the helper computes meanwhile.
 */
export interface DelayedRoundTiming {
  /** From the round's start to its second update applied. */
  wallMs: number;
  leaderComputeMs: number;
  /** Both updates, with their progress reports. */
  leaderApplyMs: number;
  leaderWaitMs: number;
  /** The helper's job as it measured it (weights in, gradient, gradient out). */
  helperComputeMs: number;
  /** Pairs of the other batch the leader computed (0: not split). */
  leaderPart: number;
}

export interface TrainingSummary {
  epochs: EpochMetrics[];
  bestEpoch: number;
  stoppedBy: 'completed' | 'early-stopping' | 'cancelled' | 'error';
  trainPairs: number;
  validationPairs: number;
  dataset: string;
  seconds: number;
  backend: BackendName;
  /** Threads that computed the gradients: 2 when data-parallel over a helper thread (absent in older files: 1). */
  threads?: number;
  /** `TrainConfig.parallelMode` of the run (absent in older files: exact). */
  parallelMode?: 'exact' | 'delayed';
  /** Human-readable notes on the data actually used, e.g. "skipped 12 pairs longer than 64 source tokens". */
  notes?: string[];
  /** Which implementations ran the recurrent layers (executionPlan.ts `describePlan`; absent in older files). */
  executionPlan?: string;
}

/** What lists and pickers show about a model without loading its weights. */
export interface ModelInfo {
  id: string;
  path: string;
  task: string;
  mechanism: Mechanism;
  label: string;
  description: string;
  shipped: boolean;
  config: ModelConfig;
  summary: TrainingSummary | null;
  /** The model card (absent in older files). */
  card?: ModelCard | null;
  /** Trainable parameters and the file's size in bytes, from the file itself. */
  parameters?: number;
  fileBytes?: number;
}

/** Attention diagnostics per sentence. */
export interface AttentionStats {
  /** Entropy of each output row, in nats. */
  rowEntropy: number[];
  meanEntropy: number;
  /** Total weight each source token received (column sums). */
  coverage: number[];
  /** Share of source tokens whose coverage is at least 0.5. */
  coveredShare: number;
}
