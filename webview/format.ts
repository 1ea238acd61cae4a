/**
 * Pure text helpers for the panel: how tokens are shown on screen, how they are spoken by a screen reader,
 * and how numbers are written. DOM-free so mocha can test them in Node.
 */
import { t } from './l10n/strings';
import type { StringId } from './l10n/tables';

/** Visible stand-ins for characters that would otherwise be invisible in a header cell. */
const VISIBLE: Record<string, string> = {
  ' ': '\u2423', // ␣
  '\t': '\u21e5', // ⇥
  '\n': '\u23ce', // ⏎
  '\r': '\u240d', // ␍
  '\u00a0': '\u2423',
};

/** Names a screen reader says instead of the visible stand-ins (a bare "␣" would be read as nothing useful). */
const SPOKEN: Record<string, StringId> = {
  ' ': 'spoken.space',
  '\t': 'spoken.tab',
  '\n': 'spoken.newline',
  '\r': 'spoken.carriageReturn',
  '\u00a0': 'spoken.space',
};

/** The token as drawn: whitespace made visible, an empty token shown as "∅". */
export function displayToken(token: string): string {
  if (token.length === 0) return '\u2205';
  let out = '';
  for (const ch of token) out += VISIBLE[ch] ?? ch;
  return out;
}

/** The token as spoken: a lone whitespace character becomes its name; other text stays as it is. */
export function spokenToken(token: string): string {
  if (token.length === 0) return t('spoken.empty');
  if (SPOKEN[token] !== undefined) return t(SPOKEN[token]);
  if (/^\s+$/.test(token)) return [...token].map((c) => t(SPOKEN[c] ?? 'spoken.whitespace')).join(' ');
  return token;
}

/** Clamps a weight to [0, 1]; NaN becomes 0 so a bad number never breaks a style or a label. */
export function clampWeight(w: number): number {
  if (!Number.isFinite(w) || w <= 0) return 0;
  return w >= 1 ? 1 : w;
}

/** A weight as written in labels: two decimals ("0.62"), always a decimal number. */
export function formatWeight(w: number): string {
  return clampWeight(w).toFixed(2);
}

/** The short form written inside a heatmap cell: ".62", "1.0", ".00". Saves width in dense grids. */
export function cellText(w: number): string {
  const c = clampWeight(w);
  if (c >= 0.995) return '1.0';
  return c.toFixed(2).slice(1);
}

/** A probability for display: "0.98"; "<0.01" for tiny ones so they are not shown as zero. */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '?';
  if (p > 0 && p < 0.005) return '<0.01';
  return p.toFixed(2);
}

/** Any other metric: fixed decimals, "–" for a missing/non-finite value. */
export function formatNumber(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '\u2013';
}

/** A share in [0, 1] as a percentage: "62.5%". */
export function formatPercent(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '\u2013';
}

/** aria-label of one heatmap cell (testing contract: it contains the weight as a decimal number). */
export function cellLabel(output: string, source: string, weight: number): string {
  return t('cell.label', spokenToken(output), spokenToken(source), formatWeight(weight));
}

/** A cell's tooltip: the tokens as drawn in the data, an arrow, the weight. */
export function cellTitle(output: string, source: string, weight: number): string {
  return t('cell.title', output, source, formatWeight(weight));
}

/** The status line announced when a cell gets focus. */
export function cellStatus(output: string, probability: number, source: string, weight: number): string {
  return t('cell.status', spokenToken(output), formatProbability(probability), spokenToken(source), formatWeight(weight));
}
