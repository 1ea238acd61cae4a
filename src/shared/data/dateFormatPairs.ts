/**
 * Seeded question/answer pairs from the date-format catalogue (dateFormats.ts): a family is drawn
 * uniformly, then one of its formats, then a day uniformly in the years that format can show (1900-2099,
 * or 1969-2068 with a two-digit year). The answer is always ISO `YYYY-MM-DD`.
 *
 * `dateFormatSplit` is the one split the shipped date-format models are trained and measured on: training
 * pairs, a validation set (early stopping) and a held-out set (the reported figures), each from its own
 * seed, and no validation or held-out question is also a training question (or in both of them).
 */
import { mulberry32 } from '../engine/random';
import {
  DATE_FAMILIES, FIRST_YEAR, LAST_YEAR, TWO_DIGIT_FIRST_YEAR, TWO_DIGIT_LAST_YEAR, formatsOf, isoDate,
  type CalendarDate, type DateFamily, type DateFormat,
} from './dateFormats';
import type { Pair } from './types';

export interface DatePair extends Pair {
  family: DateFamily;
  /** The format's id in DATE_FORMATS. */
  format: string;
}

export interface DatePairOptions {
  /** Families to draw from (uniformly); default all. */
  families?: readonly DateFamily[];
  /** Questions never to produce (another set's questions); produced questions are added to it when `grow`. */
  exclude?: Set<string>;
  /** Add every produced question to `exclude`, so the result has no duplicates either. */
  grow?: boolean;
}

const DAY_MS = 86_400_000;

function dayRange(format: DateFormat): { first: number; days: number } {
  const [from, to] = format.twoDigitYear ? [TWO_DIGIT_FIRST_YEAR, TWO_DIGIT_LAST_YEAR] : [FIRST_YEAR, LAST_YEAR];
  const first = Date.UTC(from, 0, 1);
  return { first, days: (Date.UTC(to, 11, 31) - first) / DAY_MS + 1 };
}

function dateAt(ms: number): CalendarDate {
  const t = new Date(ms);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

/** Tries per pair before giving up on finding a question outside `exclude` (a family too small for the request). */
const MAX_ATTEMPTS = 1000;

/** `count` pairs, the same for the same seed and options. `line` numbers them from 1. */
export function generateDateFormatPairs(count: number, seed: number, options: DatePairOptions = {}): DatePair[] {
  const rng = mulberry32(seed);
  const families = options.families ?? DATE_FAMILIES;
  const byFamily = new Map(families.map((f) => [f, formatsOf(f)]));
  const exclude = options.exclude;
  const pairs: DatePair[] = [];
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`no new question after ${MAX_ATTEMPTS} tries (families ${families.join(', ')})`);
      const family = families[Math.floor(rng() * families.length)];
      const formats = byFamily.get(family) ?? [];
      const format = formats[Math.floor(rng() * formats.length)];
      const { first, days } = dayRange(format);
      const date = dateAt(first + Math.floor(rng() * days) * DAY_MS);
      const source = format.render(date, rng);
      if (exclude?.has(source)) continue;
      if (options.grow) exclude?.add(source);
      pairs.push({ source, target: isoDate(date), line: i + 1, family, format: format.id });
      break;
    }
  }
  return pairs;
}

/** The task name of the shipped models trained on this split (Compare puts models of one task side by side). */
export const DATE_FORMAT_TASK = 'date-formats';

/** The split of the shipped date-format models. */
export const DATE_FORMAT_SPLIT = {
  trainPairs: 120_000,
  trainSeed: 20190120,
  validationPerFamily: 200,
  validationSeed: 19000101,
  heldOutPerFamily: 1000,
  heldOutSeed: 20991231,
} as const;

export interface DateFormatSplit {
  train: DatePair[];
  validation: DatePair[];
  heldOut: DatePair[];
}

/**
 * Training, validation and held-out pairs; validation and held-out have the same number of pairs in every
 * family and no question of theirs is a training question or in the other set.
 */
export function dateFormatSplit(options: { trainPairs?: number; validationPerFamily?: number; heldOutPerFamily?: number } = {}): DateFormatSplit {
  const s = DATE_FORMAT_SPLIT;
  const train = generateDateFormatPairs(options.trainPairs ?? s.trainPairs, s.trainSeed);
  const seen = new Set(train.map((p) => p.source));
  const perFamily = (n: number, seed: number): DatePair[] => {
    const out = DATE_FAMILIES.flatMap((family, k) => generateDateFormatPairs(n, seed + k, { families: [family], exclude: seen, grow: true }));
    return out.map((p, i) => ({ ...p, line: i + 1 }));
  };
  const validation = perFamily(options.validationPerFamily ?? s.validationPerFamily, s.validationSeed);
  const heldOut = perFamily(options.heldOutPerFamily ?? s.heldOutPerFamily, s.heldOutSeed);
  return { train, validation, heldOut };
}

export interface FamilyScore {
  family: DateFamily;
  examples: number;
  correct: number;
  exactMatch: number;
}

/** Exact match (prediction === target, both trimmed) per family, in DATE_FAMILIES order; families without pairs are left out. */
export function exactMatchByFamily(pairs: readonly DatePair[], predictions: readonly string[]): FamilyScore[] {
  if (predictions.length !== pairs.length) throw new Error(`${predictions.length} predictions for ${pairs.length} pairs`);
  const counts = new Map<DateFamily, { examples: number; correct: number }>();
  pairs.forEach((p, i) => {
    const c = counts.get(p.family) ?? { examples: 0, correct: 0 };
    c.examples++;
    if (predictions[i].trim() === p.target.trim()) c.correct++;
    counts.set(p.family, c);
  });
  return DATE_FAMILIES.filter((f) => counts.has(f)).map((family) => {
    const c = counts.get(family) ?? { examples: 0, correct: 0 };
    return { family, ...c, exactMatch: c.correct / c.examples };
  });
}
