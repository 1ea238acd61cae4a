/**
 * The CLI's file system side: datasets read from disk (with the partner of line-aligned files found by
 * name), model files found by path or id in the saved and shipped folders.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_READ_OPTIONS, lineAlignedPartner, readDataset, swappedPairs, type DatasetFile, type ReadResult } from '../shared/data/index';
import { coded } from '../shared/messages/coded';
import { checkRegularFile, FileReadProblem, readRegularFile } from '../shared/regularFile';
import { printableName } from '../shared/text/printable';
import { UsageError, type CommandName, type DataOptions, type ModelDirs } from './args';

/** A failure the user can fix (missing file, unreadable model): printed as is, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const MODEL_EXT = '.s2s';

function readBytes(file: string, what: string): Uint8Array {
  // Refused by type and size before a byte is read: a FIFO would block, /dev/zero never end, and a huge
  // file is never loaded.
  try {
    return readRegularFile(file, DEFAULT_READ_OPTIONS.maxBytes, coded('file.limitDatasets'));
  } catch (e) {
    if (e instanceof FileReadProblem) {
      const reason = e.reason === 'is not a regular file (a folder)' ? 'is a folder, not a file'
        : e.reason.includes('more than the limit') ? `${e.reason}; split it or use --max-pairs on a smaller file` : e.reason;
      throw new CliError(`${what} '${printableName(file)}' ${reason}`);
    }
    throw new CliError(`${what} '${printableName(file)}' cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The dataset file and, for line-aligned data, its partner (given or found next to it by name). */
export function loadDatasetFile(opts: DataOptions): DatasetFile {
  const file: DatasetFile = { name: opts.file, bytes: readBytes(opts.file, 'dataset') };
  let partner = opts.partner;
  if (partner === undefined && (opts.format === undefined || opts.format === 'line-aligned')) {
    const dir = path.dirname(opts.file);
    let siblings: string[] = [];
    try {
      siblings = fs.readdirSync(dir).map((f) => path.join(dir, f));
    } catch {
      // No listing: only the src/tgt naming rules apply.
    }
    const match = lineAlignedPartner(opts.file, siblings);
    if (match && fs.existsSync(match.partner)) {
      // Reading the target side alone means the pair the other way round.
      if (match.role === 'target') {
        throw new UsageError(`'${opts.file}' is the target side of line-aligned files; pass the source side ` +
          `(--data ${match.partner}), with --swap to translate the other way`);
      }
      partner = match.partner;
    }
  }
  if (partner !== undefined) file.partner = { name: partner, bytes: readBytes(partner, 'partner file') };
  return file;
}

/** Reads a dataset with the command line's options; pairs swapped with --swap. */
export function readDatasetFromDisk(opts: DataOptions): ReadResult {
  const result = readDataset(loadDatasetFile(opts), {
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.sourceKey !== undefined ? { sourceKey: opts.sourceKey } : {}),
    ...(opts.targetKey !== undefined ? { targetKey: opts.targetKey } : {}),
    ...(opts.maxPairs !== undefined ? { maxPairs: opts.maxPairs } : {}),
  });
  if (opts.swap) result.pairs = swappedPairs(result.pairs);
  return result;
}

/** Saved models: --models-dir, else $SEQ2SEQ_ATTENTION_MODELS, else ~/.seq2seq-attention/models. */
export function modelsDir(dirs: ModelDirs): string {
  return path.resolve(dirs.modelsDir ?? process.env.SEQ2SEQ_ATTENTION_MODELS ?? path.join(os.homedir(), '.seq2seq-attention', 'models'));
}

/**
 * Shipped models: --shipped-dir, else `media/models` of the package: `../media/models` from `dist/cli.js`,
 * or found by walking up (unbundled runs from `out/src/cli/`).
 */
export function shippedDir(dirs: ModelDirs, here = __dirname): string {
  if (dirs.shippedDir !== undefined) return path.resolve(dirs.shippedDir);
  let dir = here;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'media', 'models');
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.resolve(here, '..', 'media', 'models');
}

export function listModelFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith(MODEL_EXT)).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

export interface ResolvedModel {
  path: string;
  shipped: boolean;
}

/**
 * A model by path (anything that exists, or that has a separator or the .s2s extension), else by id: the
 * file `<id>.s2s` in the saved then the shipped folder, else a file whose stored id matches (`idOf` reads it).
 */
export function resolveModel(ref: string, dirs: ModelDirs, idOf: (file: string) => string | null, command: CommandName): ResolvedModel {
  const saved = modelsDir(dirs);
  const shipped = shippedDir(dirs);
  const check = checkRegularFile(ref);
  if (check.ok) return { path: path.resolve(ref), shipped: path.dirname(path.resolve(ref)) === shipped };
  if (!check.missing) throw new CliError(`model file '${printableName(ref)}' ${check.reason}`);
  if (ref.includes('/') || ref.includes('\\') || ref.endsWith(MODEL_EXT)) throw new CliError(`model file '${printableName(ref)}' does not exist`);
  for (const [dir, isShipped] of [[saved, false], [shipped, true]] as const) {
    const file = path.join(dir, ref + MODEL_EXT);
    if (fs.existsSync(file)) return { path: file, shipped: isShipped };
  }
  const known: string[] = [];
  for (const [dir, isShipped] of [[saved, false], [shipped, true]] as const) {
    for (const file of listModelFiles(dir)) {
      const id = idOf(file);
      if (id === ref) return { path: file, shipped: isShipped };
      known.push(id ?? path.basename(file, MODEL_EXT));
    }
  }
  throw new UsageError(`no model '${ref}' in ${saved} or ${shipped}` +
    (known.length ? `; available: ${[...new Set(known)].join(', ')}` : '; run \'seq2seq-attention models\' to list them'), command);
}

/**
 * A data file of the project's development data (date-train.txt, fra-eng.tsv, ...), by name: in the
 * working folder, its data/ folder, or the folder `SEQ2SEQ_DATA_DIR` names. The data sets are not part
 * of the repository (see their licences); the scripts also take `--data-dir`.
 */
export function findDataFile(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [path.resolve(name), path.resolve('data', name)];
  if (env.SEQ2SEQ_DATA_DIR) candidates.push(path.resolve(env.SEQ2SEQ_DATA_DIR, name));
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

/** Standard input, at most `maxBytes` of it (a pipe from /dev/zero would otherwise be read until memory runs out). */
export function readStdinBounded(maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw new CliError(`the standard input is longer than ${maxBytes / 1048576} MB; translate a smaller input`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
