/**
 * Running the PyTorch reference (peers/torch_seq2seq.py): finding the script and a Python that imports
 * torch, its environment (thread counts; OpenBLAS's core type and cache size left to OpenBLAS's own
 * detection), and the process itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PEER_SCRIPT = 'torch_seq2seq.py';

/** How to get PyTorch for the reference, printed when no Python can import it. */
export const TORCH_INSTALL_HINT =
  'install PyTorch for the reference: on Debian/Ubuntu `sudo apt-get install -y python3-torch libopenblas0-pthread` ' +
  '(then it runs with /usr/bin/python3), elsewhere `pip install torch` and pass that Python with --python';

/** Pythons tried in order when --python is not given: the system one first (where Debian's python3-torch lives). */
export const DEFAULT_PYTHONS: readonly string[] = ['/usr/bin/python3', 'python3'];

/**
 * The reference script: beside cli.js (copied there with it to another machine), else in the source
 * tree above `fromDir` (`src/cli/bench/peers/`: a checkout's dist/ and the compiled tests).
 */
export function findPeerScript(fromDir: string, exists: (p: string) => boolean = fs.existsSync): string | null {
  const beside = path.join(fromDir, PEER_SCRIPT);
  if (exists(beside)) return beside;
  let dir = path.resolve(fromDir);
  for (let up = 0; up < 8; up++) {
    const inTree = path.join(dir, 'src', 'cli', 'bench', 'peers', PEER_SCRIPT);
    if (exists(inTree)) return inTree;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * The reference's environment: `threads` for OpenMP / torch.set_num_threads (passed as --threads) and
 * `blasThreads` for OpenBLAS; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed, so that OpenBLAS picks the
 * kernels of the CPU it runs on rather than those a machine-wide setting forces.
 */
export function peerEnv(base: NodeJS.ProcessEnv, threads: number, blasThreads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  env.OPENBLAS_NUM_THREADS = String(blasThreads);
  env.OMP_NUM_THREADS = String(threads);
  return env;
}

export interface TorchProbe {
  python: string;
  torch: string;
  pythonVersion: string;
}

/** The last JSON line of a probe's output that is a probe record with a torch version, or null. */
export function probeRecord(stdout: string): { torch: string; python: string } | null {
  const lines = stdout.split('\n').map(l => l.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const r = JSON.parse(lines[i]) as { event?: unknown; torch?: unknown; python?: unknown };
      if (r.event === 'probe' && typeof r.torch === 'string') return { torch: r.torch, python: String(r.python) };
    } catch {
      // not a record
    }
  }
  return null;
}

/** The first of `pythons` whose `script --probe` imports torch; else why each failed. */
export function findTorch(pythons: readonly string[], script: string): { found: TorchProbe | null; failures: string[] } {
  const failures: string[] = [];
  for (const python of pythons) {
    const r = spawnSync(python, [script, '--probe'], { encoding: 'utf8', timeout: 180_000, env: peerEnv(process.env, 1, 1) });
    if (r.error) {
      failures.push(`${python}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message}`);
      continue;
    }
    const rec = probeRecord(r.stdout ?? '');
    if (r.status === 0 && rec) return { found: { python, torch: rec.torch, pythonVersion: rec.python }, failures };
    failures.push(`${python}: no PyTorch (${(r.stdout || r.stderr || `exit code ${r.status}`).trim().split('\n').pop()})`);
  }
  return { found: null, failures };
}

export interface PeerRunOptions {
  python: string;
  script: string;
  dataFile: string;
  outFile: string;
  threads: number;
  blasThreads: number;
}

/** Runs the reference to completion; its progress lines and any traceback go to this process's stderr. */
export function runPeer(o: PeerRunOptions): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.python, [o.script, '--data', o.dataFile, '--out', o.outFile, '--threads', String(o.threads)], {
      env: peerEnv(process.env, o.threads, o.blasThreads),
      stdio: ['ignore', 2, 2],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** The last JSON line of `stdout` whose event is `event`, or null. */
export function lastRecord(stdout: string, event: string): Record<string, unknown> | null {
  const lines = stdout.split('\n').map(l => l.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const r = JSON.parse(lines[i]) as Record<string, unknown>;
      if (r && r.event === event) return r;
    } catch {
      // not a record
    }
  }
  return null;
}

/**
 * Runs the reference with `args` (a speed job: --throughput or --sgemm) and returns its `event` record;
 * its error record's message, or the end of its standard error, when it has none.
 */
export function runPeerJob(python: string, script: string, args: readonly string[], threads: number, blasThreads: number, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, ...args, '--threads', String(threads)], { env: peerEnv(process.env, threads, blasThreads), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4000); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const r = lastRecord(stdout, event);
      if (code === 0 && r) return resolve(r);
      const error = lastRecord(stdout, 'error');
      const why = typeof error?.message === 'string' ? error.message : (stderr.trim().split('\n').pop() ?? '');
      reject(new Error(`the PyTorch reference failed (${signal ? `signal ${signal}` : `exit code ${code}`})${why ? `: ${why}` : ''}`));
    });
  });
}
