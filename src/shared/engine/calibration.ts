/**
 * Calibrating a model's warnings on held-out data: decode held-out pairs with each token's probability
 * (batched greedy decoding, the same choices as the extension's greedy translation), then hand them to
 * the pure calibrations of `quality/confidence` (low confidence) and `quality/fit` (input that does not
 * fit). The command line's `calibrate` and the model-making scripts use this.
 */
import type { Pair } from '../data/types';
import { calibrateConfidence, type CalibrationItem, type ConfidenceCalibrationResult, type ScoredOutput } from '../quality/confidence';
import { buildProfile, calibrateFit, type CharNgramProfile, type FitInput } from '../quality/fit';
import type { FitCalibration } from '../quality/card';
import { tokenizerFor } from '../text/tokenizer';
import { encodeSource, targetTokens } from './batching';
import type { Seq2SeqModel } from './model';
import type { ModelConfig } from './types';
import { evalBatchSize } from './train';

/** One decoded input with the figures the calibrations need. */
export interface ScoredInput extends ScoredOutput {
  source: string;
  /** Output tokens (vocabulary keys) and their detokenised text. */
  tokens: string[];
  prediction: string;
  /** Share of the source's tokens read as `<unk>`. */
  unknownShare: number;
  /** Whether the extension would translate it (not empty, not too long, not all unknown; a character model: no unknown character). */
  accepted: boolean;
}

export interface ScoredPair extends ScoredInput {
  reference: string;
  correct: boolean;
}

/**
 * The worker's rule (worker/inputCheck.ts): not empty, not too long, a character model knows every
 * character, a word or subword model knows at least one token.
 */
function accepts(config: ModelConfig, tokens: number, unknown: number): boolean {
  return tokens > 0 && tokens <= config.maxSourceLength && (config.sourceTokenizer === 'char' ? unknown === 0 : unknown < tokens);
}

/** Greedy-decodes every source with its token probabilities (inputs the extension refuses are not decoded). */
export function decodeScored(model: Seq2SeqModel, sources: readonly string[], batchSize = evalBatchSize(model.config)): ScoredInput[] {
  const config = model.config;
  const detok = tokenizerFor(config.targetTokenizer, model.targetVocab);
  const encoded = sources.map(s => encodeSource(s, config, model.sourceVocab));
  const out: ScoredInput[] = sources.map((source, i) => {
    const e = encoded[i];
    const n = e.ids.length;
    return { source, tokens: [], prediction: '', probabilities: [], endProbability: null, unknownShare: n ? e.unknown / n : 0, accepted: accepts(config, n, e.unknown) };
  });
  const order = out.map((_, i) => i).filter(i => out[i].accepted).sort((a, b) => encoded[a].ids.length - encoded[b].ids.length);
  for (let k = 0; k < order.length; k += batchSize) {
    const idx = order.slice(k, k + batchSize);
    const r = model.greedyScored(idx.map(i => encoded[i].ids));
    idx.forEach((i, j) => {
      const tokens = r.ids[j].map(id => model.targetVocab.token(id));
      out[i] = { ...out[i], tokens, prediction: detok.detokenize(tokens), probabilities: r.probabilities[j], endProbability: r.endProbabilities[j] };
    });
  }
  return out;
}

/** Greedy-decodes held-out pairs; `correct` compares tokens as `evaluateModel`'s exact match does. */
export function decodePairs(model: Seq2SeqModel, pairs: readonly Pair[]): ScoredPair[] {
  const scored = decodeScored(model, pairs.map(p => p.source));
  return scored.map((s, i) => {
    const ref = targetTokens(pairs[i].target, model.config, model.targetVocab);
    const correct = s.accepted && ref.length === s.tokens.length && ref.every((t, k) => t === s.tokens[k]);
    return { ...s, reference: pairs[i].target, correct };
  });
}

export interface CalibrateOptions {
  /** Held-out pairs of the model's own task, and a sentence saying what they are and how they were held out. */
  heldOut: readonly Pair[];
  heldOutData: string;
  /** Sources the model was trained on (for the fit profile), or a profile already made (a card's). */
  training: readonly string[] | CharNgramProfile;
  /** Sources of other tasks: how many each rule flags is reported in the card. */
  outOfTask?: { data: string; sources: readonly string[] }[];
  /** Out-of-task sources used per set at most, spread over it (default 1000): for the fit test over all of them, for confidence over those the model accepts. */
  outOfTaskMax?: number;
  /** Target false-alarm rates on correct outputs / in-task inputs (default 0.05 each). */
  confidenceRate?: number;
  fitRate?: number;
}

export interface CalibrationReport {
  confidence: ConfidenceCalibrationResult;
  fit: FitCalibration;
  /** The decoded held-out pairs, for the caller's own figures. */
  pairs: ScoredPair[];
  /** Out-of-task sources decoded (those the extension accepts). */
  outOfTask: { data: string; inputs: number; accepted: number }[];
}

const n = (x: number): string => x.toLocaleString('en-US');

/** At most `max` items spread evenly over the list (a file sorted by length keeps its range). */
export function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

/** Whether the extension translates `source` with this model, and the share of its tokens read as `<unk>`. */
function acceptance(model: Seq2SeqModel, source: string): { accepted: boolean; unknownShare: number } {
  const e = encodeSource(source, model.config, model.sourceVocab);
  const n = e.ids.length;
  return { accepted: accepts(model.config, n, e.unknown), unknownShare: n ? e.unknown / n : 0 };
}

/** Decodes the held-out (and out-of-task) data and calibrates both rules on it. */
export function calibrateModel(model: Seq2SeqModel, o: CalibrateOptions): CalibrationReport {
  const confidenceRate = o.confidenceRate ?? 0.05;
  const fitRate = o.fitRate ?? 0.05;
  const max = o.outOfTaskMax ?? 1000;
  const pairs = decodePairs(model, o.heldOut);
  // Refused held-out inputs are neither right nor wrong answers: the extension would say why instead.
  const items: CalibrationItem[] = pairs.filter(p => p.accepted);
  const foreign = (o.outOfTask ?? []).map(t => {
    const checked = t.sources.map(source => ({ source, ...acceptance(model, source) }));
    // Decoding is the cost: only inputs the model accepts are decoded, at most `max` of them.
    const accepted = checked.filter(c => c.accepted);
    return {
      data: t.data, total: checked.length, acceptedTotal: accepted.length,
      decoded: decodeScored(model, spread(accepted, max).map(c => c.source)),
      fitInputs: spread(checked, max).map((c): FitInput => ({ text: c.source, unknownShare: c.unknownShare })),
    };
  });
  const confidence = calibrateConfidence(items, {
    rate: confidenceRate, data: `${o.heldOutData} (${n(items.length)} pairs the model accepts)`,
    // Sets the model refuses outright (unknown characters) say nothing about its confidence: left out.
    outOfTask: foreign.filter(f => f.decoded.length > 0).map(f => ({
      data: `${f.data}, ${f.decoded.length === f.acceptedTotal ? 'the' : `${n(f.decoded.length)} of the`} ${n(f.acceptedTotal)} of its ` +
        `${n(f.total)} sources the model translates (it refuses the others)`,
      outputs: f.decoded,
    })),
  });
  const profile = Array.isArray(o.training) ? buildProfile(o.training as readonly string[]) : (o.training as CharNgramProfile);
  const fit = calibrateFit(profile, pairs.map((s): FitInput => ({ text: s.source, unknownShare: s.unknownShare })), {
    rate: fitRate, data: `the sources of ${o.heldOutData}`,
    outOfTask: foreign.map(f => ({ data: `${f.data}, ${f.fitInputs.length === f.total ? 'all' : n(f.fitInputs.length)} of its ${n(f.total)} sources`, inputs: f.fitInputs })),
  });
  return {
    confidence, fit, pairs,
    outOfTask: foreign.map(f => ({ data: f.data, inputs: f.total, accepted: f.acceptedTotal })),
  };
}
