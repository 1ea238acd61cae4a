/**
 * Marian output with `--alignment soft|hard|<threshold>`, and any `translation ||| i-j pairs` file (OpenNMT-py
 * `-report_align` output files have the same shape). Marian prints no source tokens: they come from the
 * input file given to the decoder, line for line (the n-best id names the line).
 *
 * - decoder:  `translation ||| alignment` (line k of the output is sentence k)
 * - n-best:   `id ||| translation ||| alignment ||| F0= ... ||| score`
 * - scorer:   `score ||| alignment` (the target tokens come from the target file given to the scorer)
 */
import { coded, type CodedMessage, type MessageParam } from '../messages/coded';
import { alignTokens, looksLikeLegacy } from './align';
import { parseCommaRows } from './fit';
import { tokens } from './lines';
import { parseWeight, quote } from './numbers';
import { looksLikePairs } from './pairs';
import { Problems, type AttentionFile, type AttentionSentence, type Line } from './types';

export const SEPARATOR = ' ||| ';

/** Whether a field is an alignment (soft rows or pairs). */
export function isAlignmentField(field: string): boolean {
  const t = field.trim();
  return looksLikePairs(t) || (/[.,]/.test(t) && parseCommaRows(t).ok);
}

export interface MarianInputs {
  /** The lines of the source file the decoder read (null: not found; nothing can be shown). */
  sourceLines: readonly string[] | null;
  sourceName?: string;
  /** For scorer output: the target file's lines. */
  targetLines?: readonly string[] | null;
  targetName?: string;
}

interface Parsed {
  id: number;
  target: string[] | null;
  align: string;
  score?: number;
}

function parseLine(text: string, lineIndex: number, scorer: boolean): Parsed | CodedMessage {
  const fields = text.split(SEPARATOR);
  if (fields.length < 2) return coded('attn.marianNoSeparator');
  if (fields.length >= 3 && /^\s*\d+\s*$/.test(fields[0])) {
    // n-best: id ||| translation ||| alignment ||| features ||| score
    const align = fields[2];
    if (!isAlignmentField(align)) return coded('attn.marianNbestField', { text: quote(align.trim()) });
    const score = parseWeight(fields[fields.length - 1].trim());
    return { id: Number(fields[0]), target: tokens(fields[1]), align, ...(score !== null && fields.length >= 4 ? { score } : {}) };
  }
  if (fields.length !== 2) return coded('attn.marianFieldCount', { count: fields.length });
  const [first, align] = fields;
  if (!isAlignmentField(align) && !looksLikeLegacy(align)) return coded('attn.marianNotAlignment', { text: quote(align.trim()) });
  // Scorer output (a target file was given): the score, then the alignment.
  const score = parseWeight(first.trim());
  if (scorer) {
    if (score === null) return coded('attn.marianScorerScore', { text: quote(first.trim()) });
    return { id: lineIndex, target: null, align, score };
  }
  return { id: lineIndex, target: tokens(first), align };
}

export function readMarian(lines: readonly Line[], file: string, inputs: MarianInputs): AttentionFile {
  const problems = new Problems(file);
  const sentences: AttentionSentence[] = [];
  const ranks = new Map<number, number>();
  const sourceName: MessageParam = inputs.sourceName ?? coded('attn.theSourceFile');
  if (!inputs.sourceLines) {
    problems.add(1, inputs.sourceName === undefined ? coded('attn.marianNoSource') : coded('attn.marianNoSourceNamed', { file: inputs.sourceName }));
    return { format: 'marian', sentences, problems: problems.list };
  }
  let index = 0;
  for (const { text, no } of lines) {
    if (text.trim() === '') { index++; continue; }
    const p = parseLine(text, index++, inputs.targetLines !== undefined && inputs.targetLines !== null);
    if ('code' in p) {
      problems.add(no, p);
      continue;
    }
    const rank = ranks.get(p.id) ?? 0;
    ranks.set(p.id, rank + 1);
    const sourceText = inputs.sourceLines[p.id];
    if (sourceText === undefined) {
      problems.add(no, coded('attn.marianSourceLine', { id: p.id, line: p.id + 1, file: sourceName, count: inputs.sourceLines.length }));
      continue;
    }
    let target = p.target;
    if (target === null) {
      const t = inputs.targetLines?.[p.id];
      if (t === undefined) {
        problems.add(no, inputs.targetLines
          ? coded('attn.marianScorerTarget', { line: p.id + 1, count: inputs.targetLines.length })
          : coded('attn.marianScorerNoTarget', { line: p.id + 1 }));
        continue;
      }
      target = tokens(t);
    }
    const source = tokens(sourceText);
    const m = alignTokens(source, target, p.align,
      {
        matrix: coded('attn.lineLabel', { line: no }),
        source: coded('attn.lineOfLabel', { line: p.id + 1, file: sourceName }),
        target: p.target ? coded('attn.theTranslation') : coded('attn.lineOfLabel', { line: p.id + 1, file: inputs.targetName ?? coded('attn.theTargetFile') }),
      },
      no, problems, { legacy: false });
    const base = { id: p.id, rank, line: no, ...(p.score !== undefined ? { score: p.score } : {}) };
    sentences.push(m ? { ...base, ...m } : { ...base, source, target, attention: null, alignment: 'soft', sourceEos: false, targetEos: false });
  }
  sentences.sort((a, b) => a.id - b.id || a.rank - b.rank);
  return { format: 'marian', sentences, problems: problems.list };
}

/** Whether the text's lines look like Marian output (most non-blank lines carry an alignment after `|||`). */
export function looksLikeMarian(lines: readonly Line[]): boolean {
  const sample = lines.filter(l => l.text.trim() !== '').slice(0, 20);
  if (sample.length === 0) return false;
  const good = sample.filter(l => {
    const f = l.text.split(SEPARATOR);
    return f.length >= 2 && (isAlignmentField(f[f.length >= 3 && /^\s*\d+\s*$/.test(f[0]) ? 2 : 1]));
  }).length;
  return good * 2 > sample.length;
}
