/**
 * fairseq `generate` / `interactive` output: lines `X-id<TAB>...` grouped by sentence id, in any order
 * (generate prints sentences as batches finish). S source, T reference, H `score<TAB>hypothesis` (one per
 * n-best hypothesis, best first), D detokenised hypothesis, P per-token log-probabilities, A alignment
 * (soft rows, `i-j` pairs, or the old one-index-per-target form). D, P and A belong to the H before them.
 * Other lines (the logger's, `W-` timings) are not part of any sentence and are skipped.
 */
import { coded } from '../messages/coded';
import { alignTokens } from './align';
import { tokens } from './lines';
import { parseWeight, quote } from './numbers';
import { Problems, type AttentionFile, type AttentionSentence, type Line } from './types';

const PREFIXED = /^([A-Z])-(\d+)\t(.*)$/;

/** Whether a line is one of fairseq's sentence lines (the content test of format detection uses it). */
export function isFairseqLine(text: string): boolean {
  return PREFIXED.test(text);
}

interface Hypothesis {
  score: number;
  target: string[];
  line: number;
  detok?: string;
  logProbs?: number[];
  align?: { text: string; line: number };
}

interface Group {
  id: number;
  source?: string[];
  hypotheses: Hypothesis[];
  firstLine: number;
}

export function readFairseq(lines: readonly Line[], file: string): AttentionFile {
  const problems = new Problems(file);
  const groups = new Map<number, Group>();
  for (const { text, no } of lines) {
    const m = PREFIXED.exec(text);
    if (!m) continue;
    const [, tag, idText, rest] = m;
    const id = Number(idText);
    let g = groups.get(id);
    if (!g) groups.set(id, g = { id, hypotheses: [], firstLine: no });
    const last = g.hypotheses[g.hypotheses.length - 1];
    switch (tag) {
      case 'S': g.source = tokens(rest); break;
      case 'H': {
        const tab = rest.indexOf('\t');
        const score = tab < 0 ? null : parseWeight(rest.slice(0, tab).trim());
        if (score === null) {
          problems.add(no, coded('attn.fairseqScore', { id, score: quote(tab < 0 ? rest : rest.slice(0, tab)) }));
          break;
        }
        g.hypotheses.push({ score, target: tokens(rest.slice(tab + 1)), line: no });
        break;
      }
      case 'D': case 'P': case 'A': {
        if (!last) {
          problems.add(no, coded('attn.fairseqBeforeHypothesis', { tag, id }));
          break;
        }
        if (tag === 'D') last.detok = rest.slice(rest.indexOf('\t') + 1);
        else if (tag === 'A') last.align = { text: rest, line: no };
        else {
          const values = tokens(rest).map(parseWeight);
          const bad = values.findIndex(v => v === null);
          if (bad >= 0) problems.add(no, coded('attn.fairseqLogProb', { id, item: bad + 1, text: quote(tokens(rest)[bad]) }));
          else last.logProbs = values as number[];
        }
        break;
      }
      default: break; // T (reference), W (time), E, I: nothing the heatmap needs.
    }
  }
  const sentences: AttentionSentence[] = [];
  let unaligned = 0;
  for (const g of [...groups.values()].sort((a, b) => a.id - b.id)) {
    if (g.hypotheses.length === 0) continue;
    if (!g.source) {
      problems.add(g.firstLine, coded('attn.fairseqNoSource', { id: g.id }));
      continue;
    }
    g.hypotheses.forEach((h, rank) => {
      const base = { id: g.id, rank, score: h.score, ...(h.logProbs ? { tokenLogProbs: h.logProbs } : {}) };
      if (!h.align) {
        unaligned++;
        sentences.push({ ...base, source: g.source ?? [], target: h.target, attention: null, alignment: 'soft', sourceEos: false, targetEos: false, line: h.line });
        return;
      }
      const m = alignTokens(g.source ?? [], h.target, h.align.text,
        { matrix: rank ? coded('attn.fairseqHypothesisLabel', { id: g.id, rank: rank + 1 }) : `A-${g.id}`, source: `S-${g.id}`, target: `H-${g.id}` }, h.align.line, problems, { legacy: true });
      if (m) sentences.push({ ...base, ...m, line: h.align.line });
      else sentences.push({ ...base, source: g.source ?? [], target: h.target, attention: null, alignment: 'soft', sourceEos: false, targetEos: false, line: h.align.line });
    });
  }
  if (unaligned > 0) {
    const first = sentences.find(s => s.attention === null && !problems.list.some(p => p.line === s.line));
    problems.add(first?.line ?? 1, unaligned === 1 ? coded('attn.fairseqNoAlignmentOne') : coded('attn.fairseqNoAlignment', { count: unaligned }));
  }
  return { format: 'fairseq', sentences, problems: problems.list };
}
