/**
 * Quick time-to-accuracy run on the book's date split: trains the default model configuration
 * (embedding 32, hidden 64, LSTM, reversed source; Adam lr 3e-3, batch 64, clip 5) on
 * date-train.txt, validating on date-test.txt after every epoch (exact match under greedy decoding of all
 * 5,000 test questions), and stops at the target accuracy. Prints per-epoch figures and the wall time.
 *
 *   node out/src/scripts/quick-date-run.js [--mechanisms luong-dot,bahdanau] [--epochs 4] [--target 0.99]
 *       [--backend wasm|cpu] [--data /work/shared/data] [--limit N]
 */
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../shared/engine/backend';
import { DEFAULT_MODEL, makeModelConfig, makeTrainConfig } from '../shared/engine/config';
import { trainModel } from '../shared/engine/train';
import type { BackendName, Mechanism } from '../shared/engine/types';
import type { Pair } from '../shared/data/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** The book's fixed-width lines: question padded to 29 characters, '_', answer. */
function readFixedWidth(file: string): Pair[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).flatMap((line, i) => {
    const cut = line.indexOf('_');
    if (cut < 0) return [];
    return [{ source: line.slice(0, cut).replace(/\s+$/, ''), target: line.slice(cut + 1), line: i + 1 }];
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = arg('data', '/work/shared/data');
  const mechanisms = arg('mechanisms', 'luong-dot,bahdanau').split(',') as Mechanism[];
  const epochs = Number(arg('epochs', '4'));
  const target = Number(arg('target', '0.99'));
  const limit = Number(arg('limit', '0'));
  const backend = await initBackend(arg('backend', 'wasm') as BackendName);
  let train = readFixedWidth(path.join(dataDir, 'date-train.txt'));
  if (limit > 0) train = train.slice(0, limit);
  const test = readFixedWidth(path.join(dataDir, 'date-test.txt'));
  console.log(`backend ${backend}; ${train.length} training pairs, ${test.length} test pairs; setup ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const mechanism of mechanisms) {
    const runStart = performance.now();
    const cpuStart = process.cpuUsage();
    const state: { reached: number | null } = { reached: null };
    console.log(`\n${mechanism}: epoch | train loss | test exact match | token acc | examples/s | epoch s | wall s | process CPU s`);
    const { model, summary } = await trainModel({
      config: makeModelConfig('date', mechanism, { ...DEFAULT_MODEL }),
      train: makeTrainConfig({ epochs, batchSize: 64, learningRate: 3e-3, clipNorm: 5, earlyStoppingPatience: 0 }),
      pairs: train,
      validation: test,
      datasetName: 'date-train.txt',
      hooks: {
        onEpoch(m) {
          const wall = (performance.now() - runStart) / 1000;
          console.log(`  ${m.epoch} | ${m.trainLoss.toFixed(4)} | ${(m.exactMatch * 100).toFixed(2)} % | ${(m.tokenAccuracy * 100).toFixed(2)} % | ${m.examplesPerSecond.toFixed(0)} | ${m.seconds.toFixed(1)} | ${wall.toFixed(1)} | ${(((c => c.user + c.system)(process.cpuUsage(cpuStart))) / 1e6).toFixed(1)}`);
          if (state.reached === null && m.exactMatch >= target) state.reached = wall;
        },
        isCancelled: () => state.reached !== null,
      },
    });
    const best = Math.max(...summary.epochs.map(e => e.exactMatch));
    console.log(state.reached !== null
      ? `${mechanism}: ${(target * 100).toFixed(0)} % exact match reached after ${state.reached.toFixed(1)} s wall (training + per-epoch evaluation)`
      : `${mechanism}: best ${(best * 100).toFixed(2)} % after ${summary.epochs.length} epochs (${summary.seconds.toFixed(1)} s)`);
    model.dispose();
  }
}

main().catch(err => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
