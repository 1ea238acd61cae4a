/** What a training run needs, as chosen in the wizard or passed by a script, and how ids are derived. */
import * as path from 'path';
import type * as vscode from 'vscode';
import type { SizePreset } from '../../shared/engine/config';
import type { Mechanism, TokenizerKind } from '../../shared/engine/types';

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
    .replace(/[-_.]?(train|training|test|valid|validation|dev|src|tgt|source|target)$/, '')
    .replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'custom';
  const pair = /^([a-z]+)-([a-z]+)$/.exec(stem);
  return reverse && pair ? `${pair[2]}-${pair[1]}` : stem;
}

/** A unique, file-system-safe id: task, mechanism and a timestamp. */
export function makeModelId(task: string, mechanism: Mechanism, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${task}-${mechanism}-${stamp}`;
}
