/**
 * The `i-j` pair form shared by fairseq hard alignments, Marian hard and threshold alignments, OpenNMT-py
 * `-report_align`, fast_align and awesome-align: `i` indexes the source token, `j` the target token, both
 * 0-based and EOS excluded (the Pharaoh convention). One parser serves every reader.
 */
import { coded, type CodedMessage } from '../messages/coded';
import { quote } from './numbers';

export type Pair = readonly [source: number, target: number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: CodedMessage };

const PAIR = /^(\d+)-(\d+)$/;

/** Whether the text is a (possibly empty) list of `i-j` pairs. */
export function looksLikePairs(text: string): boolean {
  const t = text.trim();
  return t === '' || t.split(/\s+/).every(p => PAIR.test(p));
}

export function parsePairs(text: string): Parsed<Pair[]> {
  const t = text.trim();
  if (t === '') return { ok: true, value: [] };
  const pairs: Pair[] = [];
  for (const [k, item] of t.split(/\s+/).entries()) {
    const m = PAIR.exec(item);
    if (!m) return { ok: false, message: coded('attn.notPair', { item: k + 1, text: quote(item) }) };
    pairs.push([Number(m[1]), Number(m[2])]);
  }
  return { ok: true, value: pairs };
}

/** fairseq 0.8 and older: one source index per target position (`0 7 7 2`). */
export function parseLegacyIndices(text: string): Parsed<Pair[]> {
  const t = text.trim();
  if (t === '') return { ok: true, value: [] };
  const pairs: Pair[] = [];
  for (const [j, item] of t.split(/\s+/).entries()) {
    if (!/^\d+$/.test(item)) return { ok: false, message: coded('attn.notSourceIndex', { item: j + 1, text: quote(item) }) };
    pairs.push([Number(item), j]);
  }
  return { ok: true, value: pairs };
}

/**
 * The binary target x source matrix of the pairs. Every index must fall inside the tokens: a pair past
 * the end means the tokens are not the ones the alignment was made for, which is said, not guessed around.
 */
export function pairsToMatrix(pairs: readonly Pair[], sourceCount: number, targetCount: number): Parsed<number[][]> {
  for (const [s, t] of pairs) {
    if (s >= sourceCount || t >= targetCount) {
      const pair = `${s}-${t}`;
      const message = s >= sourceCount
        ? (sourceCount === 1 ? coded('attn.pairPastSourceOne', { pair, index: s }) : coded('attn.pairPastSource', { pair, index: s, count: sourceCount }))
        : (targetCount === 1 ? coded('attn.pairPastTargetOne', { pair, index: t }) : coded('attn.pairPastTarget', { pair, index: t, count: targetCount }));
      return { ok: false, message };
    }
  }
  const m = Array.from({ length: targetCount }, () => new Array<number>(sourceCount).fill(0));
  for (const [s, t] of pairs) m[t][s] = 1;
  return { ok: true, value: m };
}

/** The pairs of a binary matrix, in target order (what `--json` writes back for hard alignments). */
export function matrixToPairs(matrix: readonly (readonly number[])[]): string {
  const out: string[] = [];
  matrix.forEach((row, t) => row.forEach((w, s) => { if (w > 0) out.push(`${s}-${t}`); }));
  return out.join(' ');
}
