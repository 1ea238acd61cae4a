/**
 * Which models exist (listed from the model folders, shipped first) and a small cache of loaded ones.
 * Loading a model costs a file read and weight upload, so the few most recently used stay in memory;
 * an evicted model is disposed so its tensors are freed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AUTO_PLAN, describePlan, loadModelFile, readModelInfo, removeStaleTemporaries, MODEL_FILE_EXTENSION, type ModelInfo, type Seq2SeqModel } from '../shared/engine/index';
import { coded } from '../shared/messages/coded';
import { WorkerFailure } from './errors';

/** A comparison runs every mechanism of a task (six for the date task), so keep at least that many. */
const CACHE_SIZE = 8;

export interface ModelFolders {
  /** Listed in order; the first folder holds the shipped models. */
  modelDirs: string[];
  saveDir: string;
}

export interface LoadedModel {
  model: Seq2SeqModel;
  info: ModelInfo;
}

export class ModelStore {
  private folders: ModelFolders = { modelDirs: [], saveDir: '' };
  private index = new Map<string, ModelInfo>();
  /** Insertion order is recency order: the first entry is the least recently used. */
  private readonly cache = new Map<string, LoadedModel>();
  /** Problems met while listing (unreadable files), reported once to the log through `warnings()`. */
  private problems: string[] = [];

  setFolders(folders: ModelFolders): void {
    this.folders = folders;
    this.clear();
  }

  get saveDir(): string {
    return this.folders.saveDir;
  }

  /** Lists every readable model file; a file that cannot be read is skipped and noted, never fatal. */
  list(): ModelInfo[] {
    const index = new Map<string, ModelInfo>();
    const problems: string[] = [];
    // Temporary files of saves killed before their rename: model-sized, and never finished.
    if (this.folders.saveDir) removeStaleTemporaries(this.folders.saveDir);
    this.folders.modelDirs.forEach((dir, i) => {
      const shipped = i === 0;
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter(n => n.endsWith(MODEL_FILE_EXTENSION)).sort();
      } catch {
        return; // A folder that does not exist yet (no saved models) lists nothing.
      }
      for (const name of names) {
        const file = path.join(dir, name);
        try {
          const info = readModelInfo(file, shipped);
          // The first folder wins on a clash, so a saved file cannot shadow a shipped model.
          if (!index.has(info.id)) index.set(info.id, info);
        } catch (error) {
          problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
    this.index = index;
    this.problems = problems;
    // A model whose file was deleted or replaced by another (Delete Trained Model) must not be served
    // from memory under its old id.
    for (const [id, entry] of [...this.cache]) {
      if (index.get(id)?.path === entry.info.path) continue;
      this.cache.delete(id);
      entry.model.dispose();
    }
    return [...index.values()];
  }

  /** Problems found by the last `list()`. */
  warnings(): string[] {
    return this.problems;
  }

  info(id: string): ModelInfo {
    let info = this.index.get(id);
    if (!info) {
      this.list();
      info = this.index.get(id);
    }
    if (!info) {
      const known = [...this.index.keys()];
      throw new WorkerFailure('model-not-found', known.length
        ? coded('worker.modelNotFound', { model: id, known: known.join(', ') })
        : coded('worker.modelNotFoundNone', { model: id }));
    }
    return info;
  }

  async get(id: string): Promise<LoadedModel> {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const info = this.info(id);
    const loaded = await loadModelFile(info.path);
    // Once per loaded model, into the extension's log (the worker's stderr): what decoding will run.
    console.warn(`Model ${id}: ${describePlan(AUTO_PLAN, loaded.model.config, null)}`);
    this.cache.set(id, { model: loaded.model, info: { ...loaded.info, shipped: info.shipped } });
    while (this.cache.size > CACHE_SIZE) {
      const [oldest, entry] = this.cache.entries().next().value as [string, LoadedModel];
      this.cache.delete(oldest);
      entry.model.dispose();
    }
    return this.cache.get(id) as LoadedModel;
  }

  /** Drops a model from the cache, e.g. after its file was rewritten by training. */
  forget(id: string): void {
    const entry = this.cache.get(id);
    if (entry) {
      this.cache.delete(id);
      entry.model.dispose();
    }
    this.index.delete(id);
  }

  clear(): void {
    for (const entry of this.cache.values()) entry.model.dispose();
    this.cache.clear();
    this.index.clear();
  }
}
