/**
 * Bounds on a model's configuration, checked wherever a config comes from outside (a model file, the
 * host's training request) and before anything is allocated for it. A crafted model file is an
 * untrusted file even in a trusted workspace: its header alone decides how large the model built from it
 * is and how long decoding runs, so every size is bounded here, well above the shipped and trainable
 * models and far below what would exhaust memory.
 */
import { CodedError, coded, type CodedMessage } from '../messages/coded';
import { MECHANISMS, TOKENIZER_KINDS, type ModelConfig } from './types';

export const CONFIG_LIMITS = {
  embeddingSize: 2048,
  hiddenSize: 2048,
  attentionUnits: 2048,
  layers: 8,
  maxSourceLength: 1024,
  maxTargetLength: 1024,
} as const;

/** Tokens in one vocabulary. */
export const MAX_VOCAB_SIZE = 200_000;
/** Weights of a whole model (float32 values): 50 M values are 200 MB. */
export const MAX_PARAMETERS = 50_000_000;
/** The longest task name (it is shown in lists). */
const MAX_TASK_CHARS = 200;

const BOOLEAN_KEYS = ['residual', 'bidirectional', 'inputFeeding', 'reverseSource'] as const;
const KNOWN_KEYS = new Set<string>([
  'task', 'mechanism', 'cell', 'sourceTokenizer', 'targetTokenizer', 'dropout', ...BOOLEAN_KEYS, ...Object.keys(CONFIG_LIMITS),
]);

/** A configuration that cannot describe a model this code builds (from a file or from a request). */
export class ModelConfigError extends CodedError {
  /** Each problem in English. */
  readonly problems: string[];
  constructor(problems: CodedMessage[]) {
    super(coded('config.invalidModel', { problems }));
    this.problems = problems.map(p => p.message);
    this.name = 'ModelConfigError';
  }
}

/** A training configuration that cannot be trained with (the request's, so the caller's input). */
export class TrainConfigError extends CodedError {
  /** Each problem in English. */
  readonly problems: string[];
  constructor(problems: CodedMessage[]) {
    super(coded('config.invalidTraining', { problems }));
    this.problems = problems.map(p => p.message);
    this.name = 'TrainConfigError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem of `config` as a short phrase; empty when it is a valid, bounded configuration. */
export function modelConfigProblems(config: unknown): string[] {
  return modelConfigProblemMessages(config).map(p => p.message);
}

/** The problems of `modelConfigProblems`, coded (the host words them in the display language). */
export function modelConfigProblemMessages(config: unknown): CodedMessage[] {
  if (!isObject(config)) return [coded('config.notObject')];
  const problems: CodedMessage[] = [];
  if (typeof config.task !== 'string' || config.task.length === 0 || config.task.length > MAX_TASK_CHARS) {
    problems.push(coded('config.task', { max: MAX_TASK_CHARS, got: describe(config.task) }));
  }
  if (!MECHANISMS.includes(config.mechanism as never)) problems.push(coded('config.mechanism', { value: String(config.mechanism) }));
  if (config.cell !== 'lstm' && config.cell !== 'gru') problems.push(coded('config.cell', { value: String(config.cell) }));
  for (const [key, max] of Object.entries(CONFIG_LIMITS)) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      problems.push(coded('config.integerRange', { key, max, got: describe(v) }));
    }
  }
  for (const key of BOOLEAN_KEYS) {
    if (typeof config[key] !== 'boolean') problems.push(coded('config.boolean', { key, got: describe(config[key]) }));
  }
  for (const key of ['sourceTokenizer', 'targetTokenizer'] as const) {
    if (!TOKENIZER_KINDS.includes(config[key] as never)) problems.push(coded('config.tokenizer', { key, got: describe(config[key]) }));
  }
  if (config.dropout !== undefined && !(typeof config.dropout === 'number' && config.dropout >= 0 && config.dropout < 1)) {
    problems.push(coded('config.dropout', { got: describe(config.dropout) }));
  }
  const unknown = Object.keys(config).filter(k => !KNOWN_KEYS.has(k));
  if (unknown.length) {
    const fields = unknown.map(k => `'${k.slice(0, 40)}'`).join(', ');
    problems.push(unknown.length > 1 ? coded('config.unknownFields', { fields }) : coded('config.unknownField', { fields }));
  }
  return problems;
}

/** Throws a `ModelConfigError` unless `config` is valid and bounded. */
export function checkModelConfig(config: unknown): ModelConfig {
  const problems = modelConfigProblemMessages(config);
  if (problems.length) throw new ModelConfigError(problems);
  return config as ModelConfig;
}

/** A short, printable rendering of a value for a message (never the whole of a huge value). */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
