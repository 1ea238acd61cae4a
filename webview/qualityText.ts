/**
 * The words of the panel's quality notices (pure, DOM-free, unit-tested): held-out figures, the
 * low-confidence notice, the fit notice, and the labels of marked tokens.
 */
import type { DecodeResult } from '../src/shared/engine/types';
import { primaryHeldOut, type HeldOutScores, type ModelCardView } from '../src/shared/quality/card';
import { assessConfidence, DEFAULT_TOKEN_THRESHOLD, type ConfidenceAssessment } from '../src/shared/quality/confidence';
import { fitFailure, type FitCandidate, type FitReport, type FitVerdict } from '../src/shared/quality/fit';
import { formatProbability } from './format';
import { t } from './l10n/strings';

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;
const int = (n: number): string => n.toLocaleString('en-US');

/**
 * The held-out figure for the decoding the output used: the card's beam scores when it was decoded with
 * the beam width the card measured, else the greedy scores of its largest held-out set, saying which
 * ("held-out, beam 4: BLEU 31.2, chrF 55.0 on … (greedy: BLEU 29.8)"). `beamWidth` is absent in older
 * views and for attention files: the figures are then named as the card has them.
 */
export function heldOutText(card: ModelCardView | null | undefined, beamWidth?: number): string {
  const h = primaryHeldOut(card);
  if (!card) return t('heldOut.noCard');
  const d = card.decoding;
  if (d && beamWidth !== undefined && beamWidth > 1 && beamWidth === d.beamWidth) {
    return t('heldOut.beamScores', d.beamWidth, d.bleu.toFixed(1), d.chrf.toFixed(1), d.data, d.greedyBleu.toFixed(1));
  }
  if (!h) return t('heldOut.none');
  if (beamWidth === undefined) return t('heldOut.scores', pct(h.exactMatch, 2), h.bleu.toFixed(1), int(h.pairs), h.data);
  const greedy = t('heldOut.greedyScores', pct(h.exactMatch, 2), h.bleu.toFixed(1), int(h.pairs), h.data);
  return beamWidth > 1 ? t('heldOut.unmeasuredBeam', greedy, beamWidth) : greedy;
}

/** The assessment of a shown hypothesis: the host's for the best one, computed here for other beams. */
export function confidenceOf(result: DecodeResult, card: ModelCardView | null | undefined, hostAssessment?: ConfidenceAssessment, isBest = true): ConfidenceAssessment {
  if (isBest && hostAssessment) return hostAssessment;
  const probabilities = result.probabilities;
  // Views saved by an older version have no end probability: the tokens alone.
  const endProbability = result.endProbability === undefined ? null : result.endProbability;
  return assessConfidence({ probabilities, endProbability }, card?.confidence);
}

/** The notice under a low-confidence output, or null when there is nothing to say. */
export function lowConfidenceText(a: ConfidenceAssessment, card: ModelCardView | null | undefined): string | null {
  if (!a.low || a.threshold === null) return null;
  const c = card?.confidence;
  const value = formatProbability(a.value);
  const threshold = a.threshold.toFixed(2);
  const below = a.statistic === 'min-token' ? t('lowConfidence.minToken', value, threshold) : t('lowConfidence.meanToken', value, threshold);
  const flagged = a.falseAlarmRate === null ? t('lowConfidence.someShare') : pct(a.falseAlarmRate, 1);
  const rates = c?.calibrated && c.wrong > 0
    ? t('lowConfidence.flagsAndCaught', flagged, pct(c.caught / c.wrong, 0))
    : t('lowConfidence.flags', flagged);
  return `${below} ${rates} ${t('lowConfidence.check')}`;
}

/** The note for a model whose confidence was never calibrated (the card's reason is its author's words). */
export function uncalibratedText(card: ModelCardView | null | undefined): string | null {
  const c = card?.confidence;
  if (c?.calibrated) return null;
  return c ? t('uncalibrated.reason', c.reason) : t('uncalibrated.noCard', DEFAULT_TOKEN_THRESHOLD.toFixed(2));
}

/** Why the input does not fit, from the verdict's figures (a verdict saved without them: its English reason). */
export function fitReasonText(v: FitVerdict): string {
  const figures = [v.score, v.threshold, v.maxUnknownShare].every(x => typeof x === 'number') &&
    (v.unknownShare === null || typeof v.unknownShare === 'number');
  const failure = figures ? fitFailure(v) : null;
  if (failure === 'unlike') return t('fit.reason.unlike', v.score.toFixed(2), v.threshold.toFixed(2));
  if (failure === 'unknown') return t('fit.reason.unknown', Math.round((v.unknownShare ?? 0) * 100), Math.round(v.maxUnknownShare * 100));
  return v.reason ?? t('fit.reason.unspecified');
}

/** The fit notice's sentence, or null when the input fits (or the model has no profile). */
export function fitNoticeText(fit: FitReport | null | undefined): string | null {
  const a = fit?.active;
  if (!a || a.fits) return null;
  const offer = fit.candidates.length ? t('fit.offer', fit.candidates.map(c => c.label).join(', ')) : t('fit.noneInstalled');
  return `${t('fit.notice', a.label, fitReasonText(a))} ${offer}`;
}

/** The fit notice in short, for the announced summary. */
export function fitShortText(fit: FitReport): string {
  const label = fit.active?.label ?? '';
  const n = fit.candidates.length;
  return n === 0 ? t('fit.short.none', label) : t(n === 1 ? 'fit.short.one' : 'fit.short.many', label, n);
}

/** An offered model's main held-out figure ("100.00 % exact match on 5,000 held-out pairs"), or null. */
export function candidateHeldOutText(c: FitCandidate): string | null {
  const s = c.heldOutScores;
  if (s) return t('fit.candidateHeldOut', pct(s.exactMatch, 2), int(s.pairs));
  // A view saved before the figures were sent: its English words.
  return s === undefined ? c.heldOut : null;
}

/** One held-out set's scores in the model-card section ("99.96 % exact match, BLEU 99.9, chrF 99.9 on 5,000 pairs."). */
export function heldOutScoresText(s: HeldOutScores): string {
  return t('card.heldOutScores', pct(s.exactMatch, 2), s.bleu.toFixed(1), s.chrf.toFixed(1), int(s.pairs));
}

/** The caveat's notice, in the card author's words. */
export function caveatText(caveat: string): string {
  return t('caveat.notice', caveat);
}

/** A source token's accessible label, with its unknown mark. */
export function sourceTokenLabel(index: number, spoken: string, unknown: boolean): string {
  return t(unknown ? 'token.sourceUnknown' : 'token.source', index + 1, spoken);
}

/** The words added to an output token's label when it is below the token threshold. */
export function lowTokenNote(a: ConfidenceAssessment): string {
  return t(a.calibrated ? 'token.low' : 'token.lowDefault', a.tokenThreshold.toFixed(2));
}

/** An output token's accessible label: its place, its probability, its marks. */
export function outputTokenLabel(index: number, spoken: string, probability: string, lowNote: string, disagree: boolean): string {
  return t('token.output', index + 1, spoken, probability, `${lowNote}${disagree ? t('token.disagree') : ''}`);
}

/** An output token's tooltip in the grid. */
export function outputTokenTitle(index: number, token: string, probability: string, low: boolean): string {
  return t('token.outputTitle', index + 1, token, probability, low ? t('token.lowTitle') : '');
}

/** An output chip's tooltip: its probability and its marks. */
export function outputChipTitle(probability: string, low: boolean, disagree: boolean): string {
  return `p=${probability}${low ? t('token.lowTitle') : ''}${disagree ? t('token.disagreeTitle') : ''}`;
}

/** A source token's tooltip: its place, its text, its characters in the input, its unknown mark. */
export function sourceTokenTitle(index: number, token: string, start: number, end: number, unknown: boolean): string {
  return t(unknown ? 'token.sourceTitleUnknown' : 'token.sourceTitle', index + 1, token, start, end);
}
