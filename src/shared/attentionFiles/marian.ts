/**
 * Marian output with `--alignment soft|hard|<threshold>`, and any `translation ||| i-j pairs` file (OpenNMT-py
 * `-report_align` output files have the same shape). Marian prints no source tokens: they come from the
 * input file given to the decoder, line for line (the n-best id names the line).
 *
 * - decoder:  `translation ||| alignment` (line k of the output is sentence k)
 * - n-best:   `id ||| translation ||| alignment ||| F0= ... ||| score`
 * - scorer:   `score ||| alignment` (the target tokens come from the target file given to the scorer)
 */
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

function parseLine(text: string, lineIndex: number, scorer: boolean): Parsed | string {
  const fields = text.split(SEPARATOR);
  if (fields.length < 2) return `no '${SEPARATOR.trim()}' separator: expected 'translation ||| alignment' (run the decoder with --alignment)`;
  if (fields.length >= 3 && /^\s*\d+\s*$/.test(fields[0])) {
    // n-best: id ||| translation ||| alignment ||| features ||| score
    const align = fields[2];
    if (!isAlignmentField(align)) return `n-best field 3 is ${quote(align.trim())}, not an alignment (run the decoder with --alignment)`;
    const score = parseWeight(fields[fields.length - 1].trim());
    return { id: Number(fields[0]), target: tokens(fields[1]), align, ...(score !== null && fields.length >= 4 ? { score } : {}) };
  }
  if (fields.length !== 2) return `expected 'translation ||| alignment' or an n-best line 'id ||| translation ||| alignment ||| features ||| score', got ${fields.length} fields`;
  const [first, align] = fields;
  if (!isAlignmentField(align) && !looksLikeLegacy(align)) return `the part after '|||' is ${quote(align.trim())}, not an alignment`;
  // Scorer output (a target file was given): the score, then the alignment.
  const score = parseWeight(first.trim());
  if (scorer) {
    if (score === null) return `scorer output: expected 'score ||| alignment', the score is ${quote(first.trim())}`;
    return { id: lineIndex, target: null, align, score };
  }
  return { id: lineIndex, target: tokens(first), align };
}

export function readMarian(lines: readonly Line[], file: string, inputs: MarianInputs): AttentionFile {
  const problems = new Problems(file);
  const sentences: AttentionSentence[] = [];
  const ranks = new Map<number, number>();
  const sourceName = inputs.sourceName ?? 'the source file';
  if (!inputs.sourceLines) {
    problems.add(1, `Marian output has no source tokens: they come from the file given to the decoder (same line number); choose ${sourceName === 'the source file' ? 'it' : sourceName}`);
    return { format: 'marian', sentences, problems: problems.list };
  }
  let index = 0;
  for (const { text, no } of lines) {
    if (text.trim() === '') { index++; continue; }
    const p = parseLine(text, index++, inputs.targetLines !== undefined && inputs.targetLines !== null);
    if (typeof p === 'string') {
      problems.add(no, p);
      continue;
    }
    const rank = ranks.get(p.id) ?? 0;
    ranks.set(p.id, rank + 1);
    const sourceText = inputs.sourceLines[p.id];
    if (sourceText === undefined) {
      problems.add(no, `sentence ${p.id} needs line ${p.id + 1} of ${sourceName}, which has ${inputs.sourceLines.length} lines`);
      continue;
    }
    let target = p.target;
    if (target === null) {
      const t = inputs.targetLines?.[p.id];
      if (t === undefined) {
        problems.add(no, `scorer output: the target tokens come from the target file given to the scorer (line ${p.id + 1}); ${inputs.targetLines ? `it has ${inputs.targetLines.length} lines` : 'none was given'}`);
        continue;
      }
      target = tokens(t);
    }
    const source = tokens(sourceText);
    const m = alignTokens(source, target, p.align,
      { matrix: `line ${no}`, source: `line ${p.id + 1} of ${sourceName}`, target: p.target ? 'the translation' : `line ${p.id + 1} of ${inputs.targetName ?? 'the target file'}` },
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
