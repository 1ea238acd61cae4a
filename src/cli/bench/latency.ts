/**
 * Interactive latency: `model.translate` (greedy, top-3 alternatives, attention matrix, exactly what the
 * worker computes for a selection) on inputs of a given length, warm (a few untimed runs first), as
 * median and 95th percentile over many runs. Inputs are cut from real questions of the dataset.
 */
import type { Pair } from '../../shared/data/types';
import type { Seq2SeqModel } from '../../shared/engine/index';

export interface LatencyResult {
  chars: number;
  medianMs: number;
  p95Ms: number;
  runs: number;
  outputTokens: number;
}

/** The q-quantile of ascending `sorted` (nearest rank: the median of an odd count is its middle value). */
export const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** Text of exactly `length` characters made of the pairs' sources joined by spaces. */
export function inputOfLength(pairs: readonly Pair[], length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += (text ? ' ' : '') + pairs[i % pairs.length].source;
  return text.slice(0, length);
}

export function measureDecodeLatency(model: Seq2SeqModel, pairs: readonly Pair[], length: number, runs: number, warmup = 20): LatencyResult {
  const text = inputOfLength(pairs, length);
  const times: number[] = [];
  let outputTokens = 0;
  for (let i = 0; i < runs + warmup; i++) {
    const t0 = performance.now();
    const r = model.translate(text, { modelId: 'bench', beamWidth: 1, topK: 3 });
    const ms = performance.now() - t0;
    if (!r.hypotheses[0].attention && model.config.mechanism !== 'baseline' && model.config.mechanism !== 'peeky') {
      throw new Error('decode returned no attention matrix');
    }
    if (i >= warmup) {
      times.push(ms);
      outputTokens = r.hypotheses[0].output.length;
    }
  }
  times.sort((a, b) => a - b);
  return { chars: length, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), runs, outputTokens };
}
