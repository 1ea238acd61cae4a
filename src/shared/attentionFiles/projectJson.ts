/**
 * The project's own attention file: JSON, described by media/schemas/attention-file.schema.json and in
 * docs/attention-files.md. Any program can write it (Hugging Face transformers, CTranslate2, a script of
 * one's own); `seq2seq-attention view FILE --json` converts the toolkits' files into it; and the panel's
 * JSON export (`seq2seq-attention-explorer.view`) is read as one too, so an exported view opens elsewhere.
 *
 *   { "format": "seq2seq-attention-explorer.attention", "version": 1, "model": "...",
 *     "sentences": [ { "source": [...], "target": [...], "attention": [[...]] } ] }
 *
 * `attention` is target x source, or layers x heads x target x source; the sentence's matrix is then the
 * mean over layers and heads, and the heads are kept for choosing. A document may also be one sentence
 * (its fields at the top level).
 */
import { isArrayOf, isFiniteNumber, isRecord, isString } from '../protocol/guards';
import { coded, type CodedMessage, type MessageParam } from '../messages/coded';
import { badRowSums, negativeCell, rowSumMessage } from './fit';
import { EOS, Problems, type AttentionFile, type AttentionSentence } from './types';

export const ATTENTION_FORMAT = 'seq2seq-attention-explorer.attention';
export const VIEW_FORMAT = 'seq2seq-attention-explorer.view';
export const ATTENTION_VERSION = 1;

type Matrix = number[][];

const isNumberRow = (v: unknown): v is number[] => isArrayOf(v, isFiniteNumber);

/** Whether parsed JSON is one of the two documents this module reads (content detection). */
export function isAttentionJson(doc: unknown): boolean {
  return isRecord(doc) && (doc.format === ATTENTION_FORMAT || doc.format === VIEW_FORMAT);
}

function shapeProblem(m: unknown, rows: number, cols: number, what: MessageParam): CodedMessage | null {
  if (!Array.isArray(m)) return coded('attn.jsonNotRows', { what });
  if (m.length !== rows) return coded('attn.jsonRowCount', { what, count: m.length, rows });
  for (let i = 0; i < m.length; i++) {
    const r: unknown = m[i];
    if (!Array.isArray(r)) return coded('attn.jsonRowNotList', { what, row: i + 1 });
    if (r.length !== cols) return coded('attn.jsonRowWidth', { what, row: i + 1, count: r.length, columns: cols });
    const bad = r.findIndex(x => !isFiniteNumber(x));
    if (bad >= 0) return coded('attn.jsonCellNotNumber', { what, row: i + 1, column: bad + 1, value: String(JSON.stringify(r[bad])?.slice(0, 30)) });
  }
  return null;
}

function meanOf(heads: Matrix[][], rows: number, cols: number): Matrix {
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  let n = 0;
  for (const layer of heads) for (const h of layer) {
    n++;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i][j] += h[i][j];
  }
  return out.map(r => r.map(x => x / n));
}

/** One sentence object of the format; a message (without location) when it does not fit. */
export function readSentenceObject(s: unknown, index: number, where: MessageParam, problems: Problems, defaultModel?: string): AttentionSentence | null {
  const fail = (problem: CodedMessage): null => { problems.add(1, coded('attn.at', { where, problem })); return null; };
  if (!isRecord(s)) return fail(coded('attn.jsonNotObject'));
  if (!isArrayOf(s.source, isString)) return fail(coded('attn.jsonSource'));
  if (!isArrayOf(s.target, isString)) return fail(coded('attn.jsonTarget'));
  const alignment = s.alignment === 'hard' ? 'hard' : 'soft';
  if (s.alignment !== undefined && s.alignment !== 'soft' && s.alignment !== 'hard') return fail(coded('attn.jsonAlignment'));
  const a = s.attention;
  const depth = Array.isArray(a) && Array.isArray(a[0]) ? (Array.isArray(a[0][0]) ? (Array.isArray(a[0][0][0]) ? 4 : 3) : 2) : Array.isArray(a) && a.length === 0 ? 2 : 0;
  if (depth !== 2 && depth !== 4) return fail(coded('attn.jsonAttentionDepth'));
  // The matrix may have one more row / column than there are tokens: the EOS the tokens leave out
  // (CTranslate2 drops it from the tokens it returns). Anything else is a mismatch.
  const first = (depth === 4 ? (a as unknown[][][])[0][0] : a) as unknown[];
  const rows = first.length;
  const cols = Array.isArray(first[0]) ? first[0].length : s.source.length;
  const T = s.target.length;
  const S = s.source.length;
  if ((rows !== T && rows !== T + 1) || (cols !== S && cols !== S + 1)) {
    return fail(coded('attn.jsonShape', { rows, columns: cols, targetCount: T, sourceCount: S, targetCountEos: T + 1, sourceCountEos: S + 1 }));
  }
  const target = rows === T + 1 ? [...s.target, EOS] : s.target;
  const source = cols === S + 1 ? [...s.source, EOS] : s.source;
  let attention: Matrix;
  let heads: Matrix[][] | undefined;
  if (depth === 2) {
    const p = shapeProblem(a, rows, cols, '"attention"');
    if (p) return fail(p);
    attention = a as Matrix;
  } else {
    const layers = a as unknown[][];
    const headCount = layers[0].length;
    for (let l = 0; l < layers.length; l++) {
      if (!Array.isArray(layers[l]) || layers[l].length !== headCount) {
        return fail(coded('attn.jsonLayerHeads', { layer: l + 1, count: Array.isArray(layers[l]) ? layers[l].length : 0, heads: headCount }));
      }
      for (let h = 0; h < headCount; h++) {
        const p = shapeProblem(layers[l][h], rows, cols, coded('attn.jsonLayerHead', { layer: l + 1, head: h + 1 }));
        if (p) return fail(p);
      }
    }
    heads = layers as Matrix[][];
    attention = meanOf(heads, rows, cols);
  }
  const neg = negativeCell(attention);
  if (neg) return fail(coded('attn.jsonNegativeCell', { row: neg.row + 1, column: neg.col + 1, value: neg.value }));
  if (alignment === 'soft') {
    const bad = badRowSums(attention);
    if (bad.length) problems.add(1, rowSumMessage(where, bad, target));
  }
  if (s.score !== undefined && !isFiniteNumber(s.score)) return fail(coded('attn.jsonScore'));
  if (s.tokenScores !== undefined && !isNumberRow(s.tokenScores)) return fail(coded('attn.jsonTokenScores'));
  if (s.model !== undefined && !isString(s.model)) return fail(coded('attn.jsonModel'));
  const model = isString(s.model) ? s.model : defaultModel;
  return {
    id: Number.isInteger(s.id) ? (s.id as number) : index,
    rank: Number.isInteger(s.rank) ? (s.rank as number) : 0,
    source,
    target,
    attention,
    ...(heads ? { heads } : {}),
    alignment,
    sourceEos: source[source.length - 1] === EOS,
    targetEos: target[target.length - 1] === EOS,
    ...(isFiniteNumber(s.score) ? { score: s.score } : {}),
    ...(isNumberRow(s.tokenScores) ? { tokenLogProbs: s.tokenScores } : {}),
    ...(model !== undefined ? { model } : {}),
    line: 1,
  };
}

/** A panel export: each entry's result is a sentence (source spans' text, output, attention). */
function readViewExport(doc: Record<string, unknown>, problems: Problems): AttentionSentence[] {
  const view = doc.view;
  if (!isRecord(view) || (view.kind !== 'translation' && view.kind !== 'comparison')) {
    problems.add(1, coded('attn.viewNoTranslation'));
    return [];
  }
  const entries = view.kind === 'translation' ? [view.entry] : Array.isArray(view.entries) ? view.entries : [];
  const out: AttentionSentence[] = [];
  entries.forEach((e, k) => {
    const r = isRecord(e) ? e.result : undefined;
    const where = view.kind === 'translation' ? 'view.entry' : `view.entries[${k}]`;
    if (!isRecord(e) || !isRecord(r) || !Array.isArray(r.source)) { problems.add(1, coded('attn.at', { where, problem: coded('attn.viewNotEntry') })); return; }
    if (r.attention === null) {
      const problem = isString(e.modelLabel) ? coded('attn.viewNoAttentionNamed', { model: e.modelLabel }) : coded('attn.viewNoAttention');
      problems.add(1, coded('attn.at', { where, problem }));
      return;
    }
    const probs = isNumberRow(r.probabilities) ? r.probabilities : undefined;
    const s = readSentenceObject({
      source: r.source.map(t => isRecord(t) ? t.text : undefined),
      target: r.output,
      attention: r.attention,
      ...(isFiniteNumber(r.logProb) ? { score: r.logProb } : {}),
      ...(probs ? { tokenScores: probs.map(Math.log) } : {}),
      model: isString(e.modelLabel) ? e.modelLabel : undefined,
    }, k, where, problems);
    if (s) out.push(s);
  });
  return out;
}

/** Reads the parsed JSON of a project attention file or a panel export. */
export function readProjectJson(doc: unknown, file: string): AttentionFile {
  const problems = new Problems(file);
  const sentences: AttentionSentence[] = [];
  if (!isRecord(doc)) {
    problems.add(1, coded('attn.jsonNotDocument'));
  } else if (doc.format === VIEW_FORMAT) {
    sentences.push(...readViewExport(doc, problems));
  } else if (doc.format !== ATTENTION_FORMAT) {
    const value = JSON.stringify(doc.format)?.slice(0, 60);
    problems.add(1, value === undefined
      ? coded('attn.jsonFormatMissing', { expected: ATTENTION_FORMAT, view: VIEW_FORMAT })
      : coded('attn.jsonFormat', { value, expected: ATTENTION_FORMAT, view: VIEW_FORMAT }));
  } else if (doc.version !== ATTENTION_VERSION) {
    const value = JSON.stringify(doc.version)?.slice(0, 20);
    problems.add(1, value === undefined
      ? coded('attn.jsonVersionMissing', { supported: ATTENTION_VERSION })
      : coded('attn.jsonVersion', { value, supported: ATTENTION_VERSION }));
  } else if (doc.model !== undefined && !isString(doc.model)) {
    problems.add(1, coded('attn.jsonModel'));
  } else {
    const model = isString(doc.model) ? doc.model : undefined;
    if (doc.sentences === undefined) {
      const s = readSentenceObject(doc, 0, coded('attn.jsonTheDocument'), problems, model);
      if (s) sentences.push(s);
    } else if (!Array.isArray(doc.sentences)) {
      problems.add(1, coded('attn.jsonSentences'));
    } else {
      doc.sentences.forEach((s, i) => {
        const r = readSentenceObject(s, i, `sentences[${i}]`, problems, model);
        if (r) sentences.push(r);
      });
    }
  }
  return { format: 'json', sentences, problems: problems.list };
}

/** JSON text parsed, or a problem at the line and column JSON.parse names. */
export function parseJsonText(text: string, file: string): AttentionFile | { doc: unknown } {
  try {
    return { doc: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
    return { format: 'json', sentences: [], problems: [{ file, line, message: coded('attn.jsonSyntax', { detail: msg }) }] };
  }
}

/** The sentences as a document of the project's format (what `view --json` prints). */
export function toProjectJson(sentences: readonly AttentionSentence[], meta: { model?: string; from?: string } = {}): object {
  return {
    format: ATTENTION_FORMAT,
    version: ATTENTION_VERSION,
    ...(meta.model ? { model: meta.model } : {}),
    ...(meta.from ? { convertedFrom: meta.from } : {}),
    sentences: sentences.filter(s => s.attention !== null).map(s => ({
      id: s.id,
      ...(s.rank ? { rank: s.rank } : {}),
      source: s.source,
      target: s.target,
      alignment: s.alignment,
      attention: s.heads ?? s.attention,
      ...(s.score !== undefined ? { score: s.score } : {}),
      ...(s.tokenLogProbs ? { tokenScores: s.tokenLogProbs } : {}),
      ...(s.model && s.model !== meta.model ? { model: s.model } : {}),
    })),
  };
}
