/** Types of the dataset readers. Pure: the host (sniffing, counting) and the worker (training) share them. */
import { CodedError, coded, type CodedMessage } from '../messages/coded';
import { printableName } from '../text/printable';

export type DatasetFormat =
  | 'tsv-tatoeba'      // English<TAB>Other[<TAB>attribution]  (manythings / Tatoeba export)
  | 'tsv-challenge'    // srcLang<TAB>tgtLang<TAB>source<TAB>target  (Tatoeba-challenge)
  | 'line-aligned'     // train.en + train.fr, src-train.txt + tgt-train.txt
  | 'csv'              // header row, quoted fields
  | 'jsonl'            // {"translation": {"en": …, "fr": …}} or {"source": …, "target": …}
  | 'fixed-width';     // the book's `question _answer` lines

/** A dataset file the host read with `vscode.workspace.fs` (or the CLI with fs) and hands over as bytes. */
export interface DatasetFile {
  /** Path or URI shown in messages and used for Problems-panel entries. */
  name: string;
  bytes: Uint8Array;
  /** For line-aligned formats: the partner file (target side). */
  partner?: { name: string; bytes: Uint8Array };
}

/** A malformed dataset line, reported with file and 1-based line number. */
export interface DatasetIssue {
  file: string;
  line: number;
  /** Why the line was skipped; its `.message` is the English (the CLI, logs), the host renders the code. */
  reason: CodedMessage;
}

export interface Pair {
  source: string;
  target: string;
  /** 1-based line in the file it came from. */
  line: number;
  /** Per-line attribution (third column of Tatoeba/manythings TSV), kept because CC-BY requires it. */
  attribution?: string;
}

/** The same pairs the other way round (a file of English-French pairs read as French-English). */
export function swappedPairs(pairs: readonly Pair[]): Pair[] {
  return pairs.map(p => ({ ...p, source: p.target, target: p.source }));
}

export interface ReadOptions {
  maxPairs: number;
  maxSourceChars: number;
  maxTargetChars: number;
  /** Files larger than this are refused with a clear error instead of being read. */
  maxBytes: number;
  /** For csv / jsonl translation objects / tsv-challenge: which column or language is the source. */
  sourceKey?: string;
  targetKey?: string;
  /** Skip format detection and read the file as this format. */
  format?: DatasetFormat;
}

export interface ReadResult {
  format: DatasetFormat;
  pairs: Pair[];
  issues: DatasetIssue[];
  /** Lines skipped as malformed (issues may be capped at a few hundred; this is the full count). */
  skipped: number;
  /** A note for every cap that took effect, e.g. "kept the first 100000 of 150000 pairs". */
  capped: CodedMessage[];
}

/** Thrown for files that cannot be read at all: empty, binary, too large, unknown format. */
export class DatasetError extends CodedError {
  constructor(readonly file: string, reason: CodedMessage) {
    super(coded('data.error', { file: printableName(file), reason }));
    this.name = 'DatasetError';
  }
}
