/**
 * The words of the panel's quality notices (pure, DOM-free, unit-tested): held-out figures, the
 * low-confidence notice, the fit notice, and the labels of marked tokens.
 */
import type { DecodeResult } from '../src/shared/engine/types';
import { primaryHeldOut, type ModelCardView } from '../src/shared/quality/card';
import { assessConfidence, type ConfidenceAssessment } from '../src/shared/quality/confidence';
import type { FitReport } from '../src/shared/quality/fit';
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

function statisticName(a: ConfidenceAssessment): string {
  return a.statistic === 'min-token' ? 'its weakest token has p' : 'its tokens\' geometric mean is p';
}

/** The notice under a low-confidence output, or null when there is nothing to say. */
export function lowConfidenceText(a: ConfidenceAssessment, card: ModelCardView | null | undefined): string | null {
  if (!a.low || a.threshold === null) return null;
  const c = card?.confidence;
  const caught = c?.calibrated && c.wrong > 0 ? `, and ${pct(c.caught / c.wrong, 0)} of the wrong ones` : '';
  return `Low confidence: ${statisticName(a)} = ${formatProbability(a.value)}, below this model's calibrated ${a.threshold.toFixed(2)}. ` +
    `On held-out data the threshold flags ${a.falseAlarmRate === null ? 'some' : pct(a.falseAlarmRate, 1)} of the correct outputs${caught}. Check this output.`;
}

/** The note for a model whose confidence was never calibrated. */
export function uncalibratedText(card: ModelCardView | null | undefined): string | null {
  const c = card?.confidence;
  if (c?.calibrated) return null;
  return c ? `Confidence not calibrated: ${c.reason}.` : 'Confidence not calibrated (no model card): tokens below p = 0.50 are marked, no threshold applies.';
}

/** The fit notice's sentence, or null when the input fits (or the model has no profile). */
export function fitNoticeText(fit: FitReport | null | undefined): string | null {
  const a = fit?.active;
  if (!a || a.fits) return null;
  const offer = fit.candidates.length
    ? ` Models that fit it: ${fit.candidates.map(c => c.label).join(', ')}.`
    : ' No installed model fits it.';
  return `This input does not fit ${a.label}: ${a.reason ?? 'it is unlike its training data'}.${offer}`;
}

/** A source token's accessible label, with its unknown mark. */
export function sourceTokenLabel(index: number, spoken: string, unknown: boolean): string {
  return `source ${index + 1}: ${spoken}${unknown ? ', unknown to the model (read as <unk>)' : ''}`;
}

/** The words added to an output token's label when it is below the token threshold. */
export function lowTokenNote(a: ConfidenceAssessment): string {
  return `, low probability (below ${a.tokenThreshold.toFixed(2)}${a.calibrated ? '' : ', uncalibrated default'})`;
}
