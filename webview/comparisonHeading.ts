/**
 * What a comparison compares, counted right (pure): baseline and peeky seq2seq are models without
 * attention, not attention mechanisms, and entries read from attention files are systems, not models.
 * "Comparison of 5 models: 3 attention mechanisms, baseline, peeky".
 */
import type { Mechanism } from '../src/shared/engine/types';
import { t } from './l10n/strings';

export interface ComparedCounts {
  /** Entries of the extension's own models (attention or not). */
  models: number;
  /** Models with attention, and how many different mechanisms they use. */
  attentionModels: number;
  mechanisms: number;
  baseline: number;
  peeky: number;
  /** Entries read from attention files of other toolkits. */
  systems: number;
}

export function countCompared(kinds: readonly (Mechanism | 'external')[]): ComparedCounts {
  const attention = kinds.filter((k) => k !== 'external' && k !== 'baseline' && k !== 'peeky');
  const baseline = kinds.filter((k) => k === 'baseline').length;
  const peeky = kinds.filter((k) => k === 'peeky').length;
  const systems = kinds.filter((k) => k === 'external').length;
  return { models: attention.length + baseline + peeky, attentionModels: attention.length, mechanisms: new Set(attention).size, baseline, peeky, systems };
}

/** The parts after the colon: "3 attention mechanisms, baseline, peeky". */
export function comparedParts(c: ComparedCounts): string[] {
  const parts: string[] = [];
  if (c.attentionModels > 0) {
    if (c.attentionModels === c.mechanisms) parts.push(t(c.mechanisms === 1 ? 'comparison.part.mechanism' : 'comparison.part.mechanisms', c.mechanisms));
    else parts.push(t(c.mechanisms === 1 ? 'comparison.part.attentionModelsOneMechanism' : 'comparison.part.attentionModels', c.attentionModels, c.mechanisms));
  }
  if (c.baseline > 0) parts.push(c.baseline === 1 ? t('comparison.part.baseline') : t('comparison.part.baselines', c.baseline));
  if (c.peeky > 0) parts.push(c.peeky === 1 ? t('comparison.part.peeky') : t('comparison.part.peekies', c.peeky));
  if (c.systems > 0 && c.models > 0) parts.push(t(c.systems === 1 ? 'comparison.part.system' : 'comparison.part.systems', c.systems));
  return parts;
}

/** The comparison view's heading. */
export function comparisonHeading(kinds: readonly (Mechanism | 'external')[]): string {
  const c = countCompared(kinds);
  if (c.models === 0) return t(c.systems === 1 ? 'comparison.heading.system' : 'comparison.heading.systems', c.systems);
  // A comma list reads the same in English and Korean.
  const parts = comparedParts(c).join(', ');
  if (c.systems > 0) return t('comparison.heading.entries', c.models + c.systems, parts);
  return t(c.models === 1 ? 'comparison.heading.model' : 'comparison.heading.models', c.models, parts);
}

/** The noun the summary line counts in: "All 5 models produce…", "The systems disagree…". */
export function comparedNoun(kinds: readonly (Mechanism | 'external')[]): 'models' | 'systems' {
  return kinds.every((k) => k === 'external') && kinds.length > 0 ? 'systems' : 'models';
}
