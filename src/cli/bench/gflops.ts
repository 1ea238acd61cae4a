/**
 * Floating-point work: the training FLOPs of one example counted from the model's matrix products, and
 * this machine's measured matmul peak (a plain tfjs matmul in this process, native module or XNNPACK), so a training
 * throughput can be stated as achieved GFLOP/s and as a share of that peak.
 */
import * as tf from '@tensorflow/tfjs';

/** numpy/OpenBLAS on this machine kind (docs/tfjs-performance.md), for reference: GFLOP/s per core. */
export const NUMPY_GFLOPS_PER_CORE = { low: 90, high: 108 } as const;

export interface MatmulPeak {
  /** Best GFLOP/s of `n x n` times `n x n` on the active backend, one thread. */
  gflops: number;
  n: number;
  runs: number;
}

/**
 * A plain square matmul on the active backend (on wasm: the native module when loaded, else XNNPACK), best of
 * `runs` timed products after a warm-up: the ceiling a tfjs model on this thread can reach.
 */
export function measureMatmulPeak(n = 512, runs = 20): MatmulPeak {
  return { gflops: (2 * n * n * n) / (bestProductMs(n, n, n, runs, true) / 1000) / 1e9, n, runs };
}

/**
 * Best GFLOP/s of `[m, k] x [k, n]` with `tf.matMul` on the active backend, `runs` timed products after 3
 * warm-up ones. The wasm and cpu backends compute a product before `matMul` returns, so the clock stops
 * there, without the copy `dataSync` would add (torch.mm into a preallocated output is timed the same way).
 */
export function measureMatmulShape(m: number, k: number, n: number, runs: number): number {
  return (2 * m * k * n) / (bestProductMs(m, k, n, runs, false) / 1000) / 1e9;
}

/** The fastest of `runs` products after 3 warm-up ones, in ms; `sync` includes reading the result back. */
function bestProductMs(m: number, k: number, n: number, runs: number, sync: boolean): number {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  let best = Infinity;
  try {
    for (let i = 0; i < runs + 3; i++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      if (sync) c.dataSync();
      const ms = performance.now() - t0;
      c.dispose();
      if (i >= 3) best = Math.min(best, ms);
    }
  } finally {
    tf.dispose([a, b]);
  }
  return best;
}
