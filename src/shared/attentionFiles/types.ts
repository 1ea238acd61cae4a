/**
 * Attention files written by other toolkits (fairseq, Marian, OpenNMT-py) and the project's own JSON
 * format, read into one shape. Pure code: no vscode, no fs; callers hand in the text (or some lines of it).
 * The formats themselves are described in docs/attention-files.md.
 */
import type { CodedMessage } from '../messages/coded';

export const ATTENTION_FILE_FORMATS = ['fairseq', 'marian', 'opennmt', 'json'] as const;
export type AttentionFileFormat = typeof ATTENTION_FILE_FORMATS[number];

/** Soft: real weights per target row. Hard: 0/1 links from `i-j` pairs (a binary heatmap). */
export type AlignmentKind = 'soft' | 'hard';

/** One line of a file: its text (no line break) and its 1-based number in the file. */
export interface Line {
  text: string;
  no: number;
}

export interface AttentionSentence {
  /** The toolkit's sentence id: fairseq's `S-id`, Marian's 0-based line (or n-best id), OpenNMT's `SENT n`. */
  id: number;
  /** Rank among the n-best hypotheses of the sentence (0: the best or the only one). */
  rank: number;
  source: string[];
  target: string[];
  /**
   * Target x source weights (rows follow `target`, columns `source`); null when the file holds no
   * usable alignment for the sentence (the reason is among the file's problems).
   */
  attention: number[][] | null;
  /** Layers x heads x target x source, when the file has them (the project's JSON format). */
  heads?: number[][][][];
  alignment: AlignmentKind;
  /** Whether the last source / target token is an end-of-sentence token that the file's matrix includes. */
  sourceEos: boolean;
  targetEos: boolean;
  /** The sequence score the toolkit printed (fairseq `H-`, Marian n-best, OpenNMT `PRED SCORE`). */
  score?: number;
  /** Log-probability of each target token (fairseq `P-`), EOS included when the file gives it. */
  tokenLogProbs?: number[];
  model?: string;
  /** 1-based line of the file where the sentence's alignment (or its first line) is. */
  line: number;
}

export interface AttentionProblem {
  file: string;
  line: number;
  /** What is wrong; its `.message` is the English (the CLI, logs), the host renders the code. */
  message: CodedMessage;
}

export interface AttentionFile {
  format: AttentionFileFormat;
  sentences: AttentionSentence[];
  problems: AttentionProblem[];
}

/** The file's name for messages, and where its lines start (a chunk of a large file starts later). */
export interface ReadContext {
  file: string;
}

/** Collects problems with the file name filled in. */
export class Problems {
  readonly list: AttentionProblem[] = [];
  constructor(readonly file: string) {}
  add(line: number, message: CodedMessage): void {
    this.list.push({ file: this.file, line, message });
  }
}

/** The end-of-sentence token shown for the EOS row / column a toolkit's matrix includes. */
export const EOS = '</s>';
