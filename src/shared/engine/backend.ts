/**
 * Chooses and initialises the tfjs backend. `wasm` (XNNPACK + SIMD) is the default, with this project's
 * kernel fixes registered (see ./kernels and docs/tfjs-performance.md); `cpu` (plain JS, much slower) is
 * the fallback when wasm cannot start. Safe to call again, also to switch backends.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from './kernels';
import { checkTfjsWasmVersion } from './kernels/wasmBackend';
import type { BackendName } from './types';

/** The SIMD binary is the one Node loads (threads are disabled under Node: trap 4). */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

let wasmPathSet: string | null = null;
let wasmFailure: string | null = null;

/** Where the last wasm initialisation failed, or null (for diagnostics: `bench`, logs). */
export function wasmFailureReason(): string | null {
  return wasmFailure;
}

function log(message: string): void {
  // stderr: the CLI's --json output on stdout must stay machine-readable.
  process.stderr.write(`[seq2seq-attention] ${message}\n`);
}

const hasWasmFiles = (dir: string): boolean => WASM_FILES.every(f => fs.existsSync(path.join(dir, f)));

/** The package's own dist folder when node_modules is reachable (unbundled runs, tests, dev hosts). */
function packageWasmDir(): string | null {
  try {
    return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  } catch {
    return null;
  }
}

/**
 * Points the wasm loader at the folder holding the `.wasm` binaries, first of: `wasmDir` (e.g. the
 * extension's `dist/`, where `npm run build` copies them), the folder of the running script (an esbuild
 * bundle in dist/), the package's own dist/ in node_modules (running from `out/`). The package's Node
 * loader would look next to its own script, which is wrong for a bundle run from elsewhere. Only
 * possible before the first wasm initialisation; a folder without the binaries is skipped with a log line.
 * Returns why wasm cannot start (no folder has the binaries), or null.
 */
function configureWasmPath(wasmDir: string | undefined): string | null {
  if (wasmPathSet !== null) {
    if (wasmDir && wasmDir !== wasmPathSet) log(`wasm path already set to ${wasmPathSet}; ignoring ${wasmDir}`);
    return null;
  }
  if (wasmDir && !hasWasmFiles(wasmDir)) log(`wasm files (${WASM_FILES.join(', ')}) not found in ${wasmDir}; looking elsewhere`);
  const candidates = [wasmDir, __dirname, packageWasmDir()].filter((d): d is string => typeof d === 'string' && d.length > 0);
  const dir = candidates.find(hasWasmFiles);
  if (!dir) return `the wasm binaries (${WASM_FILES.join(', ')}) are in none of: ${candidates.join(', ')}`;
  tfWasm.setWasmPaths(dir.endsWith('/') || dir.endsWith(path.sep) ? dir : dir + path.sep);
  wasmPathSet = dir;
  return null;
}

/**
 * Makes `name` the active backend and returns the backend actually in use: 'cpu' if wasm was asked for
 * but failed to initialise (the reason is logged and kept in `wasmFailureReason()`).
 */
export async function initBackend(name: BackendName, wasmDir?: string): Promise<BackendName> {
  if (name === 'wasm') {
    // An unsupported tfjs release is a build problem, not a machine's: fail loudly instead of falling back.
    checkTfjsWasmVersion();
    if (wasmFailure === null) {
      try {
        const missing = configureWasmPath(wasmDir);
        if (missing !== null) throw new Error(missing);
        registerWasmKernels();
        // Prod mode hides initialisation errors: setBackend just returns false (trap 5). Check it.
        const ok = await tf.setBackend('wasm');
        if (ok && tf.getBackend() === 'wasm') {
          await tf.ready();
          return 'wasm';
        }
        wasmFailure = 'tf.setBackend("wasm") returned false (the .wasm binary could not be loaded or compiled)';
      } catch (e) {
        wasmFailure = e instanceof Error ? e.message : String(e);
      }
      log(`wasm backend unavailable, falling back to cpu: ${wasmFailure}`);
    }
  }
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error('Neither the wasm nor the cpu tfjs backend could be initialised');
  await tf.ready();
  return 'cpu';
}

/**
 * The active backend. Reads the engine's field rather than `tf.getBackend()`, which would start
 * initialising a backend as a side effect when none is active yet ('cpu' is reported then).
 */
export function currentBackend(): BackendName {
  return tf.engine().backendName === 'wasm' ? 'wasm' : 'cpu';
}
