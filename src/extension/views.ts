/** Builds the panel's views from worker results: pure functions, no vscode. */
import type { AttentionStats, BeamResult, DecodeResult, ModelInfo } from '../shared/engine/types';
import type { ComparisonView, TranslationEntry, TranslationView } from '../shared/protocol/webview';
import { attentionStats } from '../shared/metrics/index';

export function makeEntry(info: ModelInfo, result: DecodeResult, beams: DecodeResult[] = []): TranslationEntry {
  return {
    modelId: info.id,
    modelLabel: info.label,
    mechanism: info.mechanism,
    result,
    stats: statsOf(result),
    beams: beams.length > 1 ? beams : [],
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
