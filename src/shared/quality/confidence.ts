/**
 * Sequence confidence: statistics of one output's token probabilities, the low-confidence verdict
 * against a model's calibrated threshold, and the calibration itself (pure: the engine's
 * `calibrateModel` feeds it decoded held-out pairs).
 *
 * Two statistics are calibrated and the one that catches more wrong held-out outputs at the same
 * false-alarm rate is kept (ties go to the weakest token, the easier one to explain and the one the
 * per-token marks use):
 * - `min-token`: the weakest token's probability, the end of the output included. One wrong digit in a
 *   date is one uncertain step; an average would dilute it.
 * - `mean-token`: the geometric mean of the token probabilities (exp of the mean log-probability).
 */
import type { ConfidenceCalibration, ConfidenceStatistic, OutOfTaskCatch, UncalibratedConfidence } from './card';

/** What a decode result carries for this module (DecodeResult has these fields). */
export interface ScoredOutput {
  probabilities: readonly number[];
  /** Probability of ending the output where it ended; null when decoding hit the length limit. */
  endProbability: number | null;
}

/** The weakest token's probability, the end step included. An empty unfinished output has 0. */
export function minTokenProbability(o: ScoredOutput): number {
  let min = o.endProbability ?? 1;
  for (const p of o.probabilities) if (p < min) min = p;
  if (o.endProbability === null && o.probabilities.length === 0) return 0;
  return min;
}

/** The product of the token probabilities, the end step included. */
export function sequenceProbability(o: ScoredOutput): number {
  let logp = Math.log(o.endProbability ?? 1);
  for (const p of o.probabilities) logp += Math.log(p);
  return Math.exp(logp);
}

/** The geometric mean of the token probabilities, the end step included. */
export function meanTokenProbability(o: ScoredOutput): number {
  const steps = o.probabilities.length + (o.endProbability === null ? 0 : 1);
  if (steps === 0) return 0;
  let logp = Math.log(o.endProbability ?? 1);
  for (const p of o.probabilities) logp += Math.log(p);
  return Math.exp(logp / steps);
}

export function statisticOf(statistic: ConfidenceStatistic, o: ScoredOutput): number {
  return statistic === 'min-token' ? minTokenProbability(o) : meanTokenProbability(o);
}

/** Probability below which a token is marked when a model has no calibrated threshold. */
export const DEFAULT_TOKEN_THRESHOLD = 0.5;

/** The panel's verdict on one output. */
export interface ConfidenceAssessment {
  statistic: ConfidenceStatistic;
  /** The statistic's value for this output. */
  value: number;
  /** The calibrated threshold, or null when the model has none. */
  threshold: number | null;
  /** Below the calibrated threshold (never true without one). */
  low: boolean;
  /** Output positions whose probability is below `tokenThreshold`. */
  lowTokens: number[];
  tokenThreshold: number;
  /** Whether `tokenThreshold` was calibrated (else the default). */
  calibrated: boolean;
  /** The calibrated false-alarm rate on correct held-out outputs, when calibrated. */
  falseAlarmRate: number | null;
}

export function assessConfidence(o: ScoredOutput, calibration: ConfidenceCalibration | UncalibratedConfidence | null | undefined): ConfidenceAssessment {
  const c = calibration?.calibrated ? calibration : null;
  const statistic = c?.statistic ?? 'min-token';
  const value = statisticOf(statistic, o);
  const tokenThreshold = c?.tokenThreshold ?? DEFAULT_TOKEN_THRESHOLD;
  const lowTokens: number[] = [];
  o.probabilities.forEach((p, i) => { if (p < tokenThreshold) lowTokens.push(i); });
  return {
    statistic, value, threshold: c ? c.threshold : null, low: c ? value < c.threshold : false,
    lowTokens, tokenThreshold, calibrated: c !== null, falseAlarmRate: c ? c.falseAlarmRate : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Calibration

/**
 * The largest threshold t such that at most `rate` of `scores` are below t (flag when score < t),
 * or null when there are too few scores to honour the rate (fewer than 1 / rate).
 */
export function thresholdForRate(scores: readonly number[], rate: number): number | null {
  if (!(rate > 0 && rate < 1)) throw new Error(`The false-alarm rate must be between 0 and 1 (got ${rate}).`);
  if (scores.length < Math.ceil(1 / rate)) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  // With t = sorted[m], exactly the scores strictly below it are flagged: at most m of them.
  return sorted[Math.floor(rate * sorted.length)];
}

/** The share of `scores` below `threshold`. */
export function shareBelow(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return 0;
  return scores.filter(s => s < threshold).length / scores.length;
}

/** Even positions choose the threshold, odd positions measure it: the rate stated is not the one fitted. */
export function halves<T>(items: readonly T[]): { choose: T[]; check: T[] } {
  return { choose: items.filter((_, i) => i % 2 === 0), check: items.filter((_, i) => i % 2 === 1) };
}

/** One decoded held-out pair. */
export interface CalibrationItem extends ScoredOutput {
  correct: boolean;
}

export interface StatisticResult {
  statistic: ConfidenceStatistic;
  threshold: number;
  falseAlarmRate: number;
  correct: number;
  wrong: number;
  caught: number;
}

/** One statistic's threshold (chosen on `choose`) and its rates (measured on `check`), or null if it cannot be chosen. */
export function calibrateStatistic(statistic: ConfidenceStatistic, choose: readonly CalibrationItem[], check: readonly CalibrationItem[], rate: number): StatisticResult | null {
  const threshold = thresholdForRate(choose.filter(i => i.correct).map(i => statisticOf(statistic, i)), rate);
  if (threshold === null) return null;
  const correct = check.filter(i => i.correct).map(i => statisticOf(statistic, i));
  const wrong = check.filter(i => !i.correct).map(i => statisticOf(statistic, i));
  return {
    statistic, threshold, falseAlarmRate: shareBelow(correct, threshold),
    correct: correct.length, wrong: wrong.length, caught: wrong.filter(s => s < threshold).length,
  };
}

export interface ConfidenceCalibrationResult {
  calibration: ConfidenceCalibration | UncalibratedConfidence;
  /** Every statistic's result (null: not enough correct outputs), for the report. */
  candidates: Record<ConfidenceStatistic, StatisticResult | null>;
}

/**
 * Calibrates the low-confidence rule on decoded held-out pairs. `outOfTask`: decoded inputs that have
 * no right answer for this model (another task's sources), to report how many the rule flags.
 */
export function calibrateConfidence(
  items: readonly CalibrationItem[], options: { rate: number; data: string; outOfTask?: { data: string; outputs: readonly ScoredOutput[] }[] },
): ConfidenceCalibrationResult {
  const { choose, check } = halves(items);
  const candidates = {
    'min-token': calibrateStatistic('min-token', choose, check, options.rate),
    'mean-token': calibrateStatistic('mean-token', choose, check, options.rate),
  };
  const min = candidates['min-token'];
  const mean = candidates['mean-token'];
  if (!min || !mean) {
    const correct = items.filter(i => i.correct).length;
    return {
      candidates,
      calibration: {
        calibrated: false,
        reason: `only ${correct.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')} held-out outputs are correct; choosing a threshold for a ` +
          `${(options.rate * 100).toFixed(0)} % false-alarm rate needs at least ${Math.ceil(1 / options.rate)} correct outputs in each half`,
      },
    };
  }
  const best = mean.caught > min.caught ? mean : min;
  const outOfTask: OutOfTaskCatch[] = (options.outOfTask ?? []).map(o => ({
    data: o.data, inputs: o.outputs.length, caught: o.outputs.filter(x => statisticOf(best.statistic, x) < best.threshold).length,
  }));
  return {
    candidates,
    calibration: {
      calibrated: true, statistic: best.statistic, threshold: best.threshold, tokenThreshold: min.threshold,
      targetFalseAlarmRate: options.rate, falseAlarmRate: best.falseAlarmRate,
      correct: best.correct, wrong: best.wrong, caught: best.caught,
      data: `${options.data}; threshold chosen on the ${choose.length.toLocaleString('en-US')} even-numbered pairs, rates measured on the ${check.length.toLocaleString('en-US')} odd-numbered ones`,
      ...(outOfTask.length ? { outOfTask } : {}),
    },
  };
}
