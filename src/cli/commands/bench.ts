/**
 * `seq2seq-attention bench`: training throughput for the book's configuration and the default one,
 * decoding latency, and (with --time-to-99) the wall time for the default date model to reach 99 % exact
 * match on the test set. Numbers for this machine; nothing here is asserted.
 */
import * as fs from 'node:fs';
import { generateDatePairs, readDataset, type Pair } from '../../shared/data/index';
import {
  BOOK_MODEL, BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN, makeModelConfig, makeTrainConfig, trainModel,
  type ModelConfig, type Seq2SeqModel, type TrainConfig,
} from '../../shared/engine/index';
import type { BenchOptions } from '../args';
import { findSharedDataFile } from '../files';
import { formatSeconds, percent, table } from '../format';
import { note, out, printJson } from '../output';
import { startBackend } from '../engineSetup';

function loadDates(explicit: string | undefined, name: string, generatedCount: number, seed: number): { pairs: Pair[]; source: string } {
  const file = explicit ?? findSharedDataFile(name);
  if (file === null) return { pairs: generateDatePairs(generatedCount, seed), source: `generated (${generatedCount} dates, seed ${seed})` };
  const r = readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) });
  return { pairs: r.pairs, source: file };
}

export interface Throughput {
  examplesPerSecond: number;
  batchSize: number;
  embeddingSize: number;
  hiddenSize: number;
  mechanism: string;
  pairs: number;
}

/** Two epochs on `pairs` (the first warms up kernels and memory); the second epoch's training speed counts. */
async function measureTraining(config: ModelConfig, train: TrainConfig, pairs: Pair[], validation: Pair[]): Promise<{ result: Throughput; model: Seq2SeqModel }> {
  const { model, summary } = await trainModel({
    config, train: { ...train, epochs: 2, earlyStoppingPatience: 0 }, pairs, validation, datasetName: 'bench',
  });
  const last = summary.epochs[summary.epochs.length - 1];
  return {
    model,
    result: {
      examplesPerSecond: last.examplesPerSecond, batchSize: train.batchSize, embeddingSize: config.embeddingSize,
      hiddenSize: config.hiddenSize, mechanism: config.mechanism, pairs: pairs.length,
    },
  };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Greedy decoding latency for inputs of `length` characters cut from real questions. */
function measureDecode(model: Seq2SeqModel, pairs: Pair[], length: number, runs: number): { medianMs: number; p95Ms: number; outputTokens: number } {
  let text = '';
  for (let i = 0; text.length < length; i++) text += (text ? ' ' : '') + pairs[i % pairs.length].source;
  text = text.slice(0, length);
  const times: number[] = [];
  let outputTokens = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const r = model.translate(text, { modelId: 'bench', beamWidth: 1, topK: 3 });
    const ms = performance.now() - t0;
    if (i >= 3) {
      times.push(ms);
      outputTokens = r.hypotheses[0].output.length;
    }
  }
  times.sort((a, b) => a - b);
  return { medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), outputTokens };
}

async function timeTo99(o: BenchOptions, train: Pair[], test: Pair[]): Promise<{ seconds: number | null; epochs: number; exactMatch: number[] }> {
  const started = performance.now();
  let reachedAt: number | null = null;
  const exact: number[] = [];
  const { model } = await trainModel({
    config: makeModelConfig('date', o.mechanism, { ...DEFAULT_MODEL }),
    train: makeTrainConfig({ ...DEFAULT_TRAIN, epochs: o.maxEpochs, earlyStoppingPatience: 0, seed: o.seed }),
    pairs: train, validation: test, datasetName: 'date-train',
    hooks: {
      onEpoch(m) {
        exact.push(m.exactMatch);
        note(`time-to-99: epoch ${m.epoch}: exact match ${percent(m.exactMatch, 2)} on ${test.length} test pairs, ${formatSeconds((performance.now() - started) / 1000)} so far`);
        if (m.exactMatch >= 0.99 && reachedAt === null) reachedAt = performance.now();
      },
      isCancelled: () => reachedAt !== null,
    },
  });
  model.dispose();
  return { seconds: reachedAt === null ? null : (reachedAt - started) / 1000, epochs: exact.length, exactMatch: exact };
}

export async function runBench(o: BenchOptions): Promise<number> {
  const backend = await startBackend(o);
  const trainData = loadDates(o.data, 'date-train.txt', 45000, o.seed);
  const testData = loadDates(o.test, 'date-test.txt', 5000, o.seed + 1);
  note(`bench on ${backend}: training data ${trainData.source}`);
  const subset = trainData.pairs.slice(0, o.pairs);
  const validation = testData.pairs.slice(0, 128);

  note(`book configuration (embedding 16, LSTM 256, luong-dot, batch 128): 2 epochs of ${subset.length} pairs...`);
  const book = await measureTraining(makeModelConfig('date', 'luong-dot', { ...BOOK_MODEL }), makeTrainConfig({ ...BOOK_TRAIN, seed: o.seed }), subset, validation);
  book.model.dispose();
  note(`default configuration (embedding ${DEFAULT_MODEL.embeddingSize}, ${DEFAULT_MODEL.cell.toUpperCase()} ${DEFAULT_MODEL.hiddenSize}, ${o.mechanism}, batch ${DEFAULT_TRAIN.batchSize})...`);
  // maxSourceLength 128 so the same model can time 100-character inputs; lengths do not change training cost.
  const def = await measureTraining(makeModelConfig('date', o.mechanism, { ...DEFAULT_MODEL, maxSourceLength: 128 }),
    makeTrainConfig({ ...DEFAULT_TRAIN, seed: o.seed }), subset, validation);
  const decode: Record<string, { medianMs: number; p95Ms: number; outputTokens: number }> = {};
  try {
    for (const length of [10, 30, 100]) decode[String(length)] = measureDecode(def.model, trainData.pairs, length, o.decodeRuns);
  } finally {
    def.model.dispose();
  }
  let t99: Awaited<ReturnType<typeof timeTo99>> | null = null;
  if (o.timeTo99) {
    note(`time to 99 %: default configuration, ${o.mechanism}, up to ${o.maxEpochs} epochs on ${trainData.pairs.length} pairs, test ${testData.source}`);
    t99 = await timeTo99(o, trainData.pairs, testData.pairs);
  }

  const result = {
    backend,
    data: { train: trainData.source, test: testData.source, pairsPerMeasurement: subset.length },
    book: book.result,
    default: def.result,
    decode,
    timeTo99Seconds: t99?.seconds ?? null,
    ...(t99 ? { timeTo99: { mechanism: o.mechanism, epochs: t99.epochs, exactMatchPerEpoch: t99.exactMatch } } : {}),
  };
  if (o.json) {
    printJson(result);
    return 0;
  }
  out(`backend ${backend}; training data ${trainData.source}`);
  out(table(['configuration', 'embedding', 'hidden', 'mechanism', 'batch', 'examples/s'], [
    ['book', String(book.result.embeddingSize), String(book.result.hiddenSize), book.result.mechanism, String(book.result.batchSize), book.result.examplesPerSecond.toFixed(0)],
    ['default', String(def.result.embeddingSize), String(def.result.hiddenSize), def.result.mechanism, String(def.result.batchSize), def.result.examplesPerSecond.toFixed(0)],
  ]));
  out('');
  out(table(['input chars', 'median', 'p95', 'output tokens'], Object.entries(decode).map(([k, d]) => [
    k, `${d.medianMs.toFixed(1)} ms`, `${d.p95Ms.toFixed(1)} ms`, String(d.outputTokens),
  ])));
  if (t99) {
    out('');
    out(t99.seconds === null
      ? `time to 99 %: not reached in ${t99.epochs} epochs (best ${percent(Math.max(...t99.exactMatch), 2)})`
      : `time to 99 %: ${formatSeconds(t99.seconds)} (${t99.epochs} epochs, ${o.mechanism})`);
  }
  return 0;
}
