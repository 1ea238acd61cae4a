/**
 * What the user chooses to see of a sentence: one layer and head (or their mean), subword pieces merged
 * into words, the EOS column hidden. Pure; the panel, the hover and the CLI share it.
 *
 * Pieces are grouped by the marks the toolkits use: `@@` at the end of a BPE piece (subword-nmt, fairseq,
 * Marian), `▁` at the start of a word (SentencePiece), `￭` joiners (OpenNMT Tokenizer) at either end.
 * Merged source columns sum their pieces' weights (what a word received is what its pieces received),
 * merged target rows average their pieces' rows (one word is one step), as the extension's own word view.
 */
import { EOS, type AttentionSentence } from './types';

export type Choice = number | 'mean';

export interface ShowOptions {
  words?: boolean;
  hideEos?: boolean;
  /** 0-based layer and head, or their mean (default). Ignored for sentences without heads. */
  layer?: Choice;
  head?: Choice;
}

export interface ShownSentence {
  source: string[];
  target: string[];
  attention: number[][];
  /** For each shown source / target token, the indices of the file's tokens it stands for. */
  sourceGroups: number[][];
  targetGroups: number[][];
}

const BPE = '@@';
const SP = '▁';
const JOINER = '￭';

type Style = 'bpe' | 'sentencepiece' | 'joiner' | null;

export function subwordStyle(tokens: readonly string[]): Style {
  if (tokens.some(t => t.endsWith(BPE) && t.length > BPE.length)) return 'bpe';
  if (tokens.some(t => t.includes(JOINER))) return 'joiner';
  if (tokens.some(t => t.startsWith(SP))) return 'sentencepiece';
  return null;
}

/** Consecutive token indices, one list per word; EOS always stands alone. */
export function wordGroupsOf(tokens: readonly string[]): number[][] {
  const style = subwordStyle(tokens);
  const groups: number[][] = [];
  let join = false;
  tokens.forEach((t, i) => {
    const eos = t === EOS;
    const continues = !eos && groups.length > 0 && tokens[i - 1] !== EOS && (
      style === 'bpe' ? join
        : style === 'sentencepiece' ? !t.startsWith(SP)
          : style === 'joiner' ? join || t.startsWith(JOINER)
            : false);
    if (continues) groups[groups.length - 1].push(i);
    else groups.push([i]);
    join = style === 'bpe' ? t.endsWith(BPE) : style === 'joiner' ? t.endsWith(JOINER) : false;
  });
  return groups;
}

/** A word's text: its pieces joined, the marks removed. */
export function wordText(tokens: readonly string[], group: readonly number[]): string {
  const pieces = group.map(i => tokens[i]);
  const text = pieces.map(p => p.endsWith(BPE) && p.length > BPE.length ? p.slice(0, -BPE.length) : p).join('')
    .split(JOINER).join('').split(SP).join(' ').trim();
  return text === '' ? pieces.join('') : text;
}

/** The sentence's matrix for the chosen layer and head (the mean of those not chosen). */
export function headMatrix(s: AttentionSentence, layer: Choice = 'mean', head: Choice = 'mean'): number[][] | null {
  if (!s.heads || (layer === 'mean' && head === 'mean')) return s.attention;
  const layers = layer === 'mean' ? s.heads : [s.heads[layer]].filter(Boolean);
  const picked = layers.flatMap(l => head === 'mean' ? l : [l[head]].filter(Boolean));
  if (picked.length === 0) return null;
  const rows = picked[0].length;
  const cols = picked[0][0]?.length ?? 0;
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (const m of picked) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i][j] += m[i][j] / picked.length;
  return out;
}

const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => [i]);

/** The sentence as shown; null when it has no matrix (or the chosen layer / head does not exist). */
export function showSentence(s: AttentionSentence, o: ShowOptions = {}): ShownSentence | null {
  const base = headMatrix(s, o.layer, o.head);
  if (!base) return null;
  let sourceGroups = o.words ? wordGroupsOf(s.source) : identity(s.source.length);
  const targetGroups = o.words ? wordGroupsOf(s.target) : identity(s.target.length);
  if (o.hideEos && s.sourceEos) sourceGroups = sourceGroups.filter(g => !(g.length === 1 && g[0] === s.source.length - 1));
  const attention = targetGroups.map(rows => {
    const mean = new Array<number>(s.source.length).fill(0);
    for (const i of rows) base[i]?.forEach((w, j) => { mean[j] += w / rows.length; });
    return sourceGroups.map(cols => cols.reduce((sum, j) => sum + mean[j], 0));
  });
  return {
    source: sourceGroups.map(g => o.words ? wordText(s.source, g) : s.source[g[0]]),
    target: targetGroups.map(g => o.words ? wordText(s.target, g) : s.target[g[0]]),
    attention,
    sourceGroups,
    targetGroups,
  };
}
