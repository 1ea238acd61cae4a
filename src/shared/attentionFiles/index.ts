/** Reading attention files of other toolkits: one entry point over the readers of this folder. */
import { detectFormat } from './detect';
import { readFairseq } from './fairseq';
import { splitLines } from './lines';
import { readMarian, type MarianInputs } from './marian';
import { readOpenNmt } from './opennmt';
import { parseJsonText, readProjectJson } from './projectJson';
import type { AttentionFile, AttentionFileFormat } from './types';

export * from './types';
export { detectFormat, FORMAT_LABELS } from './detect';
export { splitLines, tokens } from './lines';
export { parsePairs, pairsToMatrix, matrixToPairs } from './pairs';
export { toProjectJson, ATTENTION_FORMAT } from './projectJson';
export type { MarianInputs } from './marian';

export interface ReadOptions extends Partial<MarianInputs> {
  /** Skip detection (the caller knows). */
  format?: AttentionFileFormat;
}

/** Reads a whole file's text. Null format: the content is none of the supported kinds. */
export function readAttentionText(text: string, file: string, options: ReadOptions = {}): AttentionFile | null {
  const f = readByFormat(text, file, options);
  // Problems in file order (readers find some only once a sentence's lines are all read).
  if (f) f.problems.sort((a, b) => a.line - b.line);
  return f;
}

function readByFormat(text: string, file: string, options: ReadOptions): AttentionFile | null {
  const lines = splitLines(text);
  const format = options.format ?? detectFormat(text.slice(0, 4096), lines);
  switch (format) {
    case 'fairseq': return readFairseq(lines, file);
    case 'opennmt': return readOpenNmt(lines, file);
    case 'marian': return readMarian(lines, file, { sourceLines: options.sourceLines ?? null, sourceName: options.sourceName, targetLines: options.targetLines, targetName: options.targetName });
    case 'json': {
      const parsed = parseJsonText(text, file);
      return 'doc' in parsed ? readProjectJson(parsed.doc, file) : parsed;
    }
    case null: case undefined: return null;
  }
}
