/**
 * OpenNMT-py translation logs: `SENT n: [source tokens]`, `PRED n: prediction`, `PRED SCORE: s`, then
 * with `-attn_debug` a table (a header of source labels, one row per predicted token and `</s>`), and
 * with `-report_align` an `ALIGN: i-j ...` line. The logger's `[date time LEVEL] ` prefix starts the
 * first line of each message. Header labels are cut to 7 characters and row labels to 10, so the full
 * tokens come from the SENT and PRED lines when the log has them; before v3.4.2 the largest weight of a
 * row carries leading `*` padding.
 */
import { coded } from '../messages/coded';
import { alignTokens } from './align';
import { badRowSums, mismatchHint, rowSumMessage } from './fit';
import { tokens } from './lines';
import { parseWeight, quote } from './numbers';
import { EOS, Problems, type AttentionFile, type AttentionSentence, type Line } from './types';

const LOG_PREFIX = /^\[\d{4}-\d\d-\d\d[ T][\d:.,]+ [A-Z]+\] ?/;
const SENT = /^SENT (\d+): (.*)$/;
const PRED = /^PRED (\d+): ?(.*)$/;
const PRED_SCORE = /^PRED SCORE: (\S+)/;
const ALIGN = /^ALIGN: ?(.*)$/;

/** The header labels are cut to this many characters; row labels to ROW_LABEL_WIDTH. */
export const HEADER_LABEL_WIDTH = 7;
export const ROW_LABEL_WIDTH = 10;

export function stripLogPrefix(text: string): string {
  return text.replace(LOG_PREFIX, '');
}

/** A Python list of strings as `print` shows it: `['a', "it's"]`; null when the text is not one. */
export function parsePythonList(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const item = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/y;
  const out: string[] = [];
  item.lastIndex = 0;
  while (item.lastIndex < inner.length) {
    const m = item.exec(inner);
    if (!m) return null;
    out.push((m[1] ?? m[2]).replace(/\\(.)/g, (_, c: string) => c === 'n' ? '\n' : c === 't' ? '\t' : c));
    if (m[3] === '') break;
  }
  return out;
}

/** A weight cell of the table, `*` padding of older versions removed. */
function cellWeight(cell: string): number | null {
  return parseWeight(cell.replace(/^\*+/, ''));
}

interface Pending {
  id: number;
  line: number;
  source?: string[];
  prediction?: string[];
  score?: number;
}

/** Whether the log's lines hold an attention table or ALIGN lines after SENT lines. */
export function looksLikeOpenNmt(lines: readonly Line[]): boolean {
  let sent = false;
  for (const l of lines.slice(0, 400)) {
    const t = stripLogPrefix(l.text).trim();
    if (SENT.test(t)) sent = true;
    else if (sent && (PRED.test(t) || ALIGN.test(t))) return true;
  }
  return tableAt(lines, 0, 400) !== null;
}

/** The first attention table at or after `from` (within `limit` lines): its header line index. */
function tableAt(lines: readonly Line[], from: number, limit: number): number | null {
  for (let i = from; i + 1 < lines.length && i < from + limit; i++) {
    if (isTableHeader(lines, i)) return i;
  }
  return null;
}

function isTableHeader(lines: readonly Line[], i: number): boolean {
  const head = tokens(stripLogPrefix(lines[i].text));
  if (head.length === 0 || SENT.test(stripLogPrefix(lines[i].text).trim())) return false;
  const row = tokens(lines[i + 1]?.text ?? '');
  return row.length === head.length + 1 && row.slice(1).every(c => cellWeight(c) !== null);
}

export function readOpenNmt(lines: readonly Line[], file: string): AttentionFile {
  const problems = new Problems(file);
  const sentences: AttentionSentence[] = [];
  let cur: Pending | null = null;
  const push = (s: AttentionSentence): void => { sentences.push(s); };
  for (let i = 0; i < lines.length; i++) {
    const { no } = lines[i];
    const text = stripLogPrefix(lines[i].text).trim();
    let m: RegExpExecArray | null;
    if ((m = SENT.exec(text))) {
      const list = parsePythonList(m[2]);
      cur = { id: Number(m[1]), line: no, source: list ?? tokens(m[2]) };
      continue;
    }
    if ((m = PRED.exec(text)) && !PRED_SCORE.test(text)) {
      if (!cur || cur.id !== Number(m[1])) cur = { id: Number(m[1]), line: no };
      cur.prediction = tokens(m[2]);
      continue;
    }
    if ((m = PRED_SCORE.exec(text))) {
      const s = parseWeight(m[1]);
      if (cur && s !== null) cur.score = s;
      continue;
    }
    if ((m = ALIGN.exec(text))) {
      if (!cur?.source || !cur.prediction) {
        problems.add(no, coded('attn.onmtAlignAlone'));
        continue;
      }
      const a = alignTokens(cur.source, cur.prediction, m[1], { matrix: 'ALIGN', source: `SENT ${cur.id}`, target: `PRED ${cur.id}` }, no, problems);
      push({ id: cur.id, rank: 0, line: no, ...(cur.score !== undefined ? { score: cur.score } : {}),
        ...(a ?? { source: cur.source, target: cur.prediction, attention: null, alignment: 'hard', sourceEos: false, targetEos: false }) });
      continue;
    }
    if (isTableHeader(lines, i)) {
      i = readTable(lines, i, cur, problems, push, sentences.length);
      cur = null;
    }
  }
  return { format: 'opennmt', sentences, problems: problems.list };
}

/** Reads the table whose header is line `h`; returns the index of its last row. */
function readTable(lines: readonly Line[], h: number, cur: Pending | null, problems: Problems, push: (s: AttentionSentence) => void, count: number): number {
  const labels = tokens(stripLogPrefix(lines[h].text));
  const headerNo = lines[h].no;
  const rowLabels: string[] = [];
  const rows: number[][] = [];
  let broken = false;
  let i = h + 1;
  for (; i < lines.length; i++) {
    const cells = tokens(lines[i].text);
    if (cells.length < 2 || cells.slice(1).some(c => cellWeight(c) === null)) {
      // A line of label + weights that do not parse is a broken row, not the end of the table.
      if (cells.length === labels.length + 1 && cells.slice(1).some(c => cellWeight(c) !== null)) {
        const bad = cells.slice(1).find(c => cellWeight(c) === null) ?? '';
        broken = true;
        problems.add(lines[i].no, coded('attn.onmtCellNotNumber', { row: quote(cells[0], 12), cell: quote(bad) }));
        rowLabels.push(cells[0]);
        continue;
      }
      break;
    }
    if (cells.length !== labels.length + 1) {
      broken = true;
      problems.add(lines[i].no, coded('attn.onmtRowWidth', { row: quote(cells[0], 12), count: cells.length - 1, labels: labels.length }));
      rowLabels.push(cells[0]);
      continue;
    }
    rowLabels.push(cells[0]);
    rows.push(cells.slice(1).map(c => cellWeight(c) as number));
  }
  const id = cur?.id ?? count + 1;
  const source = fullTokens(labels, cur?.source, HEADER_LABEL_WIDTH, `SENT ${id}`, 'source', headerNo, problems);
  const predicted = cur?.prediction ? [...cur.prediction, EOS] : undefined;
  const hasEosRow = rowLabels[rowLabels.length - 1] === EOS;
  const target = fullTokens(rowLabels, hasEosRow ? predicted : cur?.prediction, ROW_LABEL_WIDTH, `PRED ${id}`, 'target', headerNo, problems);
  const base = { id, rank: 0, line: headerNo, sourceEos: false, targetEos: hasEosRow, alignment: 'soft' as const, ...(cur?.score !== undefined ? { score: cur.score } : {}) };
  if (broken) {
    push({ ...base, source, target, attention: null });
    return i - 1;
  }
  const bad = badRowSums(rows);
  if (bad.length) problems.add(headerNo, rowSumMessage(coded('attn.onmtTable'), bad, target));
  push({ ...base, source, target, attention: rows });
  return i - 1;
}

/**
 * The table's labels replaced by the log's full tokens when they match (same count, each label the
 * start of its token); otherwise the labels, with a problem saying what differs.
 */
function fullTokens(labels: string[], full: string[] | undefined, width: number, where: string, side: 'source' | 'target', line: number, problems: Problems): string[] {
  if (!full) return labels;
  if (full.length !== labels.length) {
    problems.add(line, coded(side === 'source' ? 'attn.onmtSourceLabelCount' : 'attn.onmtTargetLabelCount',
      { count: labels.length, where, tokens: full.length, hint: mismatchHint() }));
    return labels;
  }
  const k = labels.findIndex((l, j) => l !== full[j].slice(0, Math.max(width, l.length)) && l !== full[j]);
  if (k >= 0) {
    problems.add(line, coded(side === 'source' ? 'attn.onmtSourceLabel' : 'attn.onmtTargetLabel',
      { index: k + 1, label: quote(labels[k]), where, token: quote(full[k]) }));
    return labels;
  }
  return full;
}
