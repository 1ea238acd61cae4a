/** Backend start-up and model loading shared by the commands. */
import * as path from 'node:path';
import { initBackend, loadModelFile, readModelInfo, type BackendName, type ModelInfo, type Seq2SeqModel } from '../shared/engine/index';
import type { CommandName, CommonOptions, ModelDirs } from './args';
import { resolveModel } from './files';
import { note } from './output';

/** Starts the requested backend (wasm binaries next to cli.js by default) and says so when it fell back. */
export async function startBackend(o: CommonOptions): Promise<BackendName> {
  const got = await initBackend(o.backend, o.wasmDir ?? __dirname);
  if (got !== o.backend) note(`note: using the ${got} backend (${o.backend} could not start)`);
  return got;
}

export function storedId(file: string): string | null {
  try {
    return readModelInfo(file, false).id;
  } catch {
    return null;
  }
}

export async function loadModel(ref: string, dirs: ModelDirs, command: CommandName): Promise<{ model: Seq2SeqModel; info: ModelInfo }> {
  const found = resolveModel(ref, dirs, storedId, command);
  const loaded = await loadModelFile(found.path);
  return { model: loaded.model, info: { ...loaded.info, shipped: found.shipped, path: path.resolve(found.path) } };
}
