/**
 * Command-line parsing for `seq2seq-attention`: argv in, a typed command out, or a `UsageError` whose
 * message says exactly which option is wrong. Pure (no fs, no engine), so every rule is unit-tested.
 */
import { parseArgs } from 'node:util';
import type { DatasetFormat } from '../shared/data/types';
import { BOOK_TRAIN, DEFAULT_TRAIN, SIZE_PRESETS, makeModelConfig, makeTrainConfig, type SizePreset } from '../shared/engine/config';
import {
  MECHANISMS, type BackendName, type CellType, type Mechanism, type ModelConfig, type TokenizerKind, type TrainConfig, INIT_SCHEMES,
  TOKENIZER_KINDS,
} from '../shared/engine/types';

/** Bad command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: HelpTopic) {
    super(message);
    this.name = 'UsageError';
  }
}

export const COMMANDS = ['train', 'eval', 'translate', 'models', 'bench', 'card', 'calibrate', 'view'] as const;
export type CommandName = (typeof COMMANDS)[number];
/** What `--help` can be asked about: a command, `bench learn` or `bench peers`. */
export type HelpTopic = CommandName | 'bench learn' | 'bench peers';

export interface CommonOptions {
  json: boolean;
  backend: BackendName;
  /** Folder with the tfjs `.wasm` binaries; default: the folder of `dist/cli.js`. */
  wasmDir?: string;
}

/** Where models are looked up by id. */
export interface ModelDirs {
  modelsDir?: string;
  shippedDir?: string;
}

/** How to read a dataset file. */
export interface DataOptions {
  file: string;
  partner?: string;
  format?: DatasetFormat;
  sourceKey?: string;
  targetKey?: string;
  /** Train / evaluate target -> source. */
  swap: boolean;
  maxPairs?: number;
}

export interface TrainOptions extends CommonOptions, ModelDirs {
  data: DataOptions;
  test?: DataOptions;
  out?: string;
  id?: string;
  label?: string;
  dataLicense?: string;
  model: ModelConfig;
  train: TrainConfig;
  preset: SizePreset | null;
}

export interface EvalOptions extends CommonOptions, ModelDirs {
  model: string;
  data: DataOptions;
  batch?: number;
  /** How many example predictions to print. */
  show: number;
}

export interface TranslateOptions extends CommonOptions, ModelDirs {
  model: string;
  texts: string[];
  beam: number;
  topK: number;
  lengthPenalty?: number;
  /** Read one input per line from stdin. */
  stdin: boolean;
}

export type ModelsOptions = CommonOptions & ModelDirs;

export interface BenchOptions extends CommonOptions {
  data?: string;
  test?: string;
  /** Training pairs per throughput measurement. */
  pairs: number;
  /** Decodes per input length for the latency figures. */
  decodeRuns: number;
  timeTo99: boolean;
  /** Epoch budget for --time-to-99. */
  maxEpochs: number;
  mechanism: Mechanism;
  seed: number;
  /** --quick / --full (default: normal): how long the measurements run (src/cli/bench/suite.ts). */
  size?: 'quick' | 'normal' | 'full';
}

export interface CardOptions extends CommonOptions, ModelDirs {
  model: string;
  /** A JSON file ('-': standard input) whose top-level fields replace the card's. */
  set?: string;
}

/** `view`: an attention file of fairseq, Marian, OpenNMT-py or the project's JSON format. */
export interface ViewOptions {
  json: boolean;
  file: string;
  /** The toolkit's sentence id (fairseq S-id, Marian 0-based line, OpenNMT SENT n); absent: list them. */
  sentence?: number;
  /** 1-based n-best hypothesis (default 1, the best). */
  hypothesis: number;
  /** Marian: the decoder's input file (default: found beside FILE by name); scorer: its target file. */
  source?: string;
  target?: string;
  words: boolean;
  hideEos: boolean;
  /** 0-based layer / head of multi-head files (default: the mean). */
  layer?: number;
  head?: number;
}

export interface CalibrateOptions extends CommonOptions, ModelDirs {
  model: string;
  /** Held-out pairs of the model's task. */
  data: DataOptions;
  /** How `data` was held out (stored in the card). */
  split?: string;
  /** Training pairs (their sources make the fit profile); without it the card's profile is kept. */
  train?: DataOptions;
  /** Datasets of other tasks whose sources should not fit (repeatable). */
  outOfTask: string[];
  /** Sources read per out-of-task file at most (spread over the file). */
  outOfTaskMax: number;
  /** Target false-alarm rates of the low-confidence and the fit rule. */
  far: number;
  fitFar: number;
  /** Store the calibration in the model file's card. */
  write: boolean;
}

/** `bench learn`: the engine's learning curve on a translation file next to the PyTorch reference's. */
export interface LearnBenchOptions extends CommonOptions {
  data: DataOptions;
  model: ModelConfig;
  train: TrainConfig;
  /** false with --no-peer: the engine alone. */
  peer: boolean;
  /** --python: the interpreter of the reference (default: the first of /usr/bin/python3, python3 that imports torch). */
  python?: string;
  peerScript?: string;
  /** OpenBLAS threads of the reference (default: 1). */
  blasThreads?: number;
  /** Keep the id data and the reference's output in this folder. */
  keep?: string;
}

/** What `bench peers` can measure (all by default). */
export const PEER_WORKLOADS = ['book', 'default', 'translation', 'sgemm'] as const;
export type PeerWorkload = (typeof PEER_WORKLOADS)[number];

/** `bench peers`: the engine and PyTorch timed side by side on the same work (src/cli/bench/peerSpeed.ts). */
export interface PeersBenchOptions extends CommonOptions {
  /** --quick / --full (default: normal): windows and repeats. */
  size: 'quick' | 'normal' | 'full';
  /** --tiny: every model shrunk to a few units and a handful of batches (a smoke run; tests). */
  tiny: boolean;
  workloads: PeerWorkload[];
  /** Repeats per side (default: the size's). */
  repeats?: number;
  /** The engine's two-thread mode (default: delayed, the extension's). */
  parallelMode: 'exact' | 'delayed';
  /** The book's date data (default: date-train.txt found in ., ./data or $SEQ2SEQ_DATA_DIR, else generated dates). */
  data?: string;
  /** A translation file (default: fra-eng.tsv found in ., ./data or $SEQ2SEQ_DATA_DIR, else generated pairs); 'synthetic': generated. */
  translationData?: string;
  translationPairs: number;
  seed: number;
  peer: boolean;
  python?: string;
  peerScript?: string;
  /** OpenBLAS threads of the two-thread reference (default: 1 and 2 tried, the faster kept). */
  peerBlasThreads?: number;
}

export type Command =
  | { name: 'help'; topic?: HelpTopic }
  | { name: 'card'; options: CardOptions }
  | { name: 'calibrate'; options: CalibrateOptions }
  | { name: 'version' }
  | { name: 'train'; options: TrainOptions }
  | { name: 'eval'; options: EvalOptions }
  | { name: 'translate'; options: TranslateOptions }
  | { name: 'models'; options: ModelsOptions }
  | { name: 'bench'; options: BenchOptions }
  | { name: 'bench-learn'; options: LearnBenchOptions }
  | { name: 'bench-peers'; options: PeersBenchOptions }
  | { name: 'view'; options: ViewOptions };

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const COMMON: Spec = {
  'json': { type: 'boolean' },
  'backend': { type: 'string' },
  'wasm-dir': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
};
const DIRS: Spec = { 'models-dir': { type: 'string' }, 'shipped-dir': { type: 'string' } };
const DATA: Spec = {
  'data': { type: 'string' }, 'partner': { type: 'string' }, 'format': { type: 'string' },
  'source-key': { type: 'string' }, 'target-key': { type: 'string' }, 'swap': { type: 'boolean' },
  'max-pairs': { type: 'string' },
};

const SPECS: Record<CommandName, Spec> = {
  train: {
    ...COMMON, ...DIRS, ...DATA,
    'test': { type: 'string' }, 'test-partner': { type: 'string' },
    'mechanism': { type: 'string' }, 'task': { type: 'string' }, 'out': { type: 'string' }, 'id': { type: 'string' },
    'label': { type: 'string' }, 'data-license': { type: 'string' }, 'preset': { type: 'string' },
    'epochs': { type: 'string' }, 'lr': { type: 'string' }, 'batch': { type: 'string' }, 'seed': { type: 'string' },
    'workers': { type: 'string' }, 'parallel': { type: 'string' },
    'clip': { type: 'string' }, 'teacher-forcing': { type: 'string' }, 'patience': { type: 'string' },
    'validation-split': { type: 'string' }, 'max-vocab': { type: 'string' }, 'min-freq': { type: 'string' }, 'init': { type: 'string' }, 'dropout': { type: 'string' },
    'cell': { type: 'string' }, 'embedding': { type: 'string' }, 'hidden': { type: 'string' }, 'layers': { type: 'string' },
    'attention-units': { type: 'string' }, 'residual': { type: 'boolean' }, 'bidirectional': { type: 'boolean' },
    'input-feeding': { type: 'boolean' }, 'no-reverse': { type: 'boolean' },
    'tokenizer': { type: 'string' }, 'source-tokenizer': { type: 'string' }, 'target-tokenizer': { type: 'string' },
    'max-source-length': { type: 'string' }, 'max-target-length': { type: 'string' },
  },
  eval: { ...COMMON, ...DIRS, ...DATA, 'model': { type: 'string' }, 'batch': { type: 'string' }, 'show': { type: 'string' } },
  translate: {
    ...COMMON, ...DIRS, 'model': { type: 'string' }, 'beam': { type: 'string' }, 'top-k': { type: 'string' },
    'length-penalty': { type: 'string' }, 'stdin': { type: 'boolean' },
  },
  models: { ...COMMON, ...DIRS },
  card: { ...COMMON, ...DIRS, 'model': { type: 'string' }, 'set': { type: 'string' } },
  view: {
    'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' }, 'sentence': { type: 'string' }, 'hypothesis': { type: 'string' },
    'source': { type: 'string' }, 'target': { type: 'string' }, 'words': { type: 'boolean' }, 'hide-eos': { type: 'boolean' },
    'layer': { type: 'string' }, 'head': { type: 'string' },
  },
  calibrate: {
    ...COMMON, ...DIRS, ...DATA, 'model': { type: 'string' }, 'split': { type: 'string' }, 'train': { type: 'string' },
    'train-partner': { type: 'string' }, 'out-of-task': { type: 'string', multiple: true }, 'out-of-task-max': { type: 'string' },
    'far': { type: 'string' }, 'fit-far': { type: 'string' }, 'write': { type: 'boolean' },
  },
  bench: {
    ...COMMON, 'data': { type: 'string' }, 'test': { type: 'string' }, 'pairs': { type: 'string' },
    'decode-runs': { type: 'string' }, 'time-to-99': { type: 'boolean' }, 'max-epochs': { type: 'string' },
    'mechanism': { type: 'string' }, 'seed': { type: 'string' }, 'quick': { type: 'boolean' }, 'full': { type: 'boolean' },
  },
};

const LEARN_SPEC: Spec = {
  ...COMMON, ...DATA,
  'mechanism': { type: 'string' }, 'cell': { type: 'string' }, 'embedding': { type: 'string' }, 'hidden': { type: 'string' },
  'layers': { type: 'string' }, 'attention-units': { type: 'string' }, 'residual': { type: 'boolean' }, 'input-feeding': { type: 'boolean' },
  'no-reverse': { type: 'boolean' }, 'tokenizer': { type: 'string' }, 'max-source-length': { type: 'string' },
  'max-target-length': { type: 'string' }, 'max-vocab': { type: 'string' }, 'min-freq': { type: 'string' },
  'epochs': { type: 'string' }, 'lr': { type: 'string' }, 'batch': { type: 'string' }, 'clip': { type: 'string' },
  'seed': { type: 'string' }, 'workers': { type: 'string' }, 'parallel': { type: 'string' }, 'init': { type: 'string' },
  'no-peer': { type: 'boolean' }, 'python': { type: 'string' }, 'peer-script': { type: 'string' }, 'blas-threads': { type: 'string' },
  'keep': { type: 'string' },
};

const PEERS_SPEC: Spec = {
  ...COMMON, 'quick': { type: 'boolean' }, 'full': { type: 'boolean' }, 'tiny': { type: 'boolean' }, 'workloads': { type: 'string' },
  'repeats': { type: 'string' }, 'parallel': { type: 'string' }, 'data': { type: 'string' }, 'translation-data': { type: 'string' },
  'translation-pairs': { type: 'string' }, 'seed': { type: 'string' }, 'no-peer': { type: 'boolean' }, 'python': { type: 'string' },
  'peer-script': { type: 'string' }, 'peer-blas-threads': { type: 'string' },
};

/** `bench learn`'s model: embedding 256, LSTM 256, word tokens (attention units follow --hidden unless given). */
export const LEARN_MODEL: Partial<ModelConfig> = { embeddingSize: 256, hiddenSize: 256, sourceTokenizer: 'word', targetTokenizer: 'word' };

const FORMATS: readonly DatasetFormat[] = ['tsv-tatoeba', 'tsv-challenge', 'line-aligned', 'csv', 'jsonl', 'fixed-width'];

function str(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' ? x : undefined;
}

function flag(v: Values, key: string): boolean {
  return v[key] === true;
}

function oneOf<T extends string>(v: Values, key: string, allowed: readonly T[], command: CommandName): T | undefined {
  const x = str(v, key);
  if (x === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(x)) {
    throw new UsageError(`--${key} must be one of ${allowed.join(', ')}; got '${x}'`, command);
  }
  return x as T;
}

function num(v: Values, key: string, command: CommandName, rule: { integer?: boolean; min?: number; max?: number; minExclusive?: boolean } = {}): number | undefined {
  const x = str(v, key);
  if (x === undefined) return undefined;
  const n = Number(x);
  const kind = rule.integer ? 'an integer' : 'a number';
  const bounds = rule.min === undefined ? '' : rule.max === undefined
    ? ` ${rule.minExclusive ? '>' : '>='} ${rule.min}` : ` from ${rule.min} to ${rule.max}`;
  const bad = x.trim() === '' || !Number.isFinite(n) || (rule.integer && !Number.isInteger(n))
    || (rule.min !== undefined && (rule.minExclusive ? n <= rule.min : n < rule.min)) || (rule.max !== undefined && n > rule.max);
  if (bad) throw new UsageError(`--${key} expects ${kind}${bounds}; got '${x}'`, command);
  return n;
}

function required(v: Values, key: string, command: CommandName, what: string): string {
  const x = str(v, key);
  if (x === undefined || x.trim() === '') throw new UsageError(`${command} needs --${key} ${what}`, command);
  return x;
}

function common(v: Values, command: CommandName): CommonOptions {
  return {
    json: flag(v, 'json'),
    backend: oneOf<BackendName>(v, 'backend', ['wasm', 'cpu'], command) ?? 'wasm',
    ...(str(v, 'wasm-dir') !== undefined ? { wasmDir: str(v, 'wasm-dir') } : {}),
  };
}

function dirs(v: Values): ModelDirs {
  const out: ModelDirs = {};
  const m = str(v, 'models-dir');
  const s = str(v, 'shipped-dir');
  if (m !== undefined) out.modelsDir = m;
  if (s !== undefined) out.shippedDir = s;
  return out;
}

function dataOptions(v: Values, command: CommandName, fileKey: string, partnerKey: string): DataOptions {
  const opts: DataOptions = { file: required(v, fileKey, command, 'FILE (the dataset)'), swap: flag(v, 'swap') };
  const partner = str(v, partnerKey);
  const format = oneOf(v, 'format', FORMATS, command);
  const sourceKey = str(v, 'source-key');
  const targetKey = str(v, 'target-key');
  const maxPairs = num(v, 'max-pairs', command, { integer: true, min: 1 });
  if (partner !== undefined) opts.partner = partner;
  if (format !== undefined) opts.format = format;
  if (sourceKey !== undefined) opts.sourceKey = sourceKey;
  if (targetKey !== undefined) opts.targetKey = targetKey;
  if (maxPairs !== undefined) opts.maxPairs = maxPairs;
  return opts;
}

/** `date-train.txt` -> `date`, `kor-eng.tsv` -> `kor-eng`: the task a dataset's models are compared under. */
export function taskFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.[^.]+$/, '').replace(/[-_.](train|training|dev|valid|validation|test)$/i, '');
  return stem.replace(/[^A-Za-z0-9._-]+/g, '-') || 'custom';
}

function trainOptions(v: Values): TrainOptions {
  const c: CommandName = 'train';
  const data = dataOptions(v, c, 'data', 'partner');
  const testFile = str(v, 'test');
  const test = testFile === undefined ? undefined : { ...data, file: testFile, partner: str(v, 'test-partner') };
  if (test && test.partner === undefined) delete test.partner;
  const mechanism = oneOf(v, 'mechanism', MECHANISMS, c) ?? 'luong-dot';
  const preset = oneOf(v, 'preset', Object.keys(SIZE_PRESETS) as SizePreset[], c) ?? null;
  const task = str(v, 'task') ?? taskFromFileName(data.file);
  const tokenizer = oneOf<TokenizerKind>(v, 'tokenizer', TOKENIZER_KINDS, c);

  const model: Partial<ModelConfig> = { ...(preset ? SIZE_PRESETS[preset].model : {}) };
  const set = <K extends keyof ModelConfig>(key: K, value: ModelConfig[K] | undefined): void => {
    if (value !== undefined) model[key] = value;
  };
  set('cell', oneOf<CellType>(v, 'cell', ['lstm', 'gru'], c));
  set('embeddingSize', num(v, 'embedding', c, { integer: true, min: 1 }));
  set('hiddenSize', num(v, 'hidden', c, { integer: true, min: 1 }));
  set('layers', num(v, 'layers', c, { integer: true, min: 1, max: 8 }));
  set('attentionUnits', num(v, 'attention-units', c, { integer: true, min: 1 }));
  if (flag(v, 'residual')) model.residual = true;
  if (flag(v, 'bidirectional')) model.bidirectional = true;
  if (flag(v, 'input-feeding')) model.inputFeeding = true;
  if (flag(v, 'no-reverse')) model.reverseSource = false;
  set('sourceTokenizer', oneOf<TokenizerKind>(v, 'source-tokenizer', TOKENIZER_KINDS, c) ?? tokenizer);
  set('targetTokenizer', oneOf<TokenizerKind>(v, 'target-tokenizer', TOKENIZER_KINDS, c) ?? tokenizer);
  set('maxSourceLength', num(v, 'max-source-length', c, { integer: true, min: 1 }));
  set('maxTargetLength', num(v, 'max-target-length', c, { integer: true, min: 1 }));
  set('dropout', num(v, 'dropout', c, { min: 0, max: 0.9 }));

  // The book preset also brings the book's training settings (batch 128, Adam 0.001, 10 epochs).
  const base = preset === 'book' ? BOOK_TRAIN : DEFAULT_TRAIN;
  const train: Partial<TrainConfig> = { ...base };
  const tset = <K extends keyof TrainConfig>(key: K, value: TrainConfig[K] | undefined): void => {
    if (value !== undefined) train[key] = value;
  };
  tset('epochs', num(v, 'epochs', c, { integer: true, min: 1 }));
  tset('learningRate', num(v, 'lr', c, { min: 0, minExclusive: true }));
  tset('batchSize', num(v, 'batch', c, { integer: true, min: 1 }));
  tset('seed', num(v, 'seed', c, { integer: true, min: 0 }));
  tset('workers', num(v, 'workers', c, { integer: true, min: 1, max: 2 }) as 1 | 2 | undefined);
  tset('parallelMode', oneOf(v, 'parallel', ['exact', 'delayed'] as const, c));
  tset('clipNorm', num(v, 'clip', c, { min: 0 }));
  tset('teacherForcingRatio', num(v, 'teacher-forcing', c, { min: 0, max: 1 }));
  tset('earlyStoppingPatience', num(v, 'patience', c, { integer: true, min: 0 }));
  tset('validationSplit', num(v, 'validation-split', c, { min: 0, max: 0.9 }));
  tset('maxVocabSize', num(v, 'max-vocab', c, { integer: true, min: 5 }));
  tset('minTokenFrequency', num(v, 'min-freq', c, { integer: true, min: 1 }));
  tset('initialization', oneOf(v, 'init', INIT_SCHEMES, c));

  const opts: TrainOptions = {
    ...common(v, c), ...dirs(v), data, model: makeModelConfig(task, mechanism, model), train: makeTrainConfig(train), preset,
  };
  if (test) opts.test = test;
  for (const [key, prop] of [['out', 'out'], ['id', 'id'], ['label', 'label'], ['data-license', 'dataLicense']] as const) {
    const x = str(v, key);
    if (x !== undefined) opts[prop] = x;
  }
  if (opts.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(opts.id)) {
    throw new UsageError(`--id '${opts.id}' is not a valid model id (letters, digits, '.', '_' and '-', up to 100)`, c);
  }
  return opts;
}

function learnOptions(v: Values): LearnBenchOptions {
  const c: HelpTopic = 'bench learn';
  const cmd = 'bench' as const;
  const data = dataOptions(v, cmd, 'data', 'partner');
  const mechanism = oneOf(v, 'mechanism', MECHANISMS, cmd) ?? 'luong-dot';
  const model: Partial<ModelConfig> = { ...LEARN_MODEL };
  const set = <K extends keyof ModelConfig>(key: K, value: ModelConfig[K] | undefined): void => {
    if (value !== undefined) model[key] = value;
  };
  set('cell', oneOf<CellType>(v, 'cell', ['lstm', 'gru'], cmd));
  set('embeddingSize', num(v, 'embedding', cmd, { integer: true, min: 1 }));
  set('hiddenSize', num(v, 'hidden', cmd, { integer: true, min: 1 }));
  set('layers', num(v, 'layers', cmd, { integer: true, min: 1, max: 8 }));
  model.attentionUnits = num(v, 'attention-units', cmd, { integer: true, min: 1 }) ?? model.hiddenSize;
  if (flag(v, 'residual')) model.residual = true;
  if (flag(v, 'input-feeding')) model.inputFeeding = true;
  if (flag(v, 'no-reverse')) model.reverseSource = false;
  const tokenizer = oneOf<TokenizerKind>(v, 'tokenizer', TOKENIZER_KINDS, cmd);
  set('sourceTokenizer', tokenizer);
  set('targetTokenizer', tokenizer);
  set('maxSourceLength', num(v, 'max-source-length', cmd, { integer: true, min: 1 }));
  set('maxTargetLength', num(v, 'max-target-length', cmd, { integer: true, min: 1 }));

  const train: Partial<TrainConfig> = { ...DEFAULT_TRAIN, epochs: 3 };
  const tset = <K extends keyof TrainConfig>(key: K, value: TrainConfig[K] | undefined): void => {
    if (value !== undefined) train[key] = value;
  };
  tset('epochs', num(v, 'epochs', cmd, { integer: true, min: 1 }));
  tset('learningRate', num(v, 'lr', cmd, { min: 0, minExclusive: true }));
  tset('batchSize', num(v, 'batch', cmd, { integer: true, min: 1 }));
  tset('clipNorm', num(v, 'clip', cmd, { min: 0 }));
  tset('seed', num(v, 'seed', cmd, { integer: true, min: 0 }));
  tset('workers', num(v, 'workers', cmd, { integer: true, min: 1, max: 2 }) as 1 | 2 | undefined);
  tset('parallelMode', oneOf(v, 'parallel', ['exact', 'delayed'] as const, cmd));
  tset('maxVocabSize', num(v, 'max-vocab', cmd, { integer: true, min: 5 }));
  tset('minTokenFrequency', num(v, 'min-freq', cmd, { integer: true, min: 1 }));
  tset('initialization', oneOf(v, 'init', INIT_SCHEMES, cmd));

  const peer = !flag(v, 'no-peer');
  const opts: LearnBenchOptions = {
    ...common(v, cmd), data, model: makeModelConfig(taskFromFileName(data.file), mechanism, model), train: makeTrainConfig(train), peer,
  };
  const python = str(v, 'python');
  const script = str(v, 'peer-script');
  const blas = num(v, 'blas-threads', cmd, { integer: true, min: 1, max: 64 });
  const keep = str(v, 'keep');
  if (!peer && (python !== undefined || script !== undefined || blas !== undefined || keep !== undefined)) {
    throw new UsageError('--no-peer excludes --python, --peer-script, --blas-threads and --keep', c);
  }
  if (python !== undefined) opts.python = python;
  if (script !== undefined) opts.peerScript = script;
  if (blas !== undefined) opts.blasThreads = blas;
  if (keep !== undefined) opts.keep = keep;
  return opts;
}

function peersOptions(v: Values): PeersBenchOptions {
  const c: HelpTopic = 'bench peers';
  const cmd = 'bench' as const;
  const fail = (message: string): never => { throw new UsageError(message, c); };
  if (flag(v, 'quick') && flag(v, 'full')) fail('--quick and --full exclude each other');
  const list = str(v, 'workloads');
  let workloads: PeerWorkload[] = [...PEER_WORKLOADS];
  if (list !== undefined) {
    const names = list.split(',').map(x => x.trim()).filter(Boolean);
    const bad = names.find(x => !(PEER_WORKLOADS as readonly string[]).includes(x));
    if (bad !== undefined || names.length === 0) fail(`--workloads takes a comma-separated list of ${PEER_WORKLOADS.join(', ')}; got '${list}'`);
    workloads = PEER_WORKLOADS.filter(x => names.includes(x));
  }
  const peer = !flag(v, 'no-peer');
  const opts: PeersBenchOptions = {
    ...common(v, cmd),
    size: flag(v, 'quick') ? 'quick' : flag(v, 'full') ? 'full' : 'normal',
    tiny: flag(v, 'tiny'),
    workloads,
    parallelMode: oneOf(v, 'parallel', ['exact', 'delayed'] as const, cmd) ?? 'delayed',
    translationPairs: num(v, 'translation-pairs', cmd, { integer: true, min: 100 }) ?? 20000,
    seed: num(v, 'seed', cmd, { integer: true, min: 0 }) ?? 1984,
    peer,
  };
  const repeats = num(v, 'repeats', cmd, { integer: true, min: 1, max: 50 });
  if (repeats !== undefined) opts.repeats = repeats;
  for (const [key, prop] of [['data', 'data'], ['translation-data', 'translationData'], ['python', 'python'], ['peer-script', 'peerScript']] as const) {
    const x = str(v, key);
    if (x !== undefined) {
      if (x.trim() === '') fail(`--${key} needs a value`);
      opts[prop] = x;
    }
  }
  const blas = num(v, 'peer-blas-threads', cmd, { integer: true, min: 1, max: 64 });
  if (blas !== undefined) opts.peerBlasThreads = blas;
  if (!peer && (opts.python !== undefined || opts.peerScript !== undefined || blas !== undefined)) {
    fail('--no-peer excludes --python, --peer-script and --peer-blas-threads');
  }
  return opts;
}

/** Parses `argv` without the node and script entries (`process.argv.slice(2)`). */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !(COMMANDS as readonly string[]).includes(topic)) throw new UsageError(`no command '${topic}'`);
    if (topic === 'bench' && rest[1] === 'learn') return { name: 'help', topic: 'bench learn' };
    if (topic === 'bench' && rest[1] === 'peers') return { name: 'help', topic: 'bench peers' };
    return topic === undefined ? { name: 'help' } : { name: 'help', topic: topic as CommandName };
  }
  if (first === '--version' || first === '-v') return { name: 'version' };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(first.startsWith('-')
      ? `expected a command (${COMMANDS.join(', ')}) before '${first}'`
      : `unknown command '${first}'; the commands are ${COMMANDS.join(', ')}`);
  }
  const command = first as CommandName;
  const learn = command === 'bench' && rest[0] === 'learn';
  const peers = command === 'bench' && rest[0] === 'peers';
  const topic: HelpTopic = learn ? 'bench learn' : peers ? 'bench peers' : command;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: learn || peers ? rest.slice(1) : [...rest], options: learn ? LEARN_SPEC : peers ? PEERS_SPEC : SPECS[command], allowPositionals: true, strict: true,
    }) as typeof parsed;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Node's messages are clear ("Unknown option '--foo'"), but mention the help.
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''), topic);
  }
  const v = parsed.values;
  if (flag(v, 'help')) return { name: 'help', topic };
  const positionals = parsed.positionals;
  // card and calibrate take the model as their one positional argument (or --model).
  const modelFirst = command === 'card' || command === 'calibrate' || command === 'view';
  if (command !== 'translate' && positionals.length > (modelFirst ? 1 : 0)) {
    const extra = positionals[modelFirst ? 1 : 0];
    throw new UsageError(command === 'bench' && !learn && !peers
      ? `bench takes no positional argument but 'learn' or 'peers' (got '${extra}')`
      : `${topic} takes ${modelFirst ? `one positional argument (the ${command === 'view' ? 'file' : 'model'})` : 'no positional argument'}; got '${extra}'`, topic);
  }
  if (peers) {
    try {
      return { name: 'bench-peers', options: peersOptions(v) };
    } catch (e) {
      // As for bench learn: the shared option rules name the command 'bench'; the help is bench peers'.
      if (e instanceof UsageError && e.command === 'bench') throw new UsageError(e.message, topic);
      throw e;
    }
  }
  if (learn) {
    try {
      return { name: 'bench-learn', options: learnOptions(v) };
    } catch (e) {
      // The option rules name the command 'bench'; their help is the learn one.
      if (e instanceof UsageError && e.command === 'bench') throw new UsageError(e.message.replace(/^bench needs/, 'bench learn needs'), topic);
      throw e;
    }
  }
  const modelRef = (): string => {
    if (positionals.length && str(v, 'model') !== undefined) throw new UsageError(`give the model once: '${positionals[0]}' or --model`, command);
    return positionals[0] ?? required(v, 'model', command, 'ID|PATH (or the model as the first argument)');
  };
  switch (command) {
    case 'train':
      return { name: 'train', options: trainOptions(v) };
    case 'eval': {
      const opts: EvalOptions = {
        ...common(v, command), ...dirs(v),
        model: required(v, 'model', command, 'ID|PATH'),
        data: dataOptions(v, command, 'data', 'partner'),
        show: num(v, 'show', command, { integer: true, min: 0 }) ?? 5,
      };
      const batch = num(v, 'batch', command, { integer: true, min: 1 });
      if (batch !== undefined) opts.batch = batch;
      return { name: 'eval', options: opts };
    }
    case 'translate': {
      const stdin = flag(v, 'stdin');
      if (!stdin && positionals.length === 0) throw new UsageError('translate needs the text to translate (or --stdin)', command);
      const opts: TranslateOptions = {
        ...common(v, command), ...dirs(v),
        model: required(v, 'model', command, 'ID|PATH'),
        texts: positionals,
        beam: num(v, 'beam', command, { integer: true, min: 1, max: 64 }) ?? 1,
        topK: num(v, 'top-k', command, { integer: true, min: 1, max: 50 }) ?? 3,
        stdin,
      };
      const lp = num(v, 'length-penalty', command, { min: 0 });
      if (lp !== undefined) opts.lengthPenalty = lp;
      return { name: 'translate', options: opts };
    }
    case 'models':
      return { name: 'models', options: { ...common(v, command), ...dirs(v) } };
    case 'card': {
      const opts: CardOptions = { ...common(v, command), ...dirs(v), model: modelRef() };
      const set = str(v, 'set');
      if (set !== undefined) {
        if (set.trim() === '') throw new UsageError('--set needs a JSON file (or - for standard input)', command);
        opts.set = set;
      }
      return { name: 'card', options: opts };
    }
    case 'calibrate': {
      const data = dataOptions(v, command, 'data', 'partner');
      const rate = (key: string): number => num(v, key, command, { min: 0.001, max: 0.5 }) ?? 0.05;
      const outOfTask = v['out-of-task'];
      const opts: CalibrateOptions = {
        ...common(v, command), ...dirs(v), model: modelRef(), data,
        outOfTask: Array.isArray(outOfTask) ? outOfTask.filter((x): x is string => typeof x === 'string') : [],
        outOfTaskMax: num(v, 'out-of-task-max', command, { integer: true, min: 1 }) ?? 1000,
        far: rate('far'), fitFar: rate('fit-far'), write: flag(v, 'write'),
      };
      const split = str(v, 'split');
      if (split !== undefined) opts.split = split;
      const train = str(v, 'train');
      if (train !== undefined) {
        opts.train = { ...data, file: train, partner: str(v, 'train-partner') };
        if (opts.train.partner === undefined) delete opts.train.partner;
        delete opts.train.maxPairs;
      }
      return { name: 'calibrate', options: opts };
    }
    case 'view': {
      const file = positionals[0];
      if (file === undefined) throw new UsageError('view needs the attention file (fairseq, Marian, OpenNMT-py output or the JSON format)', command);
      const opts: ViewOptions = {
        json: flag(v, 'json'), file,
        hypothesis: num(v, 'hypothesis', command, { integer: true, min: 1 }) ?? 1,
        words: flag(v, 'words'), hideEos: flag(v, 'hide-eos'),
      };
      const sentence = num(v, 'sentence', command, { integer: true, min: 0 });
      if (sentence !== undefined) opts.sentence = sentence;
      for (const key of ['source', 'target'] as const) {
        const f = str(v, key);
        if (f !== undefined) opts[key] = f;
      }
      const layer = num(v, 'layer', command, { integer: true, min: 0 });
      const head = num(v, 'head', command, { integer: true, min: 0 });
      if (layer !== undefined) opts.layer = layer;
      if (head !== undefined) opts.head = head;
      return { name: 'view', options: opts };
    }
    case 'bench': {
      const opts: BenchOptions = {
        ...common(v, command),
        pairs: num(v, 'pairs', command, { integer: true, min: 1 }) ?? 2560,
        decodeRuns: num(v, 'decode-runs', command, { integer: true, min: 1 }) ?? 30,
        timeTo99: flag(v, 'time-to-99'),
        maxEpochs: num(v, 'max-epochs', command, { integer: true, min: 1 }) ?? 30,
        mechanism: oneOf(v, 'mechanism', MECHANISMS, command) ?? 'luong-dot',
        seed: num(v, 'seed', command, { integer: true, min: 0 }) ?? 1984,
      };
      const data = str(v, 'data');
      const test = str(v, 'test');
      if (data !== undefined) opts.data = data;
      if (test !== undefined) opts.test = test;
      if (flag(v, 'quick') && flag(v, 'full')) throw new UsageError('--quick and --full exclude each other', command);
      if (flag(v, 'quick')) opts.size = 'quick';
      else if (flag(v, 'full')) opts.size = 'full';
      return { name: 'bench', options: opts };
    }
  }
}
