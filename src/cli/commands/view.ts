/**
 * `seq2seq-attention view FILE`: the attention files of other toolkits (src/shared/attentionFiles/) on
 * the command line: list the sentences, print one matrix, or convert the file to the project's JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAttentionText, splitLines, toProjectJson, type AttentionFile, type AttentionSentence } from '../../shared/attentionFiles/index';
import { FORMAT_LABELS } from '../../shared/attentionFiles/detect';
import { sourceFileCandidates } from '../../shared/attentionFiles/sourceFile';
import { showSentence, type ShownSentence } from '../../shared/attentionFiles/transform';
import type { ViewOptions } from '../args';
import { CliError } from '../files';
import { note, out, printJson } from '../output';

/** Whole-file reads stop here (a JavaScript string holds at most about 512 M characters). */
export const MAX_VIEW_BYTES = 400 * 1024 * 1024;

function readText(file: string, what: string): string {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new CliError(`${what} '${file}' is a folder, not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${what} '${file}' does not exist`);
  }
  if (size > MAX_VIEW_BYTES) throw new CliError(`${what} '${file}' is ${(size / 1048576).toFixed(0)} MB, more than the ${MAX_VIEW_BYTES / 1048576} MB the command line reads`);
  return fs.readFileSync(file, 'utf8');
}

/** Marian's source file: the one given, or the first candidate beside the output that exists. */
function findSource(o: ViewOptions): string | undefined {
  if (o.source !== undefined) return o.source;
  const dir = path.dirname(o.file);
  return sourceFileCandidates(path.basename(o.file)).map(n => path.join(dir, n)).find(p => fs.existsSync(p) && fs.statSync(p).isFile());
}

export function readViewFile(o: ViewOptions): AttentionFile {
  const text = readText(o.file, 'the attention file');
  const first = readAttentionText(text, o.file, { format: undefined });
  if (!first) {
    throw new CliError(`'${o.file}' is not an attention file this version reads: expected fairseq output with A- lines, Marian output with ` +
      `'||| alignment', an OpenNMT-py log with -attn_debug or -report_align, or the JSON format (docs/attention-files.md)`);
  }
  if (first.format !== 'marian') return first;
  const source = findSource(o);
  if (source === undefined) {
    throw new CliError(`'${o.file}' is Marian output, which has no source tokens: give the file the decoder read with --source FILE ` +
      `(looked beside it for ${sourceFileCandidates(path.basename(o.file)).join(', ')})`);
  }
  const lines = (f: string, what: string): string[] => splitLines(readText(f, what)).map(l => l.text);
  return readAttentionText(text, o.file, {
    format: 'marian',
    sourceLines: lines(source, 'the source file'),
    sourceName: path.basename(source),
    ...(o.target !== undefined ? { targetLines: lines(o.target, 'the target file'), targetName: path.basename(o.target) } : {}),
  }) as AttentionFile;
}

const cell = (x: number): string => x.toFixed(2);

/** The matrix as aligned columns: source tokens across, target tokens down. */
export function matrixText(shown: ShownSentence): string {
  const width = (t: string): number => [...t].length;
  const pad = (t: string, n: number): string => ' '.repeat(Math.max(0, n - width(t))) + t;
  const rowHead = Math.max(width('target \\ source'), ...shown.target.map(width));
  const cols = shown.source.map(s => Math.max(4, width(s)));
  const lines = [[pad('target \\ source', rowHead), ...shown.source.map((s, j) => pad(s, cols[j]))].join('  ')];
  shown.attention.forEach((row, i) => lines.push([pad(shown.target[i], rowHead), ...row.map((w, j) => pad(cell(w), cols[j]))].join('  ')));
  return lines.join('\n');
}

function describe(s: AttentionSentence, f: AttentionFile): string {
  const parts = [`sentence ${s.id}${s.rank ? `, hypothesis ${s.rank + 1}` : ''} (${FORMAT_LABELS[f.format]}, line ${s.line})`];
  if (s.model) parts.push(`model ${s.model}`);
  if (s.score !== undefined) parts.push(`score ${s.score}`);
  parts.push(`${s.alignment} ${s.alignment === 'hard' ? 'alignment' : 'attention'}`);
  if (s.heads) parts.push(`${s.heads.length} layers x ${s.heads[0]?.length ?? 0} heads`);
  return parts.join(', ');
}

export async function runView(o: ViewOptions): Promise<number> {
  const f = readViewFile(o);
  for (const p of f.problems) note(`${p.file}:${p.line}: ${p.message.message}`);
  const from = path.basename(o.file);
  if (o.sentence === undefined) {
    if (o.json) {
      printJson(toProjectJson(f.sentences, { from }));
      return 0;
    }
    out(`${o.file}: ${FORMAT_LABELS[f.format]}, ${f.sentences.length} sentence${f.sentences.length === 1 ? '' : 's'}` +
      (f.problems.length ? `, ${f.problems.length} problem${f.problems.length === 1 ? '' : 's'} (on stderr)` : ''));
    for (const s of f.sentences) {
      out(`${String(s.id).padStart(6)}${s.rank ? ` #${s.rank + 1}` : ''}  ${s.source.join(' ')}  ->  ${s.target.join(' ')}${s.attention ? '' : '  (no matrix)'}`);
    }
    return 0;
  }
  const s = f.sentences.find(x => x.id === o.sentence && x.rank === o.hypothesis - 1);
  if (!s) {
    const ids = f.sentences.filter(x => x.id === o.sentence);
    throw new CliError(ids.length
      ? `sentence ${o.sentence} has ${ids.length} hypothes${ids.length === 1 ? 'is' : 'es'}, not ${o.hypothesis}`
      : `no sentence ${o.sentence} in '${o.file}' (it has ${f.sentences.length}${f.sentences.length ? `: ids ${f.sentences[0].id} to ${f.sentences[f.sentences.length - 1].id}` : ''})`);
  }
  if (o.json) {
    printJson(toProjectJson([s], { from }));
    return s.attention ? 0 : 1;
  }
  const shown = showSentence(s, { words: o.words, hideEos: o.hideEos, layer: o.layer ?? 'mean', head: o.head ?? 'mean' });
  if (!shown) throw new CliError(s.attention ? `sentence ${s.id} has no layer ${o.layer ?? ''} / head ${o.head ?? ''}` : `sentence ${s.id} has no usable matrix (see the problems above)`);
  out(describe(s, f));
  out(`source: ${s.source.join(' ')}`);
  out(`target: ${s.target.join(' ')}`);
  out(matrixText(shown));
  return 0;
}
