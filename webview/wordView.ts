/**
 * The panel's views in pieces or in words (pure). The host always sends the piece-level view, as the
 * models produce it; in the word view every entry's results (the best and every beam hypothesis) are
 * merged by src/shared/text/wordMerge.ts, their statistics recomputed on the merged matrix and the
 * comparison's disagreements recomputed on the merged outputs. Everything drawn and exported reads the
 * shown view, so heatmap, output strip, statistics, cards, grid navigation and exports all follow.
 */
import type { DecodeResult } from '../src/shared/engine/types';
import type { PanelView, TranslationEntry } from '../src/shared/protocol/webview';
import { hasSubwordSide, isWordResult, mergeResult, wordGroups, wordOfPiece, type SideKinds, type SubwordView, type WordResult } from '../src/shared/text/wordMerge';
import type { SubwordExport } from './exporters';
import { attentionStats, disagreements } from '../src/shared/metrics/attention';

/** A word-view result that also holds the piece-level result it was merged from (for exports). */
export interface ShownWordResult extends WordResult {
  pieces: DecodeResult;
}

function kindsOf(entry: TranslationEntry): SideKinds {
  return entry.tokenizers ?? {};
}

function entriesOf(view: PanelView): TranslationEntry[] {
  switch (view.kind) {
    case 'translation': return [view.entry];
    case 'comparison': return view.entries;
    case 'training': case 'mismatch': return [];
  }
}

/** Whether an entry's model reads or writes subword pieces (so Pieces / Words makes a difference). */
export function entryHasSubwords(entry: TranslationEntry): boolean {
  return isWordResult(entry.result) || hasSubwordSide(entry.result, kindsOf(entry));
}

/** Whether the view has an entry with subword pieces: the Pieces / Words toggle is offered only then. */
export function viewHasSubwords(view: PanelView): boolean {
  return entriesOf(view).some(entryHasSubwords);
}

function mergeShown(result: DecodeResult, kinds: SideKinds): DecodeResult {
  const merged = mergeResult(result, kinds);
  return merged === result ? result : { ...merged, pieces: result } as ShownWordResult;
}

/** One entry in words: results and beams merged, statistics of the merged matrix. */
export function wordEntry(entry: TranslationEntry): TranslationEntry {
  if (isWordResult(entry.result) || !entryHasSubwords(entry)) return entry;
  const kinds = kindsOf(entry);
  const result = mergeShown(entry.result, kinds);
  return {
    ...entry,
    result,
    stats: result.attention ? attentionStats(result.attention, result.source.length) : null,
    // The best hypothesis is the same object in both lists, as the panel expects of the host's views.
    beams: (entry.beams ?? []).map((b, k) => (k === 0 ? result : mergeShown(b, kinds))),
  };
}

/** The view as it is drawn for `unit`: unchanged for pieces or when no entry has subword pieces. */
export function shownView(view: PanelView, unit: SubwordView): PanelView {
  if (unit === 'pieces' || !viewHasSubwords(view)) return view;
  switch (view.kind) {
    case 'translation': return { ...view, entry: wordEntry(view.entry) };
    case 'comparison': {
      const entries = view.entries.map(wordEntry);
      return { ...view, entries, disagreements: disagreements(entries.map((e) => e.result.output)) };
    }
    case 'training': case 'mismatch': return view;
  }
}

/**
 * The column the host's `highlightSource` (a piece of entry 0) falls in as shown: the piece's word in
 * the word view, the piece itself otherwise.
 */
export function shownSourceIndex(view: PanelView, unit: SubwordView, piece: number | null): number | null {
  if (piece === null || unit === 'pieces') return piece;
  const first = entriesOf(view)[0];
  if (!first || !entryHasSubwords(first)) return piece;
  const word = wordOfPiece(wordGroups(first.result.source.map((t) => t.text)), piece);
  return word >= 0 ? word : null;
}

/** The piece-level result behind a shown one (itself when it was not merged). */
export function piecesOf(result: DecodeResult): DecodeResult {
  return isWordResult(result) && 'pieces' in result ? (result as ShownWordResult).pieces : result;
}

/** The output pieces a shown word was merged from, or null when the row is not a merged word. */
export function piecesOfWord(result: DecodeResult, row: number): string[] | null {
  if (!isWordResult(result) || !result.pieceGroups.merged?.output) return null;
  const group = result.pieceGroups.output[row];
  const pieces = piecesOf(result);
  return group && pieces !== result ? group.map((i) => pieces.output[i] ?? '') : null;
}

/** A shown result without its piece-level copy (exports keep that copy once, beside the shown view). */
function withoutPieces(result: DecodeResult): DecodeResult {
  if (!('pieces' in result)) return result;
  const { pieces: _pieces, ...rest } = result as ShownWordResult;
  return rest;
}

function mapEntries(view: PanelView, map: (entry: TranslationEntry) => TranslationEntry): PanelView {
  switch (view.kind) {
    case 'translation': return { ...view, entry: map(view.entry) };
    case 'comparison': return { ...view, entries: view.entries.map(map) };
    case 'training': case 'mismatch': return view;
  }
}

/** The shown view as exported: merged results keep `pieceGroups` but not their piece-level copy. */
export function exportableWords(view: PanelView): PanelView {
  return mapEntries(view, (e) => ({ ...e, result: withoutPieces(e.result), beams: (e.beams ?? []).map(withoutPieces) }));
}

/** The piece-level view behind a shown one: what the models produced, with the hypotheses shown. */
export function pieceViewOf(view: PanelView): PanelView {
  const pieceView = mapEntries(view, (e) => {
    if (!isWordResult(e.result)) return e;
    const result = piecesOf(e.result);
    return { ...e, result, stats: result.attention ? attentionStats(result.attention, result.source.length) : null, beams: (e.beams ?? []).map(piecesOf) };
  });
  return pieceView.kind === 'comparison'
    ? { ...pieceView, disagreements: disagreements(pieceView.entries.map((e) => e.result.output)) }
    : pieceView;
}

/**
 * What an export of the shown view writes: the view as shown, and for subword models which view that
 * is; in the word view also the piece-level view, so that no piece's weight is lost.
 */
export function exportParts(shown: PanelView, unit: SubwordView): { view: PanelView; subwords?: SubwordExport } {
  if (!viewHasSubwords(shown)) return { view: shown };
  if (unit === 'pieces') return { view: shown, subwords: { subwordView: 'pieces' } };
  return { view: exportableWords(shown), subwords: { subwordView: 'words', pieceView: pieceViewOf(shown) } };
}
