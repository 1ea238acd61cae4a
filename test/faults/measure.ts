/**
 * Runs every fault-injection case (cases.ts, plus the worker fuzz and the bit flips) in a fresh Node
 * process and prints a table: case, verdict, peak resident memory of that process, time. The process's
 * peak includes Node and tfjs themselves (the `baseline` row: a process that only loads the same modules).
 *
 *   npm run --silent build && npx tsc -p . --outDir out && node out/test/faults/measure.js
 *
 * Limits checked and reported (not asserted by a test: timings depend on the machine): every case under
 * `--max-mb` (500) and `--max-seconds` (5). Exit code 1 when a case is accepted or over a limit.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { parseModelFile } from '../../src/shared/engine/modelFile';
import { mulberry32 } from '../../src/shared/engine/random';
import { isWorkerToHost } from '../../src/shared/protocol/worker';
import { projectRoot } from '../harness/paths';
import { ALL_CASES, baseParts, encodeParts, type Outcome } from './cases';
import { fuzzMessage } from './fuzz';

interface Row {
  id: string;
  group: string;
  refused: boolean;
  clear: boolean;
  message: string;
  ms: number;
  peakMb: number;
}

const EXTRA: Record<string, { group: string; expect: RegExp; run(): Promise<Outcome> }> = {
  'bit-flips-500': {
    group: 'model file', expect: /^500 of 500 refused$/,
    run: async () => {
      const bytes = encodeParts(baseParts());
      const rng = mulberry32(20261204);
      let refused = 0;
      for (let n = 0; n < 500; n++) {
        const flipped = bytes.slice();
        flipped[Math.floor(rng() * bytes.length)] ^= 1 << Math.floor(rng() * 8);
        try { parseModelFile(flipped, 'flip.s2s'); } catch { refused++; }
      }
      return { refused: refused === 500, message: `${refused} of 500 refused` };
    },
  },
  'worker-fuzz-500': {
    group: 'worker message', expect: /^alive, \d+ of \d+ calls answered, none internal$/,
    run: async () => {
      const worker = new Worker(path.join(projectRoot(), 'out', 'src', 'worker', 'main.js'), { stderr: true });
      worker.stderr.resume();
      const answers = new Map<number, { ok: boolean; code?: string }>();
      let exited = false;
      worker.on('exit', () => { exited = true; });
      worker.on('message', (m: unknown) => {
        if (isWorkerToHost(m) && m.type === 'result') answers.set(m.id, { ok: m.ok, ...(m.ok ? {} : { code: m.error.code }) });
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-measure-'));
      worker.postMessage({ type: 'call', id: 1, method: 'init', args: { modelDirs: [dir], saveDir: dir, wasmDir: dir, backend: 'cpu' } });
      const rng = mulberry32(4242);
      const calls: number[] = [];
      for (let n = 0; n < 500; n++) {
        const { message, callId } = fuzzMessage(rng, n);
        try {
          worker.postMessage(message);
          if (callId !== undefined) calls.push(callId);
        } catch { /* not cloneable */ }
      }
      worker.postMessage({ type: 'call', id: 2, method: 'listModels', args: {} });
      const deadline = Date.now() + 30_000;
      while (!answers.has(2) && !exited && Date.now() < deadline) await new Promise(r => setTimeout(r, 10));
      await worker.terminate();
      fs.rmSync(dir, { recursive: true, force: true });
      const answered = calls.filter(id => answers.has(id)).length;
      const internal = calls.filter(id => answers.get(id)?.code === 'internal').length;
      const alive = !exited || answers.has(2);
      return { refused: alive && answered === calls.length && internal === 0,
        message: `${alive ? 'alive' : 'dead'}, ${answered} of ${calls.length} calls answered, ${internal === 0 ? 'none' : internal} internal` };
    },
  },
};

async function runOne(id: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-measure-'));
  const started = process.hrtime.bigint();
  let outcome: Outcome = { refused: false, message: 'baseline' };
  let expect = /^baseline$/;
  try {
    const c = ALL_CASES.find(x => x.id === id);
    if (c) {
      expect = c.expect;
      outcome = await c.run(dir);
    } else if (EXTRA[id]) {
      expect = EXTRA[id].expect;
      outcome = await EXTRA[id].run();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ...outcome, clear: expect.test(outcome.message), ms, peakMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function main(): number {
  const maxMb = option('--max-mb', 500);
  const maxMs = option('--max-seconds', 5) * 1000;
  const ids = ['baseline', ...ALL_CASES.map(c => c.id), ...Object.keys(EXTRA)];
  const groups = new Map<string, string>([['baseline', '-'], ...ALL_CASES.map(c => [c.id, c.group] as [string, string]), ...Object.entries(EXTRA).map(([k, v]) => [k, v.group] as [string, string])]);
  const rows: Row[] = [];
  for (const id of ids) {
    const child = spawnSync(process.execPath, [__filename, '--case', id], { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    let parsed: Omit<Row, 'id' | 'group'>;
    try {
      parsed = JSON.parse(line) as Omit<Row, 'id' | 'group'>;
    } catch {
      parsed = { refused: false, clear: false, message: `no answer (${child.error?.message ?? child.stderr.trim().split('\n').pop() ?? ''})`, ms: NaN, peakMb: NaN };
    }
    rows.push({ id, group: groups.get(id) ?? '', ...parsed });
  }
  const base = rows[0];
  const cases = rows.slice(1);
  const pad = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  process.stdout.write(`${pad('case', 32)} ${pad('group', 15)} ${pad('verdict', 18)} ${'peak MB'.padStart(8)} ${'time ms'.padStart(8)}  message\n`);
  for (const r of rows) {
    const verdict = r.id === 'baseline' ? '-' : r.refused ? (r.clear ? 'refused, clear' : 'refused, unclear') : 'ACCEPTED';
    process.stdout.write(`${pad(r.id, 32)} ${pad(r.group, 15)} ${pad(verdict, 18)} ${r.peakMb.toFixed(0).padStart(8)} ${r.ms.toFixed(0).padStart(8)}  ${r.message.replace(/\s+/g, ' ').slice(0, 110)}\n`);
  }
  const refused = cases.filter(r => r.refused);
  const clear = refused.filter(r => r.clear);
  const within = cases.filter(r => r.peakMb < maxMb && r.ms < maxMs);
  const peak = Math.max(...cases.map(r => r.peakMb));
  const slowest = Math.max(...cases.map(r => r.ms));
  process.stdout.write(`\ncases tried: ${cases.length}; refused: ${refused.length}; refused with the expected message: ${clear.length}; ` +
    `under ${maxMb} MB and ${maxMs / 1000} s: ${within.length} (largest peak ${peak.toFixed(0)} MB, baseline process ${base.peakMb.toFixed(0)} MB; slowest ${slowest.toFixed(0)} ms)\n`);
  return clear.length === cases.length && within.length === cases.length ? 0 : 1;
}

const at = process.argv.indexOf('--case');
if (at >= 0) {
  // The baseline loads the same modules (imported above) and does nothing else.
  runOne(process.argv[at + 1]).catch((e: unknown) => {
    process.stdout.write(JSON.stringify({ refused: false, clear: false, message: `crashed: ${String(e)}`, ms: NaN, peakMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
  });
} else {
  process.exitCode = main();
}
