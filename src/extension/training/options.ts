/** What a training run needs, as chosen in the wizard or passed by a script, and how ids are derived. */
import * as os from 'os';
import * as path from 'path';
import type * as vscode from 'vscode';
import type { SizePreset } from '../../shared/engine/config';
import { MECHANISM_LABELS, type Mechanism, type TokenizerKind, type TrainConfig } from '../../shared/engine/types';
import type { Parallelism } from '../settings';
import type { DatasetCandidate } from './scan';

export interface TrainOptions {
  file: vscode.Uri;
  /** Target side of a line-aligned pair of files. */
  partner?: vscode.Uri;
  reverseDirection: boolean;
  mechanism: Mechanism;
  preset: SizePreset;
  epochs: number;
  tokenizer: TokenizerKind;
  batchSize?: number;
  learningRate?: number;
  /** Models of one task are compared together; derived from the file name when absent. */
  task?: string;
  modelId?: string;
  label?: string;
  /** Scripted runs: make the model active without asking (true) or never ask (false). */
  makeActive?: boolean;
}

/** `date-train.txt` -> `date`; `kor-eng.tsv` reversed -> `eng-kor`. */
export function taskFromFile(file: string, reverse: boolean): string {
  const stem = path.basename(file).replace(/\.[^.]*$/, '').toLowerCase()
    .replace(/([-_.]?(train|training|test|valid|validation|dev|src|tgt|source|target|small|sample|subset|mini|tiny|full))+$/, '')
    .replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'custom';
  const pair = /^([a-z]+)-([a-z]+)$/.exec(stem);
  return reverse && pair ? `${pair[2]}-${pair[1]}` : stem;
}

/** A unique, file-system-safe id: task, mechanism and a timestamp. */
export function makeModelId(task: string, mechanism: Mechanism, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${task}-${mechanism}-${stamp}`;
}

/** The label a run gets unless the user names it: "Luong · dates.txt" (mechanism, dataset file). */
export function defaultLabel(mechanism: Mechanism, file: string, labelOf: (m: Mechanism) => string = m => MECHANISM_LABELS[m]): string {
  return `${labelOf(mechanism).replace(/ ?\(.*\)$/, '')} · ${path.posix.basename(file)}`;
}

/**
 * Characters for short, number-heavy inputs (dates, arithmetic: the book's format), subword pieces for
 * prose (a word vocabulary leaves rare words as <unk>, and Korean words rarely repeat in a small corpus).
 * Tatoeba-style sets start with one-word sentences ("Go.", "Hi."), so the word count alone misleads.
 */
export function guessTokenizer(dataset: Pick<DatasetCandidate, 'format' | 'sample'>, reverse: boolean): TokenizerKind {
  if (dataset.format === 'fixed-width' || dataset.sample.length === 0) return 'char';
  const sources = dataset.sample.map(p => (reverse ? p.target : p.source));
  const meanLength = sources.reduce((n, s) => n + s.length, 0) / sources.length;
  const withDigits = sources.filter(s => /\d/.test(s)).length / sources.length;
  return meanLength <= 40 && withDigits >= 0.5 ? 'char' : 'subword';
}

/**
 * How many threads compute a run's gradients (setting `training.parallelism`): a helper thread beside
 * the training worker only where the machine offers a second core to the extension host (the engine
 * uses at most two). See BENCHMARKS.md for what each mode gains.
 */
export function trainingThreads(
  parallelism: Parallelism, available: number = os.availableParallelism(),
): Pick<TrainConfig, 'workers' | 'parallelMode'> {
  return {
    workers: parallelism === 'off' || available < 2 ? 1 : 2,
    parallelMode: parallelism === 'delayed' ? 'delayed' : 'exact',
  };
}
