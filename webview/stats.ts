/**
 * Attention diagnostics computed in the panel when the host's `stats` do not apply (another beam
 * hypothesis was selected). Same definitions as `AttentionStats` in src/shared/engine/types.ts.
 */
import type { AttentionStats } from '../src/shared/engine/types';

/** Entropy in nats of one distribution (zeros skipped). */
export function entropy(row: readonly number[]): number {
  let h = 0;
  for (const p of row) if (p > 0 && Number.isFinite(p)) h -= p * Math.log(p);
  return h;
}

/** Row entropy, coverage (column sums) and the share of source tokens covered at least 0.5. */
export function attentionStats(attention: readonly (readonly number[])[], sourceLength: number): AttentionStats {
  const rowEntropy = attention.map(entropy);
  const coverage = new Array<number>(sourceLength).fill(0);
  for (const row of attention) row.forEach((w, j) => { if (j < sourceLength && Number.isFinite(w)) coverage[j] += w; });
  const meanEntropy = rowEntropy.length ? rowEntropy.reduce((a, b) => a + b, 0) / rowEntropy.length : 0;
  const coveredShare = sourceLength ? coverage.filter((c) => c >= 0.5).length / sourceLength : 0;
  return { rowEntropy, meanEntropy, coverage, coveredShare };
}
