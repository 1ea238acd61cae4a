/**
 * The execution plan: which implementation of the recurrent maths runs, decided in one place from the
 * backend, whether the native module is loaded, the batch, the hidden size and inference or training.
 * Every size threshold of the engine lives here (the kernels import theirs from `KERNEL_LIMITS`); no
 * other file chooses between implementations.
 *
 * LSTM layer implementations (all the same maths: z = x·Wx + b + h·Wh, gates i, f, o, g;
 * c' = σ(f)·c + σ(i)·tanh(g); h' = σ(o)·tanh(c')):
 *   native-chunks   one native kernel per chunk of time steps each way (kernels/lstmSequence.ts)
 *   fused-steps     per step one matmul and one fused cell kernel each way (kernels/lstmCell.ts)
 *   composed-steps  per step the cell as composed tfjs ops, hand-written backward (rnn.ts)
 *   one-sentence    inference on one sentence in plain JS, float64 (rnn.ts `lstmSequenceOneSentence`)
 *   step-autodiff   `cellStep` under tfjs autodiff: the reference (test oracle), never chosen by `AUTO`
 * GRU layers: `gruSequence` (hand-written backward), or `cellStep` under autodiff for the oracle.
 * The Bahdanau decoder (teacher forced, one LSTM layer): `bahdanauSequence`, or the step loop for the oracle.
 * The loss (loss.ts): one softmax cross-entropy kernel each way (kernels/softmaxXent.ts), or the composed
 * log-softmax and one-hot product (the oracle, and every backend without the kernels).
 *
 * Tests choose a plan explicitly (`REFERENCE_PLAN`, `NO_NATIVE_CHUNKS_PLAN`) and may pass a
 * `PathRecorder` to see which paths ran.
 */
import * as tf from '@tensorflow/tfjs';
import { LSTM_CELL_FORWARD, LSTM_SEQUENCE_FORWARD, SOFTMAX_XENT_FORWARD } from './kernels/names';
import { nativeModule, nativeStatus } from './kernels/nativeModule';

/** Size limits of the kernels' own dispatch (kernels/matMul.ts, kernels/tanh.ts, TransposeCache). */
export const KERNEL_LIMITS = {
  /**
   * Products with fewer rows stay on XNNPACK, which caches packed weights per operator: decoding one
   * sentence multiplies a few rows by the same weights for every token.
   */
  nativeMatMulMinRows: 16,
  /**
   * The per-entry XNNPACK loop beats the backend's scalar loop for batched products only with this many
   * left rows (or, computed transposed, columns) and multiply-adds: each entry packs its right operand.
   */
  loopMatMulMinRows: 16,
  loopMatMulMinMacs: 2048,
  /** Transposed weights kept for reuse across time steps (least recently used evicted). */
  transposeCacheEntries: 8,
  /** Smaller tensors keep the backend's own Tanh (the extra pass costs more than the dispatch it saves). */
  tanhViaSigmoidMinElements: 1024,
} as const;

/** Largest chunk of gate pre-activations of a chunked LSTM layer, in bytes ([steps * B, 4H] float32). */
const LSTM_CHUNK_BYTES = 4 * 2 ** 20;
/** Up to this hidden size the plain-JS one-sentence LSTM beats ~11 wasm kernel calls per step. */
const ONE_SENTENCE_MAX_HIDDEN = 128;
/** Smallest [B, H] cell for the fused cell kernels (decoding one sentence is B = 1; training batches are >= 8 x 64). */
const FUSED_CELL_MIN_ELEMENTS = 512;
/** The batch of "one sentence": the encoder of a selection being translated. */
const ONE_SENTENCE_BATCH = 1;

export type LstmPath = 'native-chunks' | 'fused-steps' | 'composed-steps' | 'one-sentence' | 'step-autodiff';
export type GruPath = 'gru-sequence' | 'step-autodiff';
export type BahdanauPath = 'bahdanau-sequence' | 'step-loop';
export type LossPath = 'fused-softmax-xent' | 'composed-softmax-xent';
export type TakenPath = LstmPath | GruPath | BahdanauPath | LossPath;

/** Collects the paths a computation took (tests assert on them). */
export class PathRecorder {
  readonly taken = new Set<TakenPath>();
  record(path: TakenPath): void {
    this.taken.add(path);
  }
}

export interface ExecutionPlan {
  readonly name: 'auto' | 'reference' | 'no-native-chunks';
  /** False: every recurrent layer is `cellStep` under autodiff (the reference). */
  readonly sequenceOps: boolean;
  /** False: never the native chunk kernels, even when the module is loaded. */
  readonly nativeChunks: boolean;
  /** False: the loss is the composed log-softmax (the reference), even where its kernels are registered. */
  readonly fusedLoss: boolean;
  readonly recorder?: PathRecorder;
}

/** What the product runs: the fastest implementation for each shape. */
export const AUTO_PLAN: ExecutionPlan = Object.freeze({ name: 'auto', sequenceOps: true, nativeChunks: true, fusedLoss: true });
/** The test oracle: autodiff of the step cell, nothing fused. */
export const REFERENCE_PLAN: ExecutionPlan = Object.freeze({ name: 'reference', sequenceOps: false, nativeChunks: false, fusedLoss: false });
/** As AUTO without the native chunk kernels (the step-by-step kernels they replace). */
export const NO_NATIVE_CHUNKS_PLAN: ExecutionPlan = Object.freeze({ name: 'no-native-chunks', sequenceOps: true, nativeChunks: false, fusedLoss: true });

/** The same plan, recording the paths it takes into `recorder`. */
export function recording(plan: ExecutionPlan, recorder: PathRecorder): ExecutionPlan {
  return Object.freeze({ ...plan, recorder });
}

/** Where the plan runs: read from tfjs and the native module loader. */
export interface PlanEnvironment {
  /** The wasm backend with this project's fused LSTM cell kernels registered. */
  fusedCellKernels: boolean;
  /** The native module's LSTM chunk kernels are registered. */
  nativeChunkKernels: boolean;
  /** The wasm backend with this project's softmax cross-entropy kernels registered. */
  fusedLossKernels: boolean;
}

export function currentEnvironment(): PlanEnvironment {
  const wasm = tf.engine().backendName === 'wasm';
  return {
    fusedCellKernels: wasm && tf.getKernel(LSTM_CELL_FORWARD, 'wasm') !== undefined,
    nativeChunkKernels: wasm && nativeModule() !== null && tf.getKernel(LSTM_SEQUENCE_FORWARD, 'wasm') !== undefined,
    fusedLossKernels: wasm && tf.getKernel(SOFTMAX_XENT_FORWARD, 'wasm') !== undefined,
  };
}

export interface LstmShape {
  batch: number;
  hidden: number;
  /** No gradient will be taken. */
  inference: boolean;
  /** Some rows are padded (masks present). */
  masked: boolean;
  /** The caller has the layer's inputs, not yet projected (only then can chunked layers run). */
  fromInputs: boolean;
}

export interface LstmChoice {
  path: LstmPath;
  /**
   * The layer projects its inputs one chunk of steps at a time (`lstmLayer`: no tensor of the whole
   * sequence's gates) rather than all steps first (`runLayer`).
   */
  chunked: boolean;
}

/** The LSTM layer implementation for this shape. */
export function lstmChoice(plan: ExecutionPlan, s: LstmShape, env: PlanEnvironment = currentEnvironment()): LstmChoice {
  const path = chooseLstm(plan, s, env);
  plan.recorder?.record(path);
  const oneSentence = s.inference && s.batch === ONE_SENTENCE_BATCH;
  return { path, chunked: s.fromInputs && !oneSentence && path !== 'step-autodiff' && path !== 'one-sentence' };
}

function chooseLstm(plan: ExecutionPlan, s: LstmShape, env: PlanEnvironment): LstmPath {
  if (!plan.sequenceOps) return 'step-autodiff';
  if (s.inference && s.batch === ONE_SENTENCE_BATCH && !s.masked && s.hidden <= ONE_SENTENCE_MAX_HIDDEN) return 'one-sentence';
  if (s.fromInputs && !(s.inference && s.batch === ONE_SENTENCE_BATCH) && plan.nativeChunks && env.nativeChunkKernels) return 'native-chunks';
  return fusedCell(s.batch, s.hidden, env) ? 'fused-steps' : 'composed-steps';
}

/** Whether the [B, H] LSTM cell steps run the fused cell kernels (else composed tfjs ops). */
export function fusedCell(batch: number, hidden: number, env: PlanEnvironment = currentEnvironment()): boolean {
  return env.fusedCellKernels && batch * hidden >= FUSED_CELL_MIN_ELEMENTS;
}

/** Time steps per chunk of a chunked LSTM layer for a [B, H] cell (the whole sequence for small cells). */
export function chunkSteps(batch: number, hidden: number): number {
  return Math.max(1, Math.floor(LSTM_CHUNK_BYTES / (batch * 4 * hidden * 4)));
}

export function gruPath(plan: ExecutionPlan): GruPath {
  const path: GruPath = plan.sequenceOps ? 'gru-sequence' : 'step-autodiff';
  plan.recorder?.record(path);
  return path;
}

const chooseLoss = (plan: ExecutionPlan, env: PlanEnvironment): LossPath =>
  plan.fusedLoss && env.fusedLossKernels ? 'fused-softmax-xent' : 'composed-softmax-xent';

export function lossPath(plan: ExecutionPlan, env: PlanEnvironment = currentEnvironment()): LossPath {
  const path = chooseLoss(plan, env);
  plan.recorder?.record(path);
  return path;
}

export function bahdanauPath(plan: ExecutionPlan): BahdanauPath {
  const path: BahdanauPath = plan.sequenceOps ? 'bahdanau-sequence' : 'step-loop';
  plan.recorder?.record(path);
  return path;
}

/**
 * What a model's training batches (when `trainingBatch` is given) and one-sentence decoding run, in one
 * line (logs, the training summary).
 */
export function describePlan(plan: ExecutionPlan, model: { cell: 'lstm' | 'gru'; hiddenSize: number; layers: number; mechanism: string },
  trainingBatch: number | null, env: PlanEnvironment = currentEnvironment()): string {
  const backend = tf.engine().backendName ?? 'none';
  const layer = (inference: boolean, b: number): string => model.cell === 'gru'
    ? (plan.sequenceOps ? 'gru-sequence' : 'step-autodiff')
    : chooseLstm(plan, { batch: b, hidden: model.hiddenSize, inference, masked: false, fromInputs: true }, env);
  const decoder = model.mechanism === 'bahdanau' && model.cell === 'lstm' && model.layers === 1
    ? `, teacher-forced decoder ${plan.sequenceOps ? 'bahdanau-sequence' : 'step-loop'}` : '';
  const training = trainingBatch === null ? '' : `; training (batch ${trainingBatch}, hidden ${model.hiddenSize}) ${layer(false, trainingBatch)}${decoder}, loss ${chooseLoss(plan, env)}`;
  return `plan ${plan.name}: backend ${backend}, ${nativeStatus()}${training}; one-sentence encoder ${layer(true, 1)}`;
}
