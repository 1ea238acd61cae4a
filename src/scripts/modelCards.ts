/**
 * The model cards of the shipped models, made from evaluation results: `makeModelCard` evaluates a trained
 * model on its held-out sets, calibrates its warnings (engine/calibration.ts) and fills the card;
 * `dateCardPlan` and `enKoCardPlan` say what each shipped family's card holds. Used by
 * make-shipped-models.ts (after training) and write-model-cards.ts (for models already trained).
 */
import type { Pair } from '../shared/data/types';
import { sentenceKey } from '../shared/data/split';
import { calibrateModel, evaluateModel, type CalibrationReport, type EvaluationResult, type Seq2SeqModel } from '../shared/engine/index';
import { buildModelCard, type ModelCard, type TrainingData } from '../shared/quality/card';
import { beamScores } from './heldOut';

export const DATE_LICENSE = 'MIT licence, copyright (c) 2018 Koki Saitoh: the date data set of "Deep Learning from Scratch 2" ' +
  '(oreilly-japan/deep-learning-from-scratch-2, dataset/date.txt)';
export const TATOEBA_LICENSE = 'CC-BY 2.0 France: sentence pairs from Tatoeba (tatoeba.org) via the manythings.org Anki export; ' +
  'the attribution of every pair is listed in media/models/ATTRIBUTION.md';
export const DATE_SPLIT = "the book's split of date.txt: its 50,000 lines shuffled with numpy's seed 1984, the last 5,000 " +
  'held out (date-test.txt) and the first 45,000 trained on (date-train.txt); no test line is a training line';

/** The translation models' first limit: what Tatoeba's sentences teach. */
export const EVERYDAY_SENTENCES_LIMIT = 'Short everyday sentences of the kind Tatoeba collects (1 to about 10 words); long, technical or ' +
  'literary text is outside what it learned.';

export interface HeldOutSet {
  data: string;
  split: string;
  pairs: readonly Pair[];
}

/** What a card says besides the figures, and the data its figures and thresholds come from. */
export interface CardPlan {
  summary: string;
  training: TrainingData;
  /** The sources trained on (the fit profile). */
  trainSources: readonly string[];
  /** Held-out sets, each evaluated; the low-confidence and fit thresholds are calibrated on all of them together. */
  heldOut: HeldOutSet[];
  /** Training pairs decoded to show how well the model fits what it was taught (never shown as held-out). */
  trainingSample?: HeldOutSet;
  /** Sources of other tasks, to report how many each warning catches. */
  outOfTask: { data: string; sources: readonly string[] }[];
  limits(scores: EvaluationResult[]): string[];
  caveat?(scores: EvaluationResult[], sample: EvaluationResult | null): string;
  /**
   * Beam search of `beamWidth` tried against greedy decoding on the first held-out set; the card records
   * it as the model's decoding where it beats greedy on both BLEU and chrF.
   */
  beamTrial?: { beamWidth: number };
}

export interface MadeCard {
  card: ModelCard;
  heldOut: EvaluationResult[];
  trainingSample: EvaluationResult | null;
  calibration: CalibrationReport;
  /** The beam trial's scores on the first held-out set, when the plan asked for one. */
  beam: { bleu: number; chrf: number } | null;
}

/** Evaluates, calibrates and fills the card of one trained model. */
export function makeModelCard(model: Seq2SeqModel, plan: CardPlan): MadeCard {
  const heldOut = plan.heldOut.map(h => evaluateModel(model, [...h.pairs]));
  const trainingSample = plan.trainingSample ? evaluateModel(model, [...plan.trainingSample.pairs]) : null;
  const calibration = calibrateModel(model, {
    heldOut: plan.heldOut.flatMap(h => h.pairs),
    heldOutData: plan.heldOut.map(h => `${h.pairs.length.toLocaleString('en-US')} pairs of ${h.data}`).join(' and '),
    training: plan.trainSources,
    outOfTask: plan.outOfTask,
  });
  const trial = plan.beamTrial;
  const beam = trial ? beamScores(model, plan.heldOut[0].pairs, trial.beamWidth, 1) : null;
  // Beams become the model's decoding only where they beat greedy on the same pairs, on both scores.
  const decoding = trial && beam && beam.bleu > heldOut[0].bleu && beam.chrf > heldOut[0].chrf ? {
    beamWidth: trial.beamWidth, data: `the ${plan.heldOut[0].pairs.length.toLocaleString('en-US')} held-out pairs of ${plan.heldOut[0].data}`,
    bleu: beam.bleu, chrf: beam.chrf, greedyBleu: heldOut[0].bleu, greedyChrf: heldOut[0].chrf,
  } : null;
  const card = buildModelCard({
    summary: plan.summary,
    training: plan.training,
    heldOut: plan.heldOut.map((h, i) => ({ data: h.data, split: h.split, result: heldOut[i] })),
    ...(plan.trainingSample && trainingSample ? { trainingSample: { data: plan.trainingSample.data, split: plan.trainingSample.split, result: trainingSample } } : {}),
    limits: plan.limits(heldOut),
    ...(plan.caveat ? { caveat: plan.caveat(heldOut, trainingSample) } : {}),
    confidence: calibration.confidence.calibration,
    fit: calibration.fit,
    ...(decoding ? { decoding } : {}),
  });
  return { card, heldOut, trainingSample, calibration, beam };
}


const pct = (x: number, digits = 0): string => `${(x * 100).toFixed(digits)} %`;

/** The card of a `date-<mechanism>` model trained on date-train.txt. */
export function dateCardPlan(train: readonly Pair[], test: readonly Pair[], outOfTask: CardPlan['outOfTask']): CardPlan {
  return {
    summary: "Rewrites dates in the book's formats (e.g. \"september 27, 1994\", \"9/27/94\") as YYYY-MM-DD, character by character.",
    training: { data: `date-train.txt: the ${train.length.toLocaleString('en-US')} training questions of the book's date data set`, license: DATE_LICENSE, pairs: train.length },
    trainSources: train.map(p => p.source),
    heldOut: [{ data: 'date-test.txt', split: DATE_SPLIT, pairs: test }],
    outOfTask,
    limits: () => [
      "Knows only the formats of the book's generator: \"Month D, YYYY\" and \"Weekday, Month D, YYYY\" (month names in full or " +
        'three letters; lower, title or upper case) and "M/D/YY". Other formats (1994-09-27, 27 September 1994, 27.09.1994, ' +
        '1st) were never seen; it still writes a date for them, often a wrong one.',
      'Years 1970 to 2017 only: "DEC 1, 1969" comes out as 1999-12-01.',
      'It does not know which dates exist: "february 30, 1994" gives 1994-02-30 with high confidence.',
      'The extension refuses input with characters it never saw (k, q, x, z, ".", "-", ...); any other text made of its ' +
        'characters, such as "hello world", is turned into a date: the panel says when an input does not fit.',
    ],
  };
}

/** The card of the word-level English -> Korean demonstration model. */
export function enKoCardPlan(o: {
  train: readonly Pair[]; heldOut: readonly Pair[]; newer: readonly Pair[] | null; heldOutInTraining: number; outOfTask: CardPlan['outOfTask'];
  /** Pairs training used (longer ones are left out), when known from the model's summary. */
  trainedPairs?: number;
}): CardPlan {
  const trained = o.trainedPairs ?? o.train.length;
  const heldOut: HeldOutSet[] = [{
    data: 'kor-eng.tsv',
    split: `100 of its ${(o.train.length + o.heldOut.length).toLocaleString('en-US')} pairs held out by a seeded shuffle of the pairs ` +
      `(mulberry32, seed 1984); by pair, not by sentence: ${o.heldOutInTraining} of the 100 English sentences are also in the training pairs with another translation`,
    pairs: o.heldOut,
  }];
  if (o.newer && o.newer.length) {
    heldOut.push({
      data: 'kor-eng-2023.tsv',
      split: 'the pairs of a newer Tatoeba export (2023-02-20) whose English sentence is in no pair of kor-eng.tsv: unseen sentences',
      pairs: o.newer,
    });
  }
  return {
    summary: 'English to Korean, word level: a small demonstration model that reproduces some of its training sentences and does not generalise.',
    training: {
      data: `kor-eng.tsv: ${trained.toLocaleString('en-US')} English-Korean Tatoeba sentence pairs of at most 16 words a side`,
      license: TATOEBA_LICENSE, pairs: trained,
    },
    trainSources: o.train.map(p => p.source),
    heldOut,
    trainingSample: { data: 'kor-eng.tsv', split: 'the first 500 training pairs (not held out)', pairs: o.train.slice(0, 500) },
    outOfTask: o.outOfTask,
    caveat: (scores, sample) => `Does not generalise: on ${scores.map(s => `${s.examples.toLocaleString('en-US')} held-out pairs BLEU ${s.bleu.toFixed(1)}` +
      ` (${pct(s.exactMatch, 1)} exact)`).join(', on ')}` + (sample ? `, against BLEU ${sample.bleu.toFixed(1)} on its own training sentences` : '') +
      '. Use it to see a word-level heatmap, not to translate.',
    limits: () => [
      `Trained on ${trained.toLocaleString('en-US')} short sentence pairs: far too few to learn English to Korean. It answers with sentences it was taught.`,
      'Words outside its vocabulary (rarer English and Korean words) read as <unk>; names are often unknown.',
      'At most 16 words in and out.',
    ],
  };
}

/** Pairs of `newer` whose source sentence is in no pair of `older` (held out by sentence). */
export function unseenSentences(newer: readonly Pair[], older: readonly Pair[]): Pair[] {
  const seen = new Set(older.map(p => sentenceKey(p.source)));
  return newer.filter(p => !seen.has(sentenceKey(p.source)));
}

/** How many pairs of `heldOut` have a source sentence that is also in `train`. */
export function sharedSentences(heldOut: readonly Pair[], train: readonly Pair[]): number {
  const seen = new Set(train.map(p => sentenceKey(p.source)));
  return heldOut.filter(p => seen.has(sentenceKey(p.source))).length;
}

/** How the shipped subword translation models hold out data (data/split.ts, TRANSLATION_SPLIT). */
export const SENTENCE_SPLIT = 'split by English sentence (a seeded hash of the sentence, TRANSLATION_SPLIT): 3 % of the English sentences ' +
  'held out for test and 2 % for early stopping, every translation of a held-out sentence with it, so no test sentence was seen in training';

/** The card of a shipped subword translation model (make-translation-models.ts). */
export function translationCardPlan(o: {
  summary: string; file: string; train: readonly Pair[]; test: readonly Pair[]; trainedPairs?: number;
  outOfTask: CardPlan['outOfTask']; limits: string[]; caveat?: string; beamTrial?: CardPlan['beamTrial'];
}): CardPlan {
  const trained = o.trainedPairs ?? o.train.length;
  return {
    summary: o.summary,
    training: {
      data: `${o.file}: ${trained.toLocaleString('en-US')} Tatoeba sentence pairs`, pairs: trained,
      license: TATOEBA_LICENSE.replace('ATTRIBUTION.md', 'ATTRIBUTION-translation.md'),
    },
    trainSources: o.train.map(p => p.source),
    heldOut: [{ data: o.file, split: SENTENCE_SPLIT, pairs: o.test }],
    outOfTask: o.outOfTask,
    limits: () => o.limits,
    ...(o.caveat ? { caveat: () => o.caveat as string } : {}),
    ...(o.beamTrial ? { beamTrial: o.beamTrial } : {}),
  };
}

/** The card of a `date-formats-<mechanism>` model trained on generated dates (data/dateFormatPairs.ts). */
export function dateFormatsCardPlan(train: readonly Pair[], heldOut: readonly Pair[], outOfTask: CardPlan['outOfTask']): CardPlan {
  return {
    summary: 'Rewrites dates as people type them (ISO, compact, numeric in three orders, month names, weekdays, ordinals, Korean) as YYYY-MM-DD.',
    training: { data: `${train.length.toLocaleString('en-US')} dates generated by the project in nine format families`, license: 'generated dates (no third-party data)', pairs: train.length },
    trainSources: train.map(p => p.source),
    heldOut: [{
      data: 'generated held-out dates',
      split: '1,000 questions per format family from seeds of their own, none of them a training or validation question',
      pairs: heldOut,
    }],
    outOfTask,
    limits: () => [
      'Numeric dates are read by one rule: a 4-digit first number is the year; "/" is month first (US); "." or "-" with the year last is ' +
        'day first; two-digit years 69-99 are 1969-1999 and 00-68 are 2000-2068. "20/01/2019" (day first with "/") is outside it.',
      'Years 1900 to 2099. It does not know which dates exist: "February 30" still gives a date.',
    ],
  };
}
