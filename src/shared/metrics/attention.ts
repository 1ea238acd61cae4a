/**
 * Attention diagnostics and the comparison's disagreements: pure, one copy for the host (the views it
 * sends) and the webview (views it recomputes for another beam hypothesis or the merged word view).
 */
import type { AttentionStats } from '../engine/types';

/** Entropy in nats of one distribution (0 ln 0 = 0; non-finite weights skipped). */
export function entropy(row: readonly number[]): number {
  let h = 0;
  for (const p of row) if (p > 0 && Number.isFinite(p)) h -= p * Math.log(p);
  return h;
}

/**
 * Diagnostics of one attention matrix [output x source] (rows are distributions over source tokens):
 * row entropy in nats (ln(source length) for a uniform row), its mean, coverage (column sums: the total
 * weight each source token received) and the share of source tokens with coverage >= 0.5.
 * `sourceLength` defaults to the widest row.
 */
export function attentionStats(
  matrix: readonly (readonly number[])[],
  sourceLength = matrix.reduce((m, row) => Math.max(m, row.length), 0),
): AttentionStats {
  const rowEntropy = matrix.map(entropy);
  const coverage = new Array<number>(sourceLength).fill(0);
  for (const row of matrix) row.forEach((w, j) => { if (j < sourceLength && Number.isFinite(w)) coverage[j] += w; });
  const meanEntropy = rowEntropy.length ? rowEntropy.reduce((a, b) => a + b, 0) / rowEntropy.length : 0;
  const coveredShare = sourceLength ? coverage.filter((c) => c >= 0.5).length / sourceLength : 0;
  return { rowEntropy, meanEntropy, coverage, coveredShare };
}

/** Output positions (0-based) where at least two outputs differ; an output that is too short differs. */
export function disagreements(outputs: readonly (readonly string[])[]): number[] {
  if (outputs.length < 2) return [];
  const longest = Math.max(...outputs.map((o) => o.length));
  const positions: number[] = [];
  for (let i = 0; i < longest; i++) {
    const first = outputs[0][i];
    if (outputs.some((o) => o[i] !== first)) positions.push(i);
  }
  return positions;
}
