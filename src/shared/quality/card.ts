/**
 * The model card: what a model learned from, under which licence, how well it does on data it never saw,
 * where it fails, and the calibrated thresholds the panel uses to warn about low confidence and about
 * input that does not fit the model. Stored in the model file's header (`ModelFileMeta.card`), checked
 * field by field when a file is read (`checkModelCard`), filled by `buildModelCard` from evaluation
 * results. Pure: no fs, no tfjs, importable from every bundle.
 *
 * The size (parameters, file bytes) is not stored: it follows from the weights and the file and is
 * computed when the file is read (`ModelInfo.parameters`, `ModelInfo.fileBytes`).
 */
import type { CharNgramProfile } from './fit';

export const MODEL_CARD_VERSION = 1;

/** Scores on pairs the model was not trained on, with how they were held out. */
export interface HeldOutScores {
  /** The data (file or corpus) the pairs come from. */
  data: string;
  /** How the pairs were held out, e.g. "the book's test split: ...". */
  split: string;
  pairs: number;
  /** In [0, 1]. */
  exactMatch: number;
  tokenAccuracy: number;
  /** sacreBLEU-compatible corpus BLEU and chrF2, 0-100. */
  bleu: number;
  chrf: number;
}

/**
 * The low-confidence rule, calibrated on held-out pairs: an output is flagged when `statistic` is below
 * `threshold`. The threshold is chosen on one half of the held-out pairs so that at most
 * `targetFalseAlarmRate` of the correct outputs fall below it; the other half measures it.
 */
export interface ConfidenceCalibration {
  calibrated: true;
  /** 'min-token': the weakest token's probability (the end of the output included); 'mean-token': the geometric mean. */
  statistic: ConfidenceStatistic;
  threshold: number;
  /** Output tokens with a probability below this are marked (the min-token threshold). */
  tokenThreshold: number;
  targetFalseAlarmRate: number;
  /** Measured on the check half: flagged correct outputs / correct outputs. */
  falseAlarmRate: number;
  /** Check half: correct outputs, wrong outputs, and the wrong ones flagged. */
  correct: number;
  wrong: number;
  caught: number;
  /** The held-out pairs used, and how they were halved. */
  data: string;
  /** Inputs that have no right answer for this model (another task's sources): how many were flagged. */
  outOfTask?: OutOfTaskCatch[];
}

/** Held-out data too poor to calibrate on (too few correct outputs), said as such. */
export interface UncalibratedConfidence {
  calibrated: false;
  reason: string;
}

export type ConfidenceStatistic = 'min-token' | 'mean-token';
export const CONFIDENCE_STATISTICS: readonly ConfidenceStatistic[] = ['min-token', 'mean-token'];

export interface OutOfTaskCatch {
  data: string;
  inputs: number;
  caught: number;
}

/**
 * The fit test (fit.ts): the input's mean log-probability under a character n-gram profile of the
 * training sources must reach `threshold`, and at most `maxUnknownShare` of its source tokens may read
 * as `<unk>`. Both limits are chosen on half of the held-out sources so that at most
 * `targetFalseAlarmRate` of them fail the rule; the other half measures it.
 */
export interface FitCalibration {
  profile: CharNgramProfile;
  /** Nats per character. */
  threshold: number;
  maxUnknownShare: number;
  targetFalseAlarmRate: number;
  /** Check half of the held-out sources: the share the whole rule (both parts) rejects. */
  falseAlarmRate: number;
  inputs: number;
  data: string;
  outOfTask?: OutOfTaskCatch[];
}

export interface TrainingData {
  /** The corpus, e.g. "date-train.txt: the book's 45,000 training dates". */
  data: string;
  license: string;
  pairs: number;
}

export interface ModelCard {
  version: number;
  /** One line for pickers and the panel, e.g. "Dates in the book's formats to YYYY-MM-DD". */
  summary: string;
  training: TrainingData;
  heldOut: HeldOutScores[];
  /** Scores on a sample of the training pairs (how well it fits what it was taught), never shown as held-out. */
  trainingSample?: HeldOutScores;
  limits: string[];
  /** A warning shown with every output of this model (e.g. "does not generalise"). */
  caveat?: string;
  confidence?: ConfidenceCalibration | UncalibratedConfidence;
  fit?: FitCalibration;
  /** The decoding this model is used with when the user has not chosen a beam width. */
  decoding?: DecodingChoice;
  /** ISO date of the last change. */
  updated?: string;
}

/**
 * A beam width chosen on held-out pairs, with the scores that chose it: beam search is used by default
 * only where it measurably beats greedy decoding on the model's own held-out data.
 */
export interface DecodingChoice {
  beamWidth: number;
  /** The held-out set both were scored on. */
  data: string;
  /** sacreBLEU-compatible corpus BLEU and chrF2, 0-100, with `beamWidth` and greedy. */
  bleu: number;
  chrf: number;
  greedyBleu: number;
  greedyChrf: number;
}

/**
 * Beam widths a card may choose: the `beamWidth` setting's range (a unit test holds the two together;
 * importing the settings table here would pull it into the webview's bundle).
 */
export const MAX_CARD_BEAM_WIDTH = 10;

/** The beam width to decode with: the user's explicit setting, else the card's choice, else greedy. */
export function decodingBeamWidth(card: Pick<ModelCard, 'decoding'> | null | undefined, explicit: number | undefined): number {
  return explicit ?? card?.decoding?.beamWidth ?? 1;
}

/** The card as the panel gets it: the fit profile (the bulk of the card) left out. */
export type ModelCardView = Omit<ModelCard, 'fit'> & { fit?: Omit<FitCalibration, 'profile'> };

export function cardForView(card: ModelCard): ModelCardView {
  const { fit, ...rest } = card;
  if (!fit) return rest;
  const { profile: _profile, ...fitRest } = fit;
  return { ...rest, fit: fitRest };
}

// ---------------------------------------------------------------------------------------------------
// Validation

/** The first problem found in a card, as a sentence fragment (e.g. "heldOut[0].pairs is -1"). */
export class CardProblem extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path} ${problem}`);
    this.name = 'CardProblem';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field readers that throw a `CardProblem` naming the field. */
class Reader {
  constructor(private readonly value: Obj, private readonly path: string, allowed: readonly string[]) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) throw new CardProblem(this.at(key), `is not a model card field (known here: ${allowed.join(', ')})`);
    }
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  string(key: string, opts: { empty?: boolean; max?: number } = {}): string {
    const v = this.value[key];
    if (typeof v !== 'string') throw new CardProblem(this.at(key), v === undefined ? 'is missing' : `must be text (got ${describe(v)})`);
    if (!opts.empty && v.trim() === '') throw new CardProblem(this.at(key), 'is empty');
    const max = opts.max ?? 4000;
    if (v.length > max) throw new CardProblem(this.at(key), `is longer than ${max} characters`);
    return v;
  }

  number(key: string, min: number, max: number): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CardProblem(this.at(key), v === undefined ? 'is missing' : `must be a number (got ${describe(v)})`);
    if (v < min || v > max) throw new CardProblem(this.at(key), `must be between ${min} and ${max} (got ${v})`);
    return v;
  }

  count(key: string): number {
    const v = this.number(key, 0, Number.MAX_SAFE_INTEGER);
    if (!Number.isInteger(v)) throw new CardProblem(this.at(key), `must be a whole number (got ${v})`);
    return v;
  }

  object(key: string): Obj {
    const v = this.value[key];
    if (!isObj(v)) throw new CardProblem(this.at(key), v === undefined ? 'is missing' : `must be an object (got ${describe(v)})`);
    return v;
  }

  array(key: string, max = 100): unknown[] {
    const v = this.value[key];
    if (!Array.isArray(v)) throw new CardProblem(this.at(key), v === undefined ? 'is missing' : `must be a list (got ${describe(v)})`);
    if (v.length > max) throw new CardProblem(this.at(key), `has more than ${max} entries`);
    return v;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v.length > 20 ? `${v.slice(0, 20)}…` : v}"`;
  return typeof v === 'object' ? 'an object' : String(v);
}

function checkScores(value: unknown, path: string): HeldOutScores {
  if (!isObj(value)) throw new CardProblem(path, `must be an object (got ${describe(value)})`);
  const r = new Reader(value, path, ['data', 'split', 'pairs', 'exactMatch', 'tokenAccuracy', 'bleu', 'chrf']);
  const pairs = r.count('pairs');
  if (pairs === 0) throw new CardProblem(r.at('pairs'), 'must be at least 1');
  return {
    data: r.string('data'), split: r.string('split'), pairs,
    exactMatch: r.number('exactMatch', 0, 1), tokenAccuracy: r.number('tokenAccuracy', 0, 1),
    bleu: r.number('bleu', 0, 100), chrf: r.number('chrf', 0, 100),
  };
}

function checkOutOfTask(list: unknown[], path: string): OutOfTaskCatch[] {
  return list.map((v, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(v)) throw new CardProblem(at, `must be an object (got ${describe(v)})`);
    const r = new Reader(v, at, ['data', 'inputs', 'caught']);
    const inputs = r.count('inputs');
    const caught = r.count('caught');
    if (caught > inputs) throw new CardProblem(r.at('caught'), `is more than inputs (${caught} > ${inputs})`);
    return { data: r.string('data'), inputs, caught };
  });
}

function checkConfidence(value: Obj, path: string): ConfidenceCalibration | UncalibratedConfidence {
  if (value.calibrated === false) {
    const r = new Reader(value, path, ['calibrated', 'reason']);
    return { calibrated: false, reason: r.string('reason') };
  }
  if (value.calibrated !== true) throw new CardProblem(`${path}.calibrated`, `must be true or false (got ${describe(value.calibrated)})`);
  const r = new Reader(value, path, ['calibrated', 'statistic', 'threshold', 'tokenThreshold', 'targetFalseAlarmRate', 'falseAlarmRate',
    'correct', 'wrong', 'caught', 'data', 'outOfTask']);
  const statistic = r.string('statistic');
  if (!(CONFIDENCE_STATISTICS as readonly string[]).includes(statistic)) {
    throw new CardProblem(r.at('statistic'), `must be one of ${CONFIDENCE_STATISTICS.join(', ')} (got "${statistic}")`);
  }
  const wrong = r.count('wrong');
  const caught = r.count('caught');
  if (caught > wrong) throw new CardProblem(r.at('caught'), `is more than wrong (${caught} > ${wrong})`);
  const out: ConfidenceCalibration = {
    calibrated: true, statistic: statistic as ConfidenceStatistic,
    threshold: r.number('threshold', 0, 1), tokenThreshold: r.number('tokenThreshold', 0, 1),
    targetFalseAlarmRate: r.number('targetFalseAlarmRate', 0, 1), falseAlarmRate: r.number('falseAlarmRate', 0, 1),
    correct: r.count('correct'), wrong, caught, data: r.string('data'),
  };
  if (r.has('outOfTask')) out.outOfTask = checkOutOfTask(r.array('outOfTask', 20), r.at('outOfTask'));
  return out;
}

/** Most n-grams a profile may hold (a corrupt or hostile file cannot make the header check slow). */
export const MAX_PROFILE_GRAMS = 50_000;
export const MAX_PROFILE_ORDER = 5;

function checkProfile(value: Obj, path: string): CharNgramProfile {
  const r = new Reader(value, path, ['kind', 'order', 'sentences', 'grams']);
  const kind = r.string('kind');
  if (kind !== 'char-ngram') throw new CardProblem(r.at('kind'), `must be "char-ngram" (got "${kind}")`);
  const order = r.count('order');
  if (order < 2 || order > MAX_PROFILE_ORDER) throw new CardProblem(r.at('order'), `must be between 2 and ${MAX_PROFILE_ORDER} (got ${order})`);
  const grams = r.object('grams');
  const keys = Object.keys(grams);
  if (keys.length === 0) throw new CardProblem(r.at('grams'), 'is empty');
  if (keys.length > MAX_PROFILE_GRAMS) throw new CardProblem(r.at('grams'), `has more than ${MAX_PROFILE_GRAMS} entries`);
  for (const key of keys) {
    const length = [...key].length;
    if (length < 2 || length > order) throw new CardProblem(`${r.at('grams')}[${JSON.stringify(key)}]`, `is not 2 to ${order} characters long`);
    const n = grams[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new CardProblem(`${r.at('grams')}[${JSON.stringify(key)}]`, `must be a positive whole number (got ${describe(n)})`);
    }
  }
  return { kind: 'char-ngram', order, sentences: r.count('sentences'), grams: grams as Record<string, number> };
}

function checkFit(value: Obj, path: string): FitCalibration {
  const r = new Reader(value, path, ['profile', 'threshold', 'maxUnknownShare', 'targetFalseAlarmRate', 'falseAlarmRate', 'inputs', 'data', 'outOfTask']);
  const out: FitCalibration = {
    profile: checkProfile(r.object('profile'), r.at('profile')),
    threshold: r.number('threshold', -1000, 0),
    maxUnknownShare: r.number('maxUnknownShare', 0, 1),
    targetFalseAlarmRate: r.number('targetFalseAlarmRate', 0, 1),
    falseAlarmRate: r.number('falseAlarmRate', 0, 1),
    inputs: r.count('inputs'),
    data: r.string('data'),
  };
  if (r.has('outOfTask')) out.outOfTask = checkOutOfTask(r.array('outOfTask', 20), r.at('outOfTask'));
  return out;
}

/**
 * Checks a card read from a file or from a JSON file the user wrote; returns it typed, or throws a
 * `CardProblem` naming the first wrong field. Unknown fields are refused (a misspelt "limts" would
 * otherwise vanish silently), and so is a card of a newer version.
 */
export function checkModelCard(value: unknown): ModelCard {
  if (!isObj(value)) throw new CardProblem('the card', `must be a JSON object (got ${describe(value)})`);
  const r = new Reader(value, '', ['version', 'summary', 'training', 'heldOut', 'trainingSample', 'limits', 'caveat', 'confidence', 'fit', 'decoding', 'updated']);
  const version = r.count('version');
  if (version === 0) throw new CardProblem('version', 'must be at least 1');
  if (version > MODEL_CARD_VERSION) {
    throw new CardProblem('version', `is ${version}: this card was written by a newer version of the extension (this one reads up to ${MODEL_CARD_VERSION})`);
  }
  const training = r.object('training');
  const t = new Reader(training, 'training', ['data', 'license', 'pairs']);
  const card: ModelCard = {
    version,
    summary: r.string('summary', { max: 300 }),
    training: { data: t.string('data'), license: t.string('license'), pairs: t.count('pairs') },
    heldOut: r.array('heldOut', 20).map((s, i) => checkScores(s, `heldOut[${i}]`)),
    limits: r.array('limits', 30).map((l, i) => {
      if (typeof l !== 'string' || l.trim() === '') throw new CardProblem(`limits[${i}]`, `must be a non-empty text (got ${describe(l)})`);
      if (l.length > 1000) throw new CardProblem(`limits[${i}]`, 'is longer than 1000 characters');
      return l;
    }),
  };
  if (r.has('trainingSample')) card.trainingSample = checkScores(value.trainingSample, 'trainingSample');
  if (r.has('caveat')) card.caveat = r.string('caveat', { max: 500 });
  if (r.has('confidence')) card.confidence = checkConfidence(r.object('confidence'), 'confidence');
  if (r.has('fit')) card.fit = checkFit(r.object('fit'), 'fit');
  if (r.has('decoding')) {
    const d = new Reader(r.object('decoding'), 'decoding', ['beamWidth', 'data', 'bleu', 'chrf', 'greedyBleu', 'greedyChrf']);
    const beamWidth = d.count('beamWidth');
    if (beamWidth < 1 || beamWidth > MAX_CARD_BEAM_WIDTH) throw new CardProblem(d.at('beamWidth'), `must be between 1 and ${MAX_CARD_BEAM_WIDTH} (got ${beamWidth})`);
    card.decoding = {
      beamWidth, data: d.string('data', { max: 300 }),
      bleu: d.number('bleu', 0, 100), chrf: d.number('chrf', 0, 100), greedyBleu: d.number('greedyBleu', 0, 100), greedyChrf: d.number('greedyChrf', 0, 100),
    };
  }
  if (r.has('updated')) {
    const updated = r.string('updated', { max: 40 });
    if (!/^\d{4}-\d{2}-\d{2}/.test(updated) || Number.isNaN(Date.parse(updated))) throw new CardProblem('updated', `must be an ISO date such as 2025-01-31 (got "${updated}")`);
    card.updated = updated;
  }
  return card;
}

// ---------------------------------------------------------------------------------------------------
// Filling a card

export interface ModelCardInput {
  summary: string;
  training: TrainingData;
  /** Held-out evaluation results (EvaluationResult-like) with the split each was made on. */
  heldOut: { data: string; split: string; result: { exactMatch: number; tokenAccuracy: number; bleu: number; chrf: number; examples: number } }[];
  trainingSample?: { data: string; split: string; result: { exactMatch: number; tokenAccuracy: number; bleu: number; chrf: number; examples: number } };
  limits: string[];
  caveat?: string;
  confidence?: ConfidenceCalibration | UncalibratedConfidence;
  fit?: FitCalibration;
  decoding?: DecodingChoice;
  /** Default: today. */
  updated?: string;
}

/**
 * A checked card from evaluation results: what the model-making scripts call after training (with
 * `calibrateModel`'s results for `confidence` and `fit`). Throws a `CardProblem` when a field is wrong.
 */
export function buildModelCard(input: ModelCardInput): ModelCard {
  // Float sums can land a hair outside their range (BLEU 100.00000000000004): round into it.
  const fig = (x: number, max: number): number => Math.min(max, Math.max(0, Math.round(x * 1e6) / 1e6));
  const scores = (s: ModelCardInput['heldOut'][number]): HeldOutScores => ({
    data: s.data, split: s.split, pairs: s.result.examples,
    exactMatch: fig(s.result.exactMatch, 1), tokenAccuracy: fig(s.result.tokenAccuracy, 1), bleu: fig(s.result.bleu, 100), chrf: fig(s.result.chrf, 100),
  });
  const card: ModelCard = {
    version: MODEL_CARD_VERSION,
    summary: input.summary,
    training: { ...input.training },
    heldOut: input.heldOut.map(scores),
    limits: [...input.limits],
    ...(input.trainingSample ? { trainingSample: scores(input.trainingSample) } : {}),
    ...(input.caveat ? { caveat: input.caveat } : {}),
    ...(input.confidence ? { confidence: input.confidence } : {}),
    ...(input.fit ? { fit: input.fit } : {}),
    ...(input.decoding ? { decoding: { ...input.decoding, bleu: fig(input.decoding.bleu, 100), chrf: fig(input.decoding.chrf, 100),
      greedyBleu: fig(input.decoding.greedyBleu, 100), greedyChrf: fig(input.decoding.greedyChrf, 100) } } : {}),
    updated: input.updated ?? new Date().toISOString().slice(0, 10),
  };
  return checkModelCard(card);
}

/** `base` with the fields of `patch` replaced (top level), checked; how `card --set` updates a card. */
export function mergeModelCard(base: ModelCard | null, patch: unknown): ModelCard {
  if (!isObj(patch)) throw new CardProblem('the card', `must be a JSON object (got ${describe(patch)})`);
  const merged: Obj = { ...(base ?? {}), ...patch };
  if (merged.version === undefined) merged.version = MODEL_CARD_VERSION;
  return checkModelCard(merged);
}

/** The held-out scores to show first (the largest held-out set). */
export function primaryHeldOut(card: ModelCard | ModelCardView | null | undefined): HeldOutScores | undefined {
  if (!card || card.heldOut.length === 0) return undefined;
  return [...card.heldOut].sort((a, b) => b.pairs - a.pairs)[0];
}
