/**
 * A sentence of an attention file as a panel entry (the same TranslationEntry the extension's own models
 * produce), so the heatmap, keyboard grid, metrics, hover, editor link and exports all apply unchanged.
 *
 * The panel merges subword pieces by SentencePiece's rule (a new word at each `▁`); BPE `@@` and `￭`
 * joiner pieces are therefore handed over in that convention (`stim@@ mt` -> `▁stim mt`), which keeps the
 * pieces and lets the panel's Pieces / Words toggle merge them. Sides without subword marks are words.
 */
import type { DecodeResult, TokenSpan, TokenizerKind } from '../engine/types';
import { attentionStats } from '../metrics/attention';
import { coded, type CodedMessage } from '../messages/coded';
import type { AttentionFileOrigin, TranslationEntry } from '../protocol/webview';
import { FORMAT_LABELS } from './detect';
import { headMatrix, subwordStyle, wordGroupsOf, wordText, type Choice } from './transform';
import { EOS, type AttentionFileFormat, type AttentionSentence } from './types';

/** The pieces in the `▁` convention, and whether the side is subword pieces at all. */
export function panelPieces(tokens: readonly string[]): { pieces: string[]; kind: TokenizerKind } {
  const style = subwordStyle(tokens);
  if (style === null) return { pieces: [...tokens], kind: 'word' };
  if (style === 'sentencepiece') return { pieces: tokens.map(t => t === EOS ? '▁' + EOS : t), kind: 'subword' };
  const pieces: string[] = [];
  for (const g of wordGroupsOf(tokens)) {
    g.forEach((i, k) => {
      const t = tokens[i];
      const bare = t === EOS ? t : t.replace(/@@$/, '').split('￭').join('');
      pieces.push(k === 0 ? '▁' + bare : bare);
    });
  }
  return { pieces, kind: 'subword' };
}

/** The text a source sentence reads as (pieces joined into words by spaces, EOS left out). */
export function sentenceText(tokens: readonly string[]): string {
  return wordGroupsOf(tokens).filter(g => !(g.length === 1 && tokens[g[0]] === EOS)).map(g => wordText(tokens, g)).join(' ');
}

/**
 * Spans of the pieces in `text` (the source as the user has it): each piece's surface found in order,
 * white space skipped; EOS gets an empty span at the end. Null when the text is not these pieces.
 */
export function spansInText(tokens: readonly string[], text: string): TokenSpan[] | null {
  const spans: TokenSpan[] = [];
  let p = 0;
  for (const t of tokens) {
    if (t === EOS) { spans.push({ text: t, start: text.length, end: text.length }); continue; }
    const surface = t.replace(/@@$/, '').split('￭').join('').split('▁').join('');
    while (p < text.length && /\s/.test(text[p])) p++;
    if (surface === '') { spans.push({ text: t, start: p, end: p }); continue; }
    if (!text.startsWith(surface, p)) return null;
    spans.push({ text: t, start: p, end: p + surface.length });
    p += surface.length;
  }
  return spans;
}

/** Spans over the pieces joined by single spaces (when no editor holds the source). */
function joinedSpans(pieces: readonly string[]): { input: string; spans: TokenSpan[] } {
  const spans: TokenSpan[] = [];
  let at = 0;
  for (const t of pieces) {
    spans.push({ text: t, start: at, end: at + t.length });
    at += t.length + 1;
  }
  return { input: pieces.join(' '), spans };
}

export interface EntryOptions {
  format: AttentionFileFormat;
  fileName: string;
  /** Hide the EOS column (setting `attentionFiles.hideEos`). */
  hideEos: boolean;
  layer?: Choice;
  head?: Choice;
  /** The source as it stands in an editor, to link cells to it; absent: none found. */
  sourceText?: string;
  /** Problems the file has for this sentence (shown in the panel). */
  problems?: string[];
  /** A label for the system (two files compared: their names). */
  label?: string;
  /** Words the heads line and the entry's title (the host: the display language; default English). */
  render?: (m: CodedMessage) => string;
}

function headsText(s: AttentionSentence, layer: Choice, head: Choice): CodedMessage | null {
  if (!s.heads) return null;
  const L = s.heads.length;
  const H = s.heads[0]?.length ?? 0;
  const layers = L === 1 ? coded('attn.nLayer') : coded('attn.nLayers', { count: L });
  const heads = H === 1 ? coded('attn.nHead') : coded('attn.nHeads', { count: H });
  if (layer === 'mean' && head === 'mean') return coded('attn.headsMeanOfAll', { layers, heads });
  if (layer === 'mean') return coded('attn.headMeanOfLayers', { head: Number(head) + 1, layers });
  if (head === 'mean') return coded('attn.layerMeanOfHeads', { layer: Number(layer) + 1, heads });
  return coded('attn.layerHead', { layer: Number(layer) + 1, head: Number(head) + 1 });
}

/** The panel entry and the input text its spans point into; null when the sentence has no matrix. */
export function entryFromSentence(s: AttentionSentence, o: EntryOptions): { entry: TranslationEntry; input: string; linked: boolean } | null {
  const layer = o.layer ?? 'mean';
  const head = o.head ?? 'mean';
  const render = o.render ?? ((m: CodedMessage) => m.message);
  const full = headMatrix(s, layer, head);
  if (!full) return null;
  // Hiding EOS drops its column; rows keep what they gave the other tokens.
  const dropEos = o.hideEos && s.sourceEos;
  const sourceTokens = dropEos ? s.source.slice(0, -1) : s.source;
  const attention = dropEos ? full.map(r => r.slice(0, -1)) : full.map(r => [...r]);
  const src = panelPieces(sourceTokens);
  const tgt = panelPieces(s.target);
  const linkedSpans = o.sourceText !== undefined ? spansInText(sourceTokens, o.sourceText) : null;
  const joined = joinedSpans(src.pieces);
  const spans = linkedSpans ? linkedSpans.map((sp, j) => ({ ...sp, text: src.pieces[j] })) : joined.spans;
  const input = linkedSpans && o.sourceText !== undefined ? o.sourceText : joined.input;
  const probabilities = s.target.map((_, i) => s.tokenLogProbs?.[i] !== undefined ? Math.exp(s.tokenLogProbs[i]) : NaN);
  const outputText = sentenceText(s.target);
  const result: DecodeResult = {
    modelId: `file:${o.fileName}`,
    mechanism: 'external',
    source: spans,
    output: tgt.pieces,
    text: outputText,
    probabilities,
    topK: tgt.pieces.map(() => []),
    attention,
    logProb: s.score ?? NaN,
    normalizedScore: s.score ?? NaN,
    finished: s.targetEos,
    endProbability: null,
    sequenceProbability: s.score !== undefined ? Math.exp(s.score) : NaN,
    minTokenProbability: Math.min(...probabilities.filter(Number.isFinite), Infinity),
    sourceUnknown: spans.map(() => false),
  };
  const heads = headsText(s, layer, head);
  const origin: AttentionFileOrigin = {
    format: o.format, formatLabel: FORMAT_LABELS[o.format], fileName: o.fileName, line: s.line, sentenceId: s.id, rank: s.rank,
    alignment: s.alignment, heads: heads ? render(heads) : '', problems: o.problems ?? [],
  };
  const label = o.label ?? s.model ?? o.fileName;
  const entry: TranslationEntry = {
    modelId: `file:${o.fileName}#${s.id}${s.rank ? `.${s.rank}` : ''}`,
    modelLabel: render(s.rank
      ? coded('attn.entryTitleHypothesis', { label, sentence: s.id, hypothesis: s.rank + 1 })
      : coded('attn.entryTitle', { label, sentence: s.id })),
    mechanism: 'external',
    result,
    stats: s.alignment === 'soft' ? attentionStats(attention) : null,
    beams: [],
    tokenizers: { source: src.kind, target: tgt.kind },
    card: null,
    attentionFile: origin,
  };
  return { entry, input, linked: linkedSpans !== null };
}
