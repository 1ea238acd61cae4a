/**
 * Subword tokens: byte-pair encoding (Sennrich et al. 2016) over characters, learned from the training
 * text of one side, in the SentencePiece style that marks the start of a word with '▁' (U+2581).
 *
 * The vocabulary is the whole tokenizer model: base symbols first, then every merged piece in the order
 * it was learned. Segmenting a word repeatedly joins the adjacent pair whose joined text has the lowest
 * vocabulary index (the rank rule of tiktoken), so nothing but the token list is stored in a model file.
 *
 * Pre-tokenisation is the word tokenizer's: runs of letters, marks and digits (with inner apostrophes),
 * and every other non-space character on its own. A chunk that follows white space (or starts the text)
 * carries the marker on its first symbol, so detokenising is exact for text whose words are separated by
 * single spaces (a run of spaces, tabs or line breaks reads as one space): "Où est la gare ?" ->
 * ▁Où ▁est ▁la ▁gare ▁? -> "Où est la gare ?". Case is kept. A
 * character the vocabulary never saw stays a piece of its own, which the model reads as `<unk>`.
 */
import type { TokenSpan } from '../engine/types';

export const WORD_START = '▁';

/**
 * Words and single punctuation marks, as the word tokenizer cuts them. Only ASCII white space separates
 * words; other spaces are symbols of their own, so French "Cours\u00a0!" (a no-break space before "!")
 * comes back with its no-break space.
 */
const CHUNK = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|[^ \t\n\r\v\f\p{L}\p{M}\p{N}]/gu;
const SEPARATOR = /[ \t\n\r\v\f]/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

interface Chunk {
  /** Grapheme clusters (NFC), the first one marked when the chunk starts a word. */
  symbols: string[];
  /** UTF-16 offsets of each symbol in the text, and the end of the last. */
  starts: number[];
  end: number;
}

function chunksOf(text: string): Chunk[] {
  const out: Chunk[] = [];
  for (const m of text.matchAll(CHUNK)) {
    const at = m.index ?? 0;
    const marked = at === 0 || SEPARATOR.test(text[at - 1]);
    const symbols: string[] = [];
    const starts: number[] = [];
    for (const { segment, index } of graphemes.segment(m[0])) {
      symbols.push(segment.normalize('NFC'));
      starts.push(at + index);
    }
    if (marked) symbols[0] = WORD_START + symbols[0];
    out.push({ symbols, starts, end: at + m[0].length });
  }
  return out;
}

/** Whether a piece begins a white-space-separated word (the panel merges pieces into words by this). */
export function startsWord(piece: string): boolean {
  return piece.startsWith(WORD_START);
}

export function detokenizeSubwords(pieces: readonly string[]): string {
  const joined = pieces.join('').split(WORD_START).join(' ');
  return joined.startsWith(' ') ? joined.slice(1) : joined;
}

// ---------------------------------------------------------------------------------------------------
// Segmenting

/**
 * Splits `symbols` by the rank rule: while some adjacent pair joins into a vocabulary piece, join the
 * pair whose piece ranks first (lowest index; the leftmost on a tie). Returns the index of each piece's
 * first symbol, so spans follow.
 */
function segment(symbols: readonly string[], rank: ReadonlyMap<string, number>): { pieces: string[]; firsts: number[] } {
  const pieces = [...symbols];
  const firsts = symbols.map((_, i) => i);
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < pieces.length; i++) {
      const r = rank.get(pieces[i] + pieces[i + 1]);
      if (r !== undefined && r < bestRank) { bestRank = r; best = i; }
    }
    if (best < 0) return { pieces, firsts };
    pieces.splice(best, 2, pieces[best] + pieces[best + 1]);
    firsts.splice(best + 1, 1);
  }
}

/** Words are segmented once; a bounded cache keeps long sessions from growing without end. */
const CACHE_LIMIT = 50_000;

export class SubwordSegmenter {
  private readonly rank = new Map<string, number>();
  private readonly cache = new Map<string, { pieces: string[]; firsts: number[] }>();

  /** `tokens`: the vocabulary in id order (special tokens included; they never match a text). */
  constructor(tokens: readonly string[]) {
    tokens.forEach((t, i) => { if (!this.rank.has(t)) this.rank.set(t, i); });
  }

  tokenize(text: string): TokenSpan[] {
    const spans: TokenSpan[] = [];
    for (const chunk of chunksOf(text)) {
      const key = chunk.symbols.join('\u0000');
      let seg = this.cache.get(key);
      if (!seg) {
        seg = segment(chunk.symbols, this.rank);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(key, seg);
      }
      seg.pieces.forEach((piece, k) => {
        const next = seg.firsts[k + 1];
        spans.push({ text: piece, start: chunk.starts[seg.firsts[k]], end: next === undefined ? chunk.end : chunk.starts[next] });
      });
    }
    return spans;
  }
}

// ---------------------------------------------------------------------------------------------------
// Learning

export interface SubwordLearnOptions {
  /** Pieces to learn, base symbols included (the caller adds the special tokens). */
  size: number;
  /** Base symbols seen fewer times are left out (they read as <unk>). */
  minFrequency: number;
  /**
   * Merges need a pair seen this often (default: minFrequency). 2 stops a small corpus from learning
   * each word seen once as a piece of its own, which would teach nothing about new words.
   */
  minPairFrequency?: number;
}

export interface SubwordLearnReport {
  /** Base symbols (most frequent first), then merged pieces in the order they were learned. */
  pieces: string[];
  baseSymbols: number;
  merges: number;
  /** Distinct base symbols seen, and how many fell under minFrequency or the size cap. */
  distinctSymbols: number;
  droppedSymbols: number;
}

/** A max-heap of pair counts with lazy deletion: stale entries are skipped when popped. */
class PairHeap {
  private readonly items: { key: string; count: number }[] = [];

  push(key: string, count: number): void {
    const a = this.items;
    a.push({ key, count });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): { key: string; count: number } | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as { key: string; count: number };
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m])) m = l;
        if (r < a.length && this.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }

  /** Higher count first; ties by key, so a corpus always gives the same merges. */
  private before(x: { key: string; count: number }, y: { key: string; count: number }): boolean {
    return x.count > y.count || (x.count === y.count && x.key < y.key);
  }
}

const SEP = '\u0001';

/**
 * Learns `options.size` pieces from `texts`: counts the words (chunks), starts from their symbols and
 * merges the most frequent adjacent pair until the size is reached or no pair is frequent enough.
 * Incremental pair counts with an index from pair to words keep it fast on a corpus of 100,000 lines.
 */
export function learnSubwords(texts: Iterable<string>, options: SubwordLearnOptions): SubwordLearnReport {
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    for (const chunk of chunksOf(text)) {
      const key = chunk.symbols.join(SEP);
      wordCounts.set(key, (wordCounts.get(key) ?? 0) + 1);
    }
  }
  const symbolCounts = new Map<string, number>();
  for (const [key, n] of wordCounts) for (const s of key.split(SEP)) symbolCounts.set(s, (symbolCounts.get(s) ?? 0) + n);
  const base = [...symbolCounts.entries()]
    .filter(([, n]) => n >= options.minFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, options.size))
    .map(([s]) => s);
  const known = new Set(base);

  // Words as mutable symbol lists; a symbol outside the base alphabet blocks merges across it.
  const words: { symbols: string[]; count: number }[] = [];
  for (const [key, count] of wordCounts) words.push({ symbols: key.split(SEP), count });
  const pairCounts = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addPairs = (w: number, sign: number): void => {
    const { symbols, count } = words[w];
    for (let i = 0; i + 1 < symbols.length; i++) {
      if (!known.has(symbols[i]) || !known.has(symbols[i + 1])) continue;
      const key = symbols[i] + SEP + symbols[i + 1];
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * count);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, set = new Set());
        set.add(w);
      }
    }
  };
  words.forEach((_, w) => addPairs(w, 1));
  const heap = new PairHeap();
  for (const [key, n] of pairCounts) heap.push(key, n);

  const pieces = [...base];
  const minPair = Math.max(1, options.minPairFrequency ?? options.minFrequency);
  while (pieces.length < options.size) {
    const top = heap.pop();
    if (!top) break;
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push(top.key, current);
      continue;
    }
    if (current < minPair) break;
    const [a, b] = top.key.split(SEP);
    const merged = a + b;
    if (!known.has(merged)) {
      pieces.push(merged);
      known.add(merged);
    }
    const touched = new Set<string>();
    for (const w of pairWords.get(top.key) ?? []) {
      const { symbols } = words[w];
      let has = false;
      for (let i = 0; i + 1 < symbols.length; i++) if (symbols[i] === a && symbols[i + 1] === b) { has = true; break; }
      if (!has) continue;
      addPairs(w, -1);
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === a && symbols[i + 1] === b) symbols.splice(i, 2, merged);
      }
      addPairs(w, 1);
      for (let i = 0; i + 1 < symbols.length; i++) touched.add(symbols[i] + SEP + symbols[i + 1]);
    }
    pairCounts.delete(top.key);
    pairWords.delete(top.key);
    for (const key of touched) {
      const n = pairCounts.get(key);
      if (n !== undefined && n > 0) heap.push(key, n);
    }
  }
  return {
    pieces,
    baseSymbols: base.length,
    merges: pieces.length - base.length,
    distinctSymbols: symbolCounts.size,
    droppedSymbols: symbolCounts.size - base.length,
  };
}
