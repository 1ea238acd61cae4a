/**
 * The word view of a subword result: the pieces a model really reads and writes (`▁stu dent`) merged
 * into the words a learner reads (`student`), so the heatmap, the hover and the exports can show either.
 *
 * A side is merged only when it is made of subword pieces: the model's tokenizer kind says so when it is
 * known, otherwise the `▁` marks do. Pieces group into words by the rule of text/subword.ts: a new word
 * at every piece that starts with `▁`, and at index 0.
 *
 * Merged source columns sum their pieces' weights (the attention a word received is what its pieces
 * received), merged output rows average their pieces' rows (one word is one step of attention, however
 * many pieces it took), so every row still sums to 1. A word's probability is the product of its
 * pieces' (the probability of writing the whole word), its span runs from its first piece's start to
 * its last piece's end, and its label is the detokenised text, without `▁`.
 */
import type { DecodeResult, TokenizerKind, TokenSpan } from '../engine/types';
import { detokenizeSubwords, startsWord } from './subword';

/** What the panel shows of a subword model: its real pieces, or whole words. */
export type SubwordView = 'pieces' | 'words';
export const SUBWORD_VIEWS: readonly SubwordView[] = ['pieces', 'words'];

/** The tokenizer of each side of a model, when the caller knows it (`ModelConfig`). */
export interface SideKinds {
  source?: TokenizerKind;
  target?: TokenizerKind;
}

/** Which pieces every word of a merged result holds (indices into the piece-level result), per side. */
export interface PieceGroups {
  source: number[][];
  output: number[][];
  /** Which sides were merged (the other keeps one piece per group). */
  merged: { source: boolean; output: boolean };
}

/** A result in its word view; `pieceGroups` maps each word back to the pieces it merges. */
export interface WordResult extends DecodeResult {
  pieceGroups: PieceGroups;
}

/** Whether one side is subword pieces: its tokenizer kind when known, else any `▁` mark among its tokens. */
export function isSubwordSide(tokens: readonly string[], kind?: TokenizerKind): boolean {
  if (kind !== undefined) return kind === 'subword';
  return tokens.some(startsWord);
}

/** Consecutive piece indices, one list per word: a new word at each `▁` piece and at index 0. */
export function wordGroups(pieces: readonly string[]): number[][] {
  const groups: number[][] = [];
  pieces.forEach((piece, i) => {
    if (i === 0 || startsWord(piece)) groups.push([i]);
    else groups[groups.length - 1].push(i);
  });
  return groups;
}

/** Each piece's word; -1 for an index outside the pieces. */
export function wordOfPiece(groups: readonly (readonly number[])[], piece: number): number {
  return groups.findIndex(g => g.includes(piece));
}

/** The word's text as the user reads it: the pieces joined, `▁` marks gone. */
export function wordLabel(pieces: readonly string[], group: readonly number[]): string {
  return detokenizeSubwords(group.map(i => pieces[i]));
}

/** Whether the word view differs from the piece view for this result (some side is subword pieces). */
export function hasSubwordSide(result: DecodeResult, kinds: SideKinds = {}): boolean {
  return isSubwordSide(result.source.map(t => t.text), kinds.source) || isSubwordSide(result.output, kinds.target);
}

function identityGroups(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => [i]);
}

function mergeSpans(source: readonly TokenSpan[], groups: readonly number[][]): TokenSpan[] {
  const texts = source.map(t => t.text);
  return groups.map(g => ({ text: wordLabel(texts, g), start: source[g[0]].start, end: source[g[g.length - 1]].end }));
}

/**
 * The word view of `result`. Results without subword pieces on either side come back unchanged (the same
 * object). Alternatives (`topK`) are predicted per piece, not per word, so output words have none: the
 * piece view shows them.
 */
export function mergeResult(result: DecodeResult, kinds: SideKinds = {}): DecodeResult | WordResult {
  const mergeSource = isSubwordSide(result.source.map(t => t.text), kinds.source);
  const mergeOutput = isSubwordSide(result.output, kinds.target);
  if (!mergeSource && !mergeOutput) return result;
  const sourceGroups = mergeSource ? wordGroups(result.source.map(t => t.text)) : identityGroups(result.source.length);
  const outputGroups = mergeOutput ? wordGroups(result.output) : identityGroups(result.output.length);
  const attention = result.attention === null ? null : outputGroups.map(rows => {
    // Average the word's piece rows, then sum each source word's columns.
    const mean = new Array<number>(result.source.length).fill(0);
    for (const i of rows) result.attention?.[i]?.forEach((w, j) => { mean[j] += w / rows.length; });
    return sourceGroups.map(cols => cols.reduce((sum, j) => sum + mean[j], 0));
  });
  return {
    ...result,
    source: mergeSource ? mergeSpans(result.source, sourceGroups) : result.source,
    // A word is unknown when any of its pieces is.
    sourceUnknown: mergeSource && result.sourceUnknown ? sourceGroups.map(g => g.some(i => result.sourceUnknown[i] === true)) : result.sourceUnknown,
    output: mergeOutput ? outputGroups.map(g => wordLabel(result.output, g)) : result.output,
    probabilities: mergeOutput ? outputGroups.map(g => g.reduce((p, i) => p * (result.probabilities[i] ?? NaN), 1)) : result.probabilities,
    topK: mergeOutput ? outputGroups.map(() => []) : result.topK,
    attention,
    pieceGroups: { source: sourceGroups, output: outputGroups, merged: { source: mergeSource, output: mergeOutput } },
  };
}

/** Whether a result is a word view made by `mergeResult`. */
export function isWordResult(result: DecodeResult): result is WordResult {
  const groups = (result as Partial<WordResult>).pieceGroups;
  return typeof groups === 'object' && groups !== null && Array.isArray(groups.source) && Array.isArray(groups.output);
}
