/**
 * One sentence from its tokens and its alignment text, whichever form the text has: soft comma rows,
 * `i-j` pairs, or (fairseq 0.8 and older) one source index per target position.
 */
import { coded } from '../messages/coded';
import { badRowSums, fitSoft, mismatchHint, negativeCell, parseCommaRows, rowSumMessage, type FitLabels } from './fit';
import { looksLikePairs, pairsToMatrix, parseLegacyIndices, parsePairs, type Parsed } from './pairs';
import { EOS, type AlignmentKind, type Problems } from './types';

export interface AlignedMatrix {
  alignment: AlignmentKind;
  attention: number[][];
  source: string[];
  target: string[];
  sourceEos: boolean;
  targetEos: boolean;
}

/** Whether the alignment text is the legacy index form (`0 7 7 2`): digits only, no pair, no comma. */
export function looksLikeLegacy(text: string): boolean {
  return /^\s*\d+(?:\s+\d+)*\s*$/.test(text);
}

/**
 * The matrix for `source` x `target` from `alignText`, or null with a problem recorded at `line`.
 * Soft matrices that do not sum to about 1 per row are kept (with a problem): the weights are still
 * what the file says.
 */
export function alignTokens(source: string[], target: string[], alignText: string, labels: FitLabels, line: number, problems: Problems,
  options: { legacy?: boolean } = {}): AlignedMatrix | null {
  const hard = looksLikePairs(alignText) || (options.legacy === true && looksLikeLegacy(alignText));
  if (hard) {
    const pairs = looksLikePairs(alignText) ? parsePairs(alignText) : parseLegacyIndices(alignText);
    // Marian links EOS to EOS (`3-3` for three words): an index one past the tokens is that side's EOS.
    const sourceEos = pairs.ok && pairs.value.some(([s]) => s === source.length);
    const targetEos = pairs.ok && pairs.value.some(([, t]) => t === target.length);
    const fullSource = sourceEos ? [...source, EOS] : source;
    const fullTarget = targetEos ? [...target, EOS] : target;
    const m: Parsed<number[][]> = pairs.ok ? pairsToMatrix(pairs.value, fullSource.length, fullTarget.length) : pairs;
    if (!m.ok) {
      problems.add(line, coded(sourceEos || targetEos ? 'attn.pairsMismatchEos' : 'attn.pairsMismatch', { matrix: labels.matrix, problem: m.message, hint: mismatchHint() }));
      return null;
    }
    return { alignment: 'hard', attention: m.value, source: fullSource, target: fullTarget, sourceEos, targetEos };
  }
  const rows = parseCommaRows(alignText);
  if (!rows.ok) {
    problems.add(line, coded('attn.at', { where: labels.matrix, problem: rows.message }));
    return null;
  }
  const fit = fitSoft(rows.value, source.length, target.length, labels);
  if (!fit.ok) {
    problems.add(line, fit.message);
    return null;
  }
  const { attention, sourceEos, targetEos } = fit.value;
  const neg = negativeCell(attention);
  if (neg) {
    problems.add(line, coded('attn.at', { where: labels.matrix, problem: coded('attn.negativeCell', { row: neg.row + 1, column: neg.col + 1, value: neg.value }) }));
    return null;
  }
  const fullTarget = targetEos ? [...target, EOS] : target;
  const bad = badRowSums(attention);
  if (bad.length) problems.add(line, rowSumMessage(labels.matrix, bad, fullTarget));
  return { alignment: 'soft', attention, source: sourceEos ? [...source, EOS] : source, target: fullTarget, sourceEos, targetEos };
}
