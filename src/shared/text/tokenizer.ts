/**
 * Character- and word-level tokenisers that keep every character's place in the original text, so the
 * editor can map an attention column back to a range. Unicode aware: characters are grapheme clusters
 * (a Hangul syllable written as conjoining jamo stays one token), words are runs of letters, marks and
 * digits, and every other non-space character is a token of its own. Nothing is silently dropped: only
 * white space separates tokens, and the char tokeniser keeps spaces as tokens (the date task needs them).
 * Token text is NFC-normalised so that composed and decomposed input map to the same vocabulary entry.
 */
import type { TokenSpan, TokenizerKind } from '../engine/types';
import { detokenizeSubwords, SubwordSegmenter } from './subword';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  tokenize(text: string): TokenSpan[];
  detokenize(tokens: readonly string[]): string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const charTokenizer: Tokenizer = {
  kind: 'char',
  tokenize(text) {
    const spans: TokenSpan[] = [];
    for (const { segment, index } of graphemes.segment(text)) {
      spans.push({ text: segment.normalize('NFC'), start: index, end: index + segment.length });
    }
    return spans;
  },
  detokenize(tokens) {
    return tokens.join('');
  },
};

/** A word: letters/marks/digits, with inner apostrophes (don't, l'homme) and inner hyphens/dots in numbers. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
/** Tokens that attach to the previous word when detokenising. */
const NO_SPACE_BEFORE = /^[.,!?;:%)\]}»”’…。、！？]$/u;
/** Tokens that attach to the next word. */
const NO_SPACE_AFTER = /^[(\[{«“¿¡]$/u;

export const wordTokenizer: Tokenizer = {
  kind: 'word',
  tokenize(text) {
    const spans: TokenSpan[] = [];
    for (const m of text.matchAll(WORD)) {
      const start = m.index ?? 0;
      spans.push({ text: m[0].normalize('NFC'), start, end: start + m[0].length });
    }
    return spans;
  },
  detokenize(tokens) {
    let out = '';
    let glueNext = true;
    for (const t of tokens) {
      if (!glueNext && !NO_SPACE_BEFORE.test(t)) out += ' ';
      out += t;
      glueNext = NO_SPACE_AFTER.test(t);
    }
    return out;
  },
};

/** A vocabulary's token list (a `Vocab`, or the list itself): what a subword tokenizer segments with. */
export interface TokenList {
  readonly tokens: readonly string[];
}

const subwordTokenizers = new WeakMap<object, Tokenizer>();

/**
 * The tokenizer of one side of a model. Subword tokenizers are made from that side's vocabulary (it holds
 * the learned pieces) and kept for as long as the vocabulary lives.
 */
export function tokenizerFor(kind: TokenizerKind, vocab?: TokenList): Tokenizer {
  if (kind === 'char') return charTokenizer;
  if (kind === 'word') return wordTokenizer;
  if (kind !== 'subword') throw new Error(`Unknown tokenizer '${String(kind)}'`);
  if (!vocab) throw new Error('A subword tokenizer needs the vocabulary it was learned with.');
  let t = subwordTokenizers.get(vocab);
  if (!t) {
    const segmenter = new SubwordSegmenter(vocab.tokens);
    t = { kind: 'subword', tokenize: text => segmenter.tokenize(text), detokenize: detokenizeSubwords };
    subwordTokenizers.set(vocab, t);
  }
  return t;
}

/** Word tokens are compared case-insensitively by the vocabulary; char and subword models keep case. */
export function vocabKey(kind: TokenizerKind, token: string): string {
  return kind === 'word' ? token.toLocaleLowerCase() : token;
}
