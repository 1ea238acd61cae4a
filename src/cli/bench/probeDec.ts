/** Development probe: decode profile of a shipped model. */
import * as tf from '@tensorflow/tfjs';
import { initBackend, loadModelFile } from '../../shared/engine/index';

async function main(): Promise<void> {
  const [mech = 'bahdanau', len = '30'] = process.argv.slice(2);
  await initBackend('wasm');
  const { model } = await loadModelFile(`media/models/date-${mech}.s2s`);
  console.log(JSON.stringify(model.config));
  const text = 'september 27, 1994 tuesday, march 5 2003'.slice(0, Number(len));
  for (let i = 0; i < 20; i++) model.translate(text, { modelId: 'x', beamWidth: 1, topK: 3 });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); model.translate(text, { modelId: 'x', beamWidth: 1, topK: 3 }); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log('median', times[15].toFixed(2), 'min', times[0].toFixed(2));
  const info = await tf.profile(() => { model.translate(text, { modelId: 'x', beamWidth: 1, topK: 3 }); });
  const t = new Map<string, [number, number]>();
  for (const k of info.kernels) { const e = t.get(k.name) ?? [0, 0]; e[0] += Number(k.kernelTimeMs) || 0; e[1]++; t.set(k.name, e); }
  console.log('kernels', info.kernels.length, JSON.stringify([...t].sort((a, b) => b[1][0] - a[1][0]).slice(0, 14).map(([n, [ms, c]]) => [n, +ms.toFixed(2), c])));
}
void main();
