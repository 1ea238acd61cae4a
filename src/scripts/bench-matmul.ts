/**
 * Matmul / slice micro-benchmark of the tfjs backends, with and without this project's wasm kernels
 * (src/shared/engine/kernels). Prints GFLOP/s per case; numbers, not assertions.
 *
 *   npx tsc -p . --outDir out && node out/src/scripts/bench-matmul.js [--quick]
 */
import * as os from 'os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../shared/engine/backend';
import { registerWasmKernels, restoreOriginalWasmKernels } from '../shared/engine/kernels';

interface Case { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }

const M = 128, K = 256, N = 1024;
const CASES: Case[] = [
  { name: '[128,256]x[256,1024]', a: [M, K], b: [K, N], ta: false, tb: false },
  { name: 'transposeA', a: [K, M], b: [K, N], ta: true, tb: false },
  { name: 'transposeB', a: [M, K], b: [N, K], ta: false, tb: true },
  { name: 'transposeA+B', a: [K, M], b: [N, K], ta: true, tb: true },
  // Luong dot attention scores for the book config: [batch, T_out, H] x [batch, H, T_in]^T.
  { name: 'batched [128,10,256]x[128,29,256]^T', a: [128, 10, 256], b: [128, 29, 256], ta: false, tb: true },
  // Its backward products, and the context vectors (weights x encoder states).
  { name: 'batched [128,10,29]x[128,29,256]', a: [128, 10, 29], b: [128, 29, 256], ta: false, tb: false },
  { name: 'batched [128,10,29]^Tx[128,10,256]', a: [128, 10, 29], b: [128, 10, 256], ta: true, tb: false },
  // Whole-sequence input projection: [batch, T, E] x [E, 4H].
  { name: '3-D x 2-D [128,29,16]x[16,1024]', a: [128, 29, 16], b: [16, 1024], ta: false, tb: false },
];

function flops(c: Case): number {
  const m = c.ta ? c.a[c.a.length - 1] : c.a[c.a.length - 2];
  const k = c.ta ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
  const n = c.tb ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
  const batch = Math.max(c.a.length > 2 ? c.a[0] : 1, c.b.length > 2 ? c.b[0] : 1);
  return 2 * batch * m * k * n;
}

/**
 * Best (minimum) seconds per call. The machine is shared, so the minimum over several short rounds is a
 * steadier estimate of what the kernel can do than a median; variants are interleaved round by round.
 */
function bestTime(fn: () => void, reps: number): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

type Variant = 'tfjs' | 'ours';

/** GFLOP/s of each case, tfjs's wasm kernels vs ours, interleaved over `rounds`. */
function benchWasmCases(rounds: number, reps: number): Map<string, Record<Variant, number>> {
  const results = new Map<string, Record<Variant, number>>();
  for (const c of CASES) {
    const a = tf.randomNormal(c.a);
    const b = tf.randomNormal(c.b);
    const call = (): void => { const r = tf.matMul(a, b, c.ta, c.tb); r.dataSync(); r.dispose(); };
    const best: Record<Variant, number> = { tfjs: Infinity, ours: Infinity };
    for (let r = 0; r < rounds; r++) {
      for (const v of ['tfjs', 'ours'] as Variant[]) {
        if (v === 'tfjs') restoreOriginalWasmKernels(); else registerWasmKernels();
        call();
        best[v] = Math.min(best[v], bestTime(call, reps));
      }
    }
    results.set(c.name, { tfjs: flops(c) / best.tfjs / 1e9, ours: flops(c) / best.ours / 1e9 });
    tf.dispose([a, b]);
  }
  return results;
}

/** Milliseconds to unstack a [29, 128, 256] tensor into 29 slices (trap 3). */
function benchUnstack(reps: number): number {
  const x = tf.randomNormal([29, 128, 256]);
  const s = bestTime(() => { const parts = tf.unstack(x); parts[parts.length - 1].dataSync(); tf.dispose(parts); }, reps);
  x.dispose();
  return s * 1000;
}

function benchCpu(c: Case, reps: number): number {
  const a = tf.randomNormal(c.a);
  const b = tf.randomNormal(c.b);
  const s = bestTime(() => { const r = tf.matMul(a, b, c.ta, c.tb); r.dataSync(); r.dispose(); }, reps);
  tf.dispose([a, b]);
  return flops(c) / s / 1e9;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rounds = quick ? 2 : 5;
  const reps = quick ? 3 : 6;
  const rows: Record<string, Record<string, string>> = {};
  const put = (row: string, col: string, v: string): void => { (rows[row] ??= {})[col] = v; };

  if (await initBackend('wasm') !== 'wasm') throw new Error('wasm backend did not start');
  for (const [name, r] of benchWasmCases(rounds, reps)) {
    put(name, 'wasm (tfjs kernels)', r.tfjs.toFixed(2));
    put(name, 'wasm (our kernels)', r.ours.toFixed(2));
    put(name, 'speed-up', `${(r.ours / r.tfjs).toFixed(1)}x`);
  }
  restoreOriginalWasmKernels();
  put('unstack [29,128,256] (ms)', 'wasm (tfjs kernels)', benchUnstack(reps).toFixed(2));
  registerWasmKernels();
  put('unstack [29,128,256] (ms)', 'wasm (our kernels)', benchUnstack(reps).toFixed(2));

  await initBackend('cpu');
  for (const c of CASES.slice(0, quick ? 1 : 4)) put(c.name, 'cpu', benchCpu(c, 2).toFixed(2));
  put('unstack [29,128,256] (ms)', 'cpu', benchUnstack(2).toFixed(2));

  console.log(`GFLOP/s (best of ${rounds}x${reps} calls, variants interleaved), unstack in ms; tfjs 4.22, one thread; load average ${os.loadavg()[0].toFixed(1)}`);
  console.table(rows);
}

main().catch(e => { console.error(e); process.exit(1); });
