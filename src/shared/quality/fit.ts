/**
 * Does this input look like what the model was trained on? A model answers anything it can tokenise,
 * and a date model given "hello world" writes a date with every digit at p > 0.9; its confidence says
 * nothing about input from outside its training distribution. So each model carries a profile of its
 * training sources, and the input is scored against it before the answer is trusted.
 *
 * Design (the same for every model, whatever its tokenizer or task):
 * - Profile: counts of character bigrams and trigrams over the training sources, after a normalisation
 *   that keeps what tells tasks apart and drops what does not (NFC, lower case, every digit as `0`,
 *   white-space runs as one space, `\n` marking both ends). The 6,000 most frequent: small enough for the
 *   file header (a date model needs a few hundred).
 * - Score: the input's mean log-probability per character (nats) under a Witten-Bell interpolated
 *   trigram model of those counts, down to an add-one unigram model that keeps one slot for unseen
 *   characters. Mean, not sum, so short and long inputs compare; characters never seen in training
 *   pull it down hard. (Bigrams alone could not tell dates from English under a small English profile.)
 * - Threshold: calibrated on held-out sources of the model's own task (half to choose, half to measure)
 *   so that a stated share (5 %) of in-distribution inputs fail; stored in the card with that rate and
 *   how many inputs of other tasks it rejects.
 * - A second, simpler signal from the model's own vocabulary: when more than `maxUnknownShare` of the
 *   input's tokens read as `<unk>` it does not fit either (word and subword models see unknown words
 *   where a character profile may still look familiar).
 * - Candidates: every installed model whose card has a profile is scored; those that fit, one per task
 *   (the best on held-out data), the widest margin first, are offered in the panel. Nothing is listed by
 *   name in the code, so a model added later (with a card) is offered automatically.
 */
import type { ModelInfo } from '../engine/types';
import { primaryHeldOut, type FitCalibration } from './card';
import { halves, thresholdForRate } from './confidence';

/** Character n-gram counts of a model's training sources (`\n` marks the start and the end). */
export interface CharNgramProfile {
  kind: 'char-ngram';
  /** Longest n-gram counted (2 = bigrams, 3 = trigrams); every shorter one from 2 up is counted too. */
  order: number;
  /** Sentences counted. */
  sentences: number;
  /** n-gram (2..order characters, after `fitText`) -> count >= 1. */
  grams: Record<string, number>;
}

export const BOUNDARY = '\n';
/** Trigrams tell languages and formats apart much better than bigrams (English vs dates, French). */
export const PROFILE_ORDER = 3;
/** n-grams kept in a profile: the most frequent ones (a few tens of kilobytes of header). */
export const PROFILE_GRAMS = 6000;

/** The normalised text the profile is made of and scored on. */
export function fitText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\p{Nd}/gu, '0').replace(/\s+/gu, ' ').trim();
}

function charsOf(text: string): string[] {
  return [BOUNDARY, ...fitText(text), BOUNDARY];
}

/** The profile of some training sources; the `maxGrams` most frequent n-grams are kept (ties by first seen). */
export function buildProfile(sources: Iterable<string>, order = PROFILE_ORDER, maxGrams = PROFILE_GRAMS): CharNgramProfile {
  const counts = new Map<string, number>();
  let sentences = 0;
  for (const s of sources) {
    sentences++;
    const c = charsOf(s);
    for (let i = 1; i < c.length; i++) {
      for (let k = 2; k <= order && i - k + 1 >= 0; k++) {
        const g = c.slice(i - k + 1, i + 1).join('');
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
    }
  }
  const kept = [...counts.entries()].map(([g, n], seen) => ({ g, n, seen }))
    .sort((a, b) => b.n - a.n || a.seen - b.seen).slice(0, maxGrams)
    .sort((a, b) => (a.g < b.g ? -1 : a.g > b.g ? 1 : 0));
  const grams: Record<string, number> = {};
  for (const { g, n } of kept) grams[g] = n;
  return { kind: 'char-ngram', order, sentences, grams };
}

/** A profile made ready for scoring: counts per history, follower types, unigram counts. */
export class ProfileScorer {
  private readonly counts = new Map<string, number>();
  private readonly history = new Map<string, { total: number; types: number }>();
  private readonly unigram = new Map<string, number>();
  private readonly unigramTotal: number;
  private readonly alphabet: number;
  private readonly order: number;

  constructor(profile: CharNgramProfile) {
    this.order = profile.order;
    let total = 0;
    for (const [g, n] of Object.entries(profile.grams)) {
      const chars = [...g];
      const h = chars.slice(0, -1).join('');
      const y = chars[chars.length - 1];
      this.counts.set(g, n);
      const e = this.history.get(h) ?? { total: 0, types: 0 };
      e.total += n;
      e.types += 1;
      this.history.set(h, e);
      if (chars.length === 2) {
        this.unigram.set(y, (this.unigram.get(y) ?? 0) + n);
        total += n;
      }
    }
    this.unigramTotal = total;
    this.alphabet = this.unigram.size;
  }

  /** P(y | history): Witten-Bell interpolation from the unigram up through the longer histories. */
  private prob(hist: readonly string[], y: string): number {
    // Add-one unigram with one extra slot shared by every unseen character.
    let p = ((this.unigram.get(y) ?? 0) + 1) / (this.unigramTotal + this.alphabet + 1);
    for (let k = 1; k <= hist.length; k++) {
      const h = hist.slice(hist.length - k).join('');
      const e = this.history.get(h);
      if (!e) break;
      p = ((this.counts.get(h + y) ?? 0) + e.types * p) / (e.total + e.types);
    }
    return p;
  }

  /** Mean ln-probability per character of `text` (nats; 0 is a perfect fit, more negative is worse). */
  score(text: string): number {
    const c = charsOf(text);
    let sum = 0;
    for (let i = 1; i < c.length; i++) sum += Math.log(this.prob(c.slice(Math.max(0, i - this.order + 1), i), c[i]));
    return sum / (c.length - 1);
  }
}

const scorers = new WeakMap<CharNgramProfile, ProfileScorer>();

/** The mean log-probability per character of `text` under `profile` (scorers are cached per profile object). */
export function fitScore(profile: CharNgramProfile, text: string): number {
  let s = scorers.get(profile);
  if (!s) {
    s = new ProfileScorer(profile);
    scorers.set(profile, s);
  }
  return s.score(text);
}

/** Whether one input fits one model, and why not. */
export interface FitVerdict {
  fits: boolean;
  score: number;
  threshold: number;
  /** Share of the input's tokens the model read as `<unk>` (when known: after a translation). */
  unknownShare: number | null;
  maxUnknownShare: number;
  /** A sentence for the user when it does not fit. */
  reason: string | null;
}

/**
 * Which limit an input fails, from a verdict's figures: its profile score first, then its unknown
 * tokens (the panel words the reason from this in the display language; `reason` is the English).
 */
export function fitFailure(v: Pick<FitVerdict, 'score' | 'threshold' | 'unknownShare' | 'maxUnknownShare'>): 'unlike' | 'unknown' | null {
  if (v.score < v.threshold) return 'unlike';
  return v.unknownShare !== null && v.unknownShare > v.maxUnknownShare ? 'unknown' : null;
}

export function fitVerdict(fit: FitCalibration, text: string, unknownShare: number | null = null): FitVerdict {
  const score = fitScore(fit.profile, text);
  const figures = { score, threshold: fit.threshold, unknownShare, maxUnknownShare: fit.maxUnknownShare };
  const failure = fitFailure(figures);
  let reason: string | null = null;
  if (failure === 'unlike') {
    reason = `its characters are unlike the model's training inputs (fit ${score.toFixed(2)} nats per character, below the calibrated ${fit.threshold.toFixed(2)})`;
  } else if (failure === 'unknown') {
    reason = `${Math.round((unknownShare ?? 0) * 100)} % of its tokens are unknown to the model (more than ${Math.round(fit.maxUnknownShare * 100)} %)`;
  }
  return { fits: failure === null, ...figures, reason };
}

/** A model offered for an input: it fits, with `margin` nats per character to spare. */
export interface FitCandidate {
  modelId: string;
  label: string;
  task: string;
  margin: number;
  /** The model's main held-out figure, e.g. "100.00 % exact match on 5,000 held-out pairs". */
  heldOut: string | null;
  /** The figures of `heldOut` (absent in views saved by older versions), for the panel to word. */
  heldOutScores?: { exactMatch: number; pairs: number } | null;
}

export interface FitReport {
  /** The active model's verdict; null when its card has no fit profile (nothing can be said). */
  active: (FitVerdict & { modelId: string; label: string }) | null;
  /** Other models that fit the input, best first (empty when none does). */
  candidates: FitCandidate[];
}

/** Candidates offered at most (one per task). */
export const MAX_CANDIDATES = 3;

/** The active model's verdict and, when it does not fit, the installed models that do. */
export function assessFit(text: string, models: readonly ModelInfo[], activeId: string, unknownShare: number | null = null): FitReport {
  const activeInfo = models.find(m => m.id === activeId);
  const activeFit = activeInfo?.card?.fit;
  const active = activeInfo && activeFit ? { ...fitVerdict(activeFit, text, unknownShare), modelId: activeInfo.id, label: activeInfo.label } : null;
  if (!active || active.fits) return { active, candidates: [] };
  return { active, candidates: fittingModels(text, models, activeId) };
}

/** Models that fit `text` (not `excludeId`), the best-scoring model of each task, widest margin first. */
export function fittingModels(text: string, models: readonly ModelInfo[], excludeId: string): FitCandidate[] {
  const byTask = new Map<string, { info: ModelInfo; margin: number; quality: number }>();
  models.forEach(info => {
    const fit = info.card?.fit;
    if (!fit || info.id === excludeId) return;
    const v = fitVerdict(fit, text);
    if (!v.fits) return;
    const quality = primaryHeldOut(info.card)?.exactMatch ?? -1;
    const best = byTask.get(info.task);
    // The first model of a task in the list's order wins ties (the registry sorts by mechanism).
    if (!best || quality > best.quality) byTask.set(info.task, { info, margin: v.score - v.threshold, quality });
  });
  return [...byTask.values()].sort((a, b) => b.margin - a.margin).slice(0, MAX_CANDIDATES).map(({ info, margin }) => {
    const h = primaryHeldOut(info.card);
    return {
      modelId: info.id, label: info.label, task: info.task, margin,
      heldOut: h ? `${(h.exactMatch * 100).toFixed(2)} % exact match on ${h.pairs.toLocaleString('en-US')} held-out pairs` : null,
      heldOutScores: h ? { exactMatch: h.exactMatch, pairs: h.pairs } : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Calibration

/** A source as the fit rule sees it: its text and the share of its tokens the model reads as `<unk>`. */
export interface FitInput {
  text: string;
  unknownShare: number;
}

/**
 * Calibrates the fit rule on held-out sources of the model's own task: even positions choose the limits,
 * odd ones measure the whole rule's false-alarm rate. When no held-out source has an unknown token
 * (character models, whose unknown characters stop a translation anyway), any `<unk>` fails the input and
 * the whole rate goes to the profile score; otherwise each part gets half of it.
 * `outOfTask`: sources of other tasks, to report how many the rule rejects.
 */
export function calibrateFit(
  profile: CharNgramProfile, heldOut: readonly FitInput[],
  options: { rate: number; data: string; outOfTask?: { data: string; inputs: readonly FitInput[] }[] },
): FitCalibration {
  const { choose, check } = halves(heldOut);
  const anyUnknown = heldOut.some(i => i.unknownShare > 0);
  const need = Math.ceil(1 / (anyUnknown ? options.rate / 2 : options.rate));
  const threshold = thresholdForRate(choose.map(i => fitScore(profile, i.text)), anyUnknown ? options.rate / 2 : options.rate);
  const negatedShare = anyUnknown ? thresholdForRate(choose.map(i => -i.unknownShare), options.rate / 2) : 0;
  if (threshold === null || negatedShare === null) {
    throw new Error(`Calibrating the fit test for a ${(options.rate * 100).toFixed(0)} % false-alarm rate needs at least ${need} held-out sources in each half; got ${choose.length}.`);
  }
  // More than half unknown always fails, whatever the held-out data allowed.
  const maxUnknownShare = anyUnknown ? Math.min(0.5, Math.max(0, -negatedShare)) : 0;
  const fit: FitCalibration = {
    profile, threshold, maxUnknownShare, targetFalseAlarmRate: options.rate, falseAlarmRate: 0, inputs: check.length,
    data: `${options.data}; limits chosen on the ${choose.length.toLocaleString('en-US')} even-numbered sources, rates measured on the ${check.length.toLocaleString('en-US')} odd-numbered ones`,
  };
  const rejects = (i: FitInput): boolean => !fitVerdict(fit, i.text, i.unknownShare).fits;
  fit.falseAlarmRate = check.length ? check.filter(rejects).length / check.length : 0;
  const outOfTask = (options.outOfTask ?? []).map(o => ({ data: o.data, inputs: o.inputs.length, caught: o.inputs.filter(rejects).length }));
  if (outOfTask.length) fit.outOfTask = outOfTask;
  return fit;
}
