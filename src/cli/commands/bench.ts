/**
 * `seq2seq-attention bench`: the speed benchmark (src/cli/bench/suite.ts): training throughput
 * of the book's and the default configuration with one and two workers, GFLOP/s against this machine's
 * measured matmul peak, decode latency, extension activation, training memory and (with --time-to-99 or
 * --full) the wall time for the default date model to reach 99 % exact match on the full test set.
 * Numbers for this machine; nothing here is asserted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDatePairs, readDataset, type Pair } from '../../shared/data/index';
import type { BenchOptions } from '../args';
import { runBenchChild, runSpeedSuite, formatSuite } from '../bench/suite';
import { findDataFile, shippedDir } from '../files';
import { note, out, printJson } from '../output';
import { startBackend } from '../engineSetup';

export function loadDates(explicit: string | undefined, name: string, generatedCount: number, seed: number): { pairs: Pair[]; source: string } {
  const file = explicit ?? findDataFile(name);
  if (file === null) return { pairs: generateDatePairs(generatedCount, seed), source: `generated (${generatedCount} dates, seed ${seed})` };
  const r = readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) });
  return { pairs: r.pairs, source: file };
}

export async function runBench(o: BenchOptions): Promise<number> {
  const backend = await startBackend(o);
  const trainData = loadDates(o.data, 'date-train.txt', 45000, o.seed);
  // A child process of the suite measuring training memory in a fresh process: measure, print, done.
  if (await runBenchChild(trainData.pairs)) return 0;
  const testData = loadDates(o.test, 'date-test.txt', 5000, o.seed + 1);
  note(`bench on ${backend}: training data ${trainData.source}, test data ${testData.source}`);
  const size = o.size ?? 'normal';
  const r = await runSpeedSuite({
    size, train: trainData.pairs, test: testData.pairs, mechanism: o.mechanism, seed: o.seed,
    timeTo99: o.timeTo99 || size === 'full', maxEpochs: o.maxEpochs, decodeRuns: o.decodeRuns, memoryPairs: o.pairs,
    shippedDir: shippedDir({}), distDir: __dirname.endsWith(`${path.sep}dist`) ? __dirname : path.resolve(__dirname, '..', '..', '..', '..', 'dist'),
    note,
  }, backend);
  if (o.json) {
    printJson({ ...r, data: { train: trainData.source, test: testData.source } });
    return 0;
  }
  out(`training data ${trainData.source}; test data ${testData.source}`);
  out(formatSuite(r));
  return 0;
}
