/**
 * Training-step throughput with one thread vs data-parallel over helper threads (src/shared/engine/parallel),
 * on the book's configuration (embedding 16, LSTM 256, Luong dot, batch 128, reversed input) or the
 * default small one, with real date pairs. Prints examples per second; numbers, not assertions.
 *
 *   npx tsc -p . --outDir out && node out/src/scripts/bench-parallel.js [--config book|default] [--steps 8] [--helpers 1]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../shared/engine/backend';
import { BOOK_MODEL, DEFAULT_MODEL, makeModelConfig } from '../shared/engine/config';
import { Seq2SeqModel } from '../shared/engine/model';
import { FlatAdam } from '../shared/engine/optimizer';
import { DataParallelGradients } from '../shared/engine/parallel/dataParallel';
import { Vocab } from '../shared/text/vocab';
import { findDataFile } from '../cli/files';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const which = arg('config', 'book');
  const steps = Number(arg('steps', '8'));
  const helpers = Number(arg('helpers', '1'));
  const batchSize = Number(arg('batch', which === 'book' ? '128' : '64'));
  const dataFile = findDataFile('date-train.txt');
  if (!dataFile) throw new Error('date-train.txt not found (looked in ., ./data and $SEQ2SEQ_DATA_DIR)');
  const lines = fs.readFileSync(dataFile, 'utf8').split('\n').filter(l => l.includes('_'));
  const pairs = lines.slice(0, batchSize * (steps + 1)).map(l => {
    const i = l.indexOf('_');
    return { source: l.slice(0, i).split(''), target: l.slice(i + 1).split('') };
  });
  const sv = Vocab.build(pairs.map(p => p.source), { maxSize: 1000, minFrequency: 1 }).vocab;
  const tv = Vocab.build(pairs.map(p => p.target), { maxSize: 1000, minFrequency: 1 }).vocab;
  const sources = pairs.map(p => sv.encode(p.source).reverse());
  const targets = pairs.map(p => tv.encode(p.target));
  const batches = Array.from({ length: steps + 1 }, (_, b) => ({
    sources: sources.slice(b * batchSize, (b + 1) * batchSize), targets: targets.slice(b * batchSize, (b + 1) * batchSize),
  }));

  const backend = await initBackend('wasm');
  const config = makeModelConfig('date', 'luong-dot', which === 'book' ? BOOK_MODEL : DEFAULT_MODEL);
  console.log(`config ${which}: embedding ${config.embeddingSize}, hidden ${config.hiddenSize}, ${config.mechanism}, batch ${batchSize}, ${steps} timed steps, backend ${backend}, load average ${os.loadavg()[0].toFixed(1)}`);

  // One thread.
  const model = Seq2SeqModel.create(config, sv, tv, 1);
  const opt = new FlatAdam(model.variables(), 1e-3);
  const vars = model.variables();
  const oneStep = (b: { sources: number[][]; targets: number[][] }): void => {
    const { value, grads } = tf.variableGrads(() => model.loss(b.sources, b.targets), vars);
    tf.tidy(() => opt.apply(grads, 5));
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const cpuSeconds = (since: NodeJS.CpuUsage): number => { const d = process.cpuUsage(since); return (d.user + d.system) / 1e6; };
  oneStep(batches[0]);
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  for (let s = 1; s <= steps; s++) oneStep(batches[s]);
  const single = (steps * batchSize) / ((performance.now() - t0) / 1000);
  const singleCpu = (steps * batchSize) / cpuSeconds(c0);
  console.log(`1 thread : ${single.toFixed(1)} examples/s wall, ${singleCpu.toFixed(1)} examples per CPU-second; resident memory ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);

  // Leader + helpers.
  const dp = await DataParallelGradients.start(model, { helpers });
  const sums = { publish: 0, own: 0, helper: 0, wait: 0, combine: 0, apply: 0 };
  const parStep = async (b: { sources: number[][]; targets: number[][] }): Promise<void> => {
    const { grads } = await dp.computeGradients(b.sources, b.targets);
    const ta = performance.now();
    opt.applyFlat(grads, 5);
    grads.dispose();
    const t = dp.lastTimings!;
    sums.publish += t.publish; sums.own += t.own; sums.helper += Math.max(...t.helpers); sums.wait += t.wait; sums.combine += t.combine;
    sums.apply += performance.now() - ta;
  };
  await parStep(batches[0]);
  for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] = 0;
  t0 = performance.now();
  c0 = process.cpuUsage();
  for (let s = 1; s <= steps; s++) await parStep(batches[s]);
  const parallel = (steps * batchSize) / ((performance.now() - t0) / 1000);
  const parallelCpu = (steps * batchSize) / cpuSeconds(c0);
  console.log(`${dp.threads} threads: ${parallel.toFixed(1)} examples/s wall (${(parallel / single).toFixed(2)}x), ${parallelCpu.toFixed(1)} examples per CPU-second (all threads), helpers on ${dp.helperBackend}`);
  const per = (v: number): string => (v / steps).toFixed(1);
  console.log(`per step (ms): publish weights ${per(sums.publish)}, leader's share ${per(sums.own)}, helper's share ${per(sums.helper)}, waiting for helper ${per(sums.wait)}, combine ${per(sums.combine)}, clip+Adam ${per(sums.apply)}`);
  console.log(`resident memory (leader + helpers, one process): ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB; load average after: ${os.loadavg()[0].toFixed(1)}`);
  await dp.dispose();
  opt.dispose();
  model.dispose();
}

main().catch(e => { console.error(e); process.exit(1); });
