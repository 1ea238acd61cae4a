/**
 * Checking a matrix against its tokens. Toolkits include an EOS row and an EOS column or not; that is
 * the only freedom allowed. Any other difference (the commonest: BPE markers removed or text detokenised
 * after decoding) is reported with both counts, never guessed around.
 */
import { coded, type CodedMessage, type MessageParam } from '../messages/coded';
import { quote, parseWeight } from './numbers';
import type { Parsed } from './pairs';

/** Soft rows as fairseq and Marian print them: rows separated by spaces, weights by commas. */
export function parseCommaRows(text: string): Parsed<number[][]> {
  const t = text.trim();
  if (t === '') return { ok: true, value: [] };
  const rows: number[][] = [];
  for (const [i, rowText] of t.split(/\s+/).entries()) {
    const row: number[] = [];
    for (const [j, cell] of rowText.split(',').entries()) {
      const w = parseWeight(cell);
      if (w === null) return { ok: false, message: coded('attn.cellNotNumber', { row: i + 1, column: j + 1, cell: quote(cell) }) };
      row.push(w);
    }
    rows.push(row);
  }
  return { ok: true, value: rows };
}

export interface FittedMatrix {
  attention: number[][];
  sourceEos: boolean;
  targetEos: boolean;
}

export interface FitLabels {
  /** Where the matrix came from ('A-3'), and where each side's tokens came from ('H-3', 'line 4 of in.de'). */
  matrix: MessageParam;
  source: MessageParam;
  target: MessageParam;
}

const rowCount = (n: number): CodedMessage => n === 1 ? coded('attn.nRow') : coded('attn.nRows', { count: n });
const columnCount = (n: number): CodedMessage => n === 1 ? coded('attn.nColumn') : coded('attn.nColumns', { count: n });
const weightCount = (n: number): CodedMessage => n === 1 ? coded('attn.nWeight') : coded('attn.nWeights', { count: n });
const sourceTokenCount = (n: number): CodedMessage => n === 1 ? coded('attn.nSourceToken') : coded('attn.nSourceTokens', { count: n });
const targetTokenCount = (n: number): CodedMessage => n === 1 ? coded('attn.nTargetToken') : coded('attn.nTargetTokens', { count: n });

/** The hint for the commonest cause of a count mismatch. */
export const mismatchHint = (): CodedMessage => coded('attn.mismatchHint');

/**
 * Fits soft rows to `sourceCount` / `targetCount` tokens: rows may be one longer (EOS row), columns one
 * longer (EOS column). Trailing all-zero columns past that (old Marian builds pad rows) are dropped.
 */
export function fitSoft(rows: number[][], sourceCount: number, targetCount: number, labels: FitLabels): Parsed<FittedMatrix> {
  const width = Math.max(0, ...rows.map(r => r.length));
  // Old Marian: rows padded with zeros past the source; pad short rows only when what is cut is zero.
  let cols = width;
  const padded = rows.map(r => r.length < width ? [...r, ...new Array<number>(width - r.length).fill(0)] : r);
  while (cols > sourceCount + 1 && padded.every(r => r[cols - 1] === 0)) cols--;
  const ragged = rows.findIndex(r => r.length < cols);
  if (ragged >= 0) {
    return { ok: false, message: coded('attn.raggedRow', { matrix: labels.matrix, row: ragged + 1, weights: weightCount(rows[ragged].length), columns: cols }) };
  }
  const rowOk = rows.length === targetCount || rows.length === targetCount + 1;
  const colOk = cols === sourceCount || cols === sourceCount + 1;
  if (!rowOk || !colOk) {
    return {
      ok: false,
      message: coded('attn.matrixSize', {
        matrix: labels.matrix, rows: rowCount(rows.length), columns: columnCount(cols),
        target: labels.target, targetTokens: targetTokenCount(targetCount), source: labels.source, sourceTokens: sourceTokenCount(sourceCount),
        targetCount, targetCountEos: targetCount + 1, sourceCount, sourceCountEos: sourceCount + 1, hint: mismatchHint(),
      }),
    };
  }
  return {
    ok: true,
    value: { attention: padded.map(r => r.slice(0, cols)), sourceEos: cols === sourceCount + 1, targetEos: rows.length === targetCount + 1 },
  };
}

/** How far a soft row's sum may be from 1 (printed weights are rounded; 7 decimals at worst). */
export const ROW_SUM_TOLERANCE = 0.02;

/**
 * Rows that do not sum to about 1. Only meaningful when the EOS column is in the matrix (without it a
 * row's weight on EOS is missing); the caller decides.
 */
export function badRowSums(attention: readonly (readonly number[])[]): { row: number; sum: number }[] {
  const bad: { row: number; sum: number }[] = [];
  attention.forEach((r, i) => {
    const sum = r.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) bad.push({ row: i, sum });
  });
  return bad;
}

/** The message for rows that do not sum to about 1 (the sentence still opens). */
export function rowSumMessage(where: MessageParam, bad: { row: number; sum: number }[], target: readonly string[]): CodedMessage {
  const shown = bad.slice(0, 3).map(b => coded('attn.rowSum', { row: b.row + 1, token: quote(target[b.row] ?? 'EOS', 20), sum: Number(b.sum.toFixed(4)) }));
  const rows = shown.reduceRight((rest, first) => coded('attn.list', { first, rest }));
  return bad.length > 3 ? coded('attn.rowSumsMore', { where, rows, more: bad.length - 3 }) : coded('attn.rowSums', { where, rows });
}

/** Negative weights are not attention. */
export function negativeCell(attention: readonly (readonly number[])[]): { row: number; col: number; value: number } | null {
  for (let i = 0; i < attention.length; i++) {
    for (let j = 0; j < attention[i].length; j++) if (attention[i][j] < 0) return { row: i, col: j, value: attention[i][j] };
  }
  return null;
}
