/** Builds the panel's views from worker results: pure functions, no vscode. */
import type { AttentionStats, BeamResult, DecodeResult, ModelInfo } from '../shared/engine/types';
import type { ComparisonView, MismatchView, TranslationEntry, TranslationView } from '../shared/protocol/webview';
import { attentionStats, disagreements } from '../shared/metrics/attention';
import { isWordResult, mergeResult, type SubwordView } from '../shared/text/wordMerge';
import { cardForView } from '../shared/quality/card';
import { assessConfidence } from '../shared/quality/confidence';
import type { FitReport } from '../shared/quality/fit';

export function makeEntry(info: ModelInfo, result: DecodeResult, beams: DecodeResult[] = [], beamWidth?: number): TranslationEntry {
  return {
    modelId: info.id,
    modelLabel: info.label,
    mechanism: info.mechanism,
    result,
    stats: statsOf(result),
    beams: beams.length > 1 ? beams : [],
    ...(beamWidth === undefined ? {} : { beamWidth }),
    tokenizers: { source: info.config.sourceTokenizer, target: info.config.targetTokenizer },
    card: info.card ? cardForView(info.card) : null,
    confidence: assessConfidence(result, info.card?.confidence),
  };
}

export function translationView(input: string, info: ModelInfo, beam: BeamResult, fit: FitReport | null = null, beamWidth?: number): TranslationView {
  const [best] = beam.hypotheses;
  if (!best) throw new Error(`Model '${info.id}' returned no hypothesis.`);
  return { kind: 'translation', input, entry: makeEntry(info, best, beam.hypotheses, beamWidth), fit };
}

export function comparisonView(input: string, models: ModelInfo[], results: DecodeResult[], fit: FitReport | null = null, beamWidth?: number): ComparisonView {
  const entries = results.map((r, i) => makeEntry(models[i], r, [], beamWidth));
  return { kind: 'comparison', input, entries, disagreements: disagreements(entries.map(e => e.result.output)), fit };
}

export function mismatchView(input: string, info: ModelInfo, message: string, fit: FitReport): MismatchView {
  return { kind: 'mismatch', input, modelId: info.id, modelLabel: info.label, message, fit };
}

/** Share of the source tokens the model read as `<unk>` (0 for an empty source). */
export function unknownShare(result: DecodeResult): number {
  const flags = result.sourceUnknown ?? [];
  return flags.length ? flags.filter(Boolean).length / flags.length : 0;
}

function statsOf(result: DecodeResult): AttentionStats | null {
  return result.attention ? attentionStats(result.attention) : null;
}

/**
 * An entry's result as the panel shows it for `unit`: merged into words (text/wordMerge.ts) in the word
 * view when the model has subword pieces, else as decoded. The hover and the editor highlight use it so
 * that they name the same columns as the heatmap.
 */
export function shownResult(entry: TranslationEntry, unit: SubwordView): DecodeResult {
  return unit === 'words' ? mergeResult(entry.result, entry.tokenizers ?? {}) : entry.result;
}

/** Whether `shownResult` merged anything (the entry's model has subword pieces and the view is words). */
export function showsWords(entry: TranslationEntry, unit: SubwordView): boolean {
  return isWordResult(shownResult(entry, unit));
}

/** The index of the shown source token whose span holds `offset` (relative to the input), or -1. */
export function sourceAt(result: DecodeResult, offset: number): number {
  return result.source.findIndex(s => offset >= s.start && offset < s.end);
}
