/** Development probe: matmul GFLOP/s for shapes. */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../shared/engine/index';
import { measureMatmulPeak } from './gflops';

async function main(): Promise<void> {
  await initBackend('wasm');
  for (const n of [256, 512, 1024]) console.log('square', n, measureMatmulPeak(n, 10).gflops.toFixed(1));
  const shapes: [number, number, number, boolean, boolean][] = [[256, 3712, 1024, false, false], [3712, 256, 1024, true, false], [1024, 3712, 256, false, false], [128, 256, 1024, false, false], [128, 1024, 256, false, false], [3712, 16, 1024, false, false]];
  for (const [m, k, n, ta, tb] of shapes) {
    const a = tf.randomNormal(ta ? [k, m] : [m, k]);
    const b = tf.randomNormal(tb ? [n, k] : [k, n]);
    let best = Infinity;
    for (let i = 0; i < 8; i++) { const t0 = performance.now(); const c = tf.matMul(a, b, ta, tb); c.dataSync(); best = Math.min(best, performance.now() - t0); c.dispose(); }
    console.log(m, k, n, ta, tb, best.toFixed(2), 'ms', (2 * m * k * n / best / 1e6).toFixed(1), 'GFLOP/s');
  }
}
void main();
