/** Builds the panel's views from worker results: pure functions, no vscode. */
import type { AttentionStats, BeamResult, DecodeResult, ModelInfo } from '../shared/engine/types';
import type { ComparisonView, TranslationEntry, TranslationView } from '../shared/protocol/webview';
import { attentionStats } from '../shared/metrics/index';
import { isWordResult, mergeResult, type SubwordView } from '../shared/text/wordMerge';

export function makeEntry(info: ModelInfo, result: DecodeResult, beams: DecodeResult[] = []): TranslationEntry {
  return {
    modelId: info.id,
    modelLabel: info.label,
    mechanism: info.mechanism,
    result,
    stats: statsOf(result),
    beams: beams.length > 1 ? beams : [],
    tokenizers: { source: info.config.sourceTokenizer, target: info.config.targetTokenizer },
  };
}

export function translationView(input: string, info: ModelInfo, beam: BeamResult): TranslationView {
  const [best] = beam.hypotheses;
  if (!best) throw new Error(`Model '${info.id}' returned no hypothesis.`);
  return { kind: 'translation', input, entry: makeEntry(info, best, beam.hypotheses) };
}

export function comparisonView(input: string, models: ModelInfo[], results: DecodeResult[]): ComparisonView {
  const entries = results.map((r, i) => makeEntry(models[i], r));
  return { kind: 'comparison', input, entries, disagreements: disagreements(entries.map(e => e.result.output)) };
}

/** Output positions where at least two outputs differ (a missing token counts as different). */
export function disagreements(outputs: string[][]): number[] {
  const length = Math.max(0, ...outputs.map(o => o.length));
  const positions: number[] = [];
  for (let i = 0; i < length; i++) {
    if (new Set(outputs.map(o => o[i] ?? '\u0000')).size > 1) positions.push(i);
  }
  return positions;
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
