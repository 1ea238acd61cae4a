/** `seq2seq-attention models`: the shipped and saved models, read from their headers only. */
import * as fs from 'node:fs';
import { readModelInfo, type ModelInfo } from '../../shared/engine/index';
import { primaryHeldOut } from '../../shared/quality/card';
import type { ModelsOptions } from '../args';
import { listModelFiles, modelsDir, shippedDir } from '../files';
import { percent, table } from '../format';
import { note, out, printJson } from '../output';

export interface ListedModel {
  id: string;
  task: string;
  mechanism: ModelInfo['mechanism'];
  label: string;
  shipped: boolean;
  path: string;
  bytes: number;
  /** Best epoch's exact match on the data measured during training, when the file has a training summary. */
  exactMatch: number | null;
  /** Exact match on the model card's largest held-out set (null: no card or no held-out scores). */
  heldOutExactMatch: number | null;
  heldOutPairs: number | null;
  epochs: number | null;
}

export function listModels(o: ModelsOptions): { models: ListedModel[]; errors: { path: string; error: string }[]; shippedDir: string; modelsDir: string } {
  const dirs = { shippedDir: shippedDir(o), modelsDir: modelsDir(o) };
  const models: ListedModel[] = [];
  const errors: { path: string; error: string }[] = [];
  for (const [dir, shipped] of [[dirs.shippedDir, true], [dirs.modelsDir, false]] as const) {
    for (const file of listModelFiles(dir)) {
      try {
        const info = readModelInfo(file, shipped);
        const best = info.summary?.epochs.find((e) => e.epoch === info.summary?.bestEpoch);
        const heldOut = primaryHeldOut(info.card);
        models.push({
          id: info.id, task: info.task, mechanism: info.mechanism, label: info.label, shipped, path: file,
          bytes: fs.statSync(file).size, exactMatch: best ? best.exactMatch : null, epochs: info.summary ? info.summary.epochs.length : null,
          heldOutExactMatch: heldOut ? heldOut.exactMatch : null, heldOutPairs: heldOut ? heldOut.pairs : null,
        });
      } catch (e) {
        errors.push({ path: file, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return { models, errors, ...dirs };
}

export function runModels(o: ModelsOptions): number {
  const r = listModels(o);
  if (o.json) {
    printJson(r);
    return 0;
  }
  for (const e of r.errors) note(`unreadable: ${e.error}`);
  if (r.models.length === 0) {
    out(`no models in ${r.shippedDir} or ${r.modelsDir}`);
    return 0;
  }
  // Held-out figures come from the model card; the training-time figure may be measured on training pairs.
  out(table(['id', 'task', 'mechanism', 'where', 'held-out exact', 'held-out pairs', 'training exact', 'epochs', 'size'], r.models.map((m) => [
    m.id, m.task, m.mechanism, m.shipped ? 'shipped' : 'saved', m.heldOutExactMatch === null ? '-' : percent(m.heldOutExactMatch, 2),
    m.heldOutPairs === null ? '-' : String(m.heldOutPairs), m.exactMatch === null ? '-' : percent(m.exactMatch, 2),
    m.epochs === null ? '-' : String(m.epochs), `${(m.bytes / 1024).toFixed(0)} KB`,
  ])));
  out(`\nshipped: ${r.shippedDir}\nsaved:   ${r.modelsDir}`);
  return 0;
}
