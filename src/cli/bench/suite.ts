/**
 * The speed benchmark, run by `seq2seq-attention bench`: training throughput of the book's and
 * the default configuration with one and two workers, achieved GFLOP/s against this machine's measured
 * matmul peak, decode latency, extension activation, training memory and (optionally) the wall time to
 * 99 % exact match on date-test. Three sizes: quick (a smoke run, ~30 s), normal, full (longer windows,
 * 10-epoch memory, time to 99 %). Every figure says what it measured; nothing here is asserted.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Pair } from '../../shared/data/types';
import {
  BOOK_MODEL, BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN, Seq2SeqModel, loadModelFile, makeModelConfig, makeTrainConfig,
  type BackendName, type Mechanism, type ModelConfig, type TrainConfig,
} from '../../shared/engine/index';
import { trainingFlopsPerExample } from '../../shared/engine/flops';
import { nativeStatus } from '../../shared/engine/kernels/nativeModule';
import { percent, table } from '../format';
import { measureActivation, type ActivationResult } from './activation';
import { barrierCost } from './barrier';
import { measureMatmulPeak, NUMPY_GFLOPS_PER_CORE, type MatmulPeak } from './gflops';
import { measureDecodeLatency, quantile, type LatencyResult } from './latency';
import { measureTrainingMemory, type MemoryResult } from './memory';
import { addRoundTotals, measureThroughput, type RoundTotals, type ThroughputResult } from './throughput';
import { measureTimeTo99, type TimeTo99Result } from './timeTo99';

export type BenchSize = 'quick' | 'normal' | 'full';

export interface SuiteOptions {
  size: BenchSize;
  train: Pair[];
  test: Pair[];
  /** Mechanism of the default configuration and of time-to-99. */
  mechanism: Mechanism;
  seed: number;
  timeTo99: boolean;
  maxEpochs: number;
  /** Decodes per input length (at least the size's default). */
  decodeRuns: number;
  /** Pairs per epoch of the memory proxy (normal and full sizes; quick uses 640). */
  memoryPairs?: number;
  /** Folder of the shipped models (decode latency uses their weights), and of dist/ (activation). */
  shippedDir: string;
  distDir: string;
  note: (text: string) => void;
}

/**
 * A throughput measurement: `rounds` times one worker and two workers (exact, then delayed) on the same
 * batches, the order reversed every other round, each timing `batches` batches after `warmup` (other
 * load on a shared machine drifts over minutes; interleaving spreads it over all figures instead of
 * favouring whichever ran first).
 */
interface ThroughputPlan {
  warmup: number;
  batches: number;
  rounds: number;
}

interface SizePlan {
  book: ThroughputPlan;
  small: ThroughputPlan;
  /**
   * Rounds of the two-core ceiling (one single-worker process alone, then two at once, with the book
   * plan's window; 0: not measured). One round is one sample of a noisy machine: full takes the median of 3
   * (an odd count: the middle round).
   */
  ceilingRounds: number;
  /** Memory is measured for every variant. */
  memory: { pairs: number; epochs: number };
  decodeRuns: number;
  activationRuns: number;
}

/** How training runs: one worker, or two sharing every batch (exact) or training whole batches each (delayed). */
export interface Variant {
  workers: 1 | 2;
  parallelMode?: 'exact' | 'delayed';
}

const VARIANTS: Variant[] = [{ workers: 1 }, { workers: 2, parallelMode: 'exact' }, { workers: 2, parallelMode: 'delayed' }];

const variantLabel = (v: Variant): string => (v.workers === 1 ? '1 worker' : `2 workers ${v.parallelMode ?? 'exact'}`);

const PLANS: Record<BenchSize, SizePlan> = {
  quick: { book: { warmup: 2, batches: 6, rounds: 1 }, small: { warmup: 5, batches: 30, rounds: 1 }, ceilingRounds: 0, memory: { pairs: 640, epochs: 2 }, decodeRuns: 30, activationRuns: 3 },
  normal: { book: { warmup: 3, batches: 12, rounds: 2 }, small: { warmup: 10, batches: 60, rounds: 2 }, ceilingRounds: 1, memory: { pairs: 1280, epochs: 3 }, decodeRuns: 60, activationRuns: 5 },
  full: { book: { warmup: 3, batches: 30, rounds: 4 }, small: { warmup: 10, batches: 200, rounds: 2 }, ceilingRounds: 3, memory: { pairs: 2560, epochs: 10 }, decodeRuns: 200, activationRuns: 9 },
};

export interface ConfigThroughput {
  /** The best of one worker and two (exact or delayed); which one: `bestWorkers`, `bestMode`. */
  examplesPerSecond: number;
  bestWorkers: 1 | 2;
  bestMode?: 'exact' | 'delayed';
  batchSize: number;
  embeddingSize: number;
  hiddenSize: number;
  mechanism: Mechanism;
  pairs: number;
  /** All rounds pooled: examples and seconds summed. `twoWorkers` is the exact mode (the same updates as one worker). */
  oneWorker: ThroughputResult;
  twoWorkers: ThroughputResult;
  /** Two workers in delayed mode: whole batches per thread, the helper's gradient one update late. */
  twoWorkersDelayed: ThroughputResult;
  /** Pooled two-worker (exact) over pooled one-worker examples per second. */
  speedup: number;
  /** The same ratio within each round (measured back to back). */
  speedupPerRound: number[];
  /** The same for the delayed mode. */
  speedupDelayed: number;
  speedupDelayedPerRound: number[];
  /** Counted matrix-product FLOPs per training example at this data's mean lengths (a lower bound). */
  trainingFlopsPerExample: number;
  gflopsOneWorker: number;
  gflopsTwoWorkers: number;
  gflopsTwoWorkersDelayed: number;
  /** Achieved GFLOP/s over the measured plain-matmul peak of as many threads. */
  shareOfPeakOneWorker: number;
  shareOfPeakTwoWorkers: number;
  shareOfPeakTwoWorkersDelayed: number;
}

export interface CeilingRound {
  /** Book configuration, one worker, one process alone. */
  soloExamplesPerSecond: number;
  /** The same in two processes at once, each. */
  concurrentExamplesPerSecond: number[];
  /** Twice the mean concurrent rate over the solo rate. */
  ceiling: number;
  /** The pair's `barrierCost`: what meeting after every batch would have added to their time. */
  barrierCost: number;
  /** `ceiling` over `barrierCost`: the most a scheme whose threads meet after every batch could reach. */
  synchronousCeiling: number;
}

export interface TwoCoreCeiling {
  rounds: CeilingRound[];
  /** The rounds' median: the most a two-thread scheme could gain over one thread on this machine. */
  ceiling: number;
  /** The rounds' median of `synchronousCeiling`. */
  synchronousCeiling: number;
}

export interface SuiteResult {
  size: BenchSize;
  command: string;
  machine: { cpus: number; cpuModel: string; loadAverageStart: number[]; loadAverageEnd: number[]; node: string };
  backend: BackendName;
  /** Where matrix products run: the native AVX2/FMA module, or wasm only (and why). */
  matmul: string;
  book: ConfigThroughput;
  /** Absent in quick runs. */
  twoCoreCeiling?: TwoCoreCeiling;
  default: ConfigThroughput;
  matmulPeak: MatmulPeak & { gflopsTwoThreadsEstimate: number; note: string; numpyGflopsPerCore: { low: number; high: number } };
  decode: Record<string, Record<string, LatencyResult>>;
  activation: ActivationResult | { error: string };
  memory: { config: string; note: string; runs: MemoryResult[] };
  timeTo99Seconds: number | null;
  /** Time to 99 % with two workers in delayed mode (the extension's default way of training). */
  timeTo99?: TimeTo99Result;
  timeTo99TwoWorkersDelayed?: TimeTo99Result;
  seconds: number;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const load = (): number[] => os.loadavg().map(x => round(x, 2));

function meanLengths(pairs: readonly Pair[]): { source: number; target: number; targetVocab: number } {
  let s = 0;
  let t = 0;
  const chars = new Set<string>();
  for (const p of pairs) {
    s += [...p.source].length;
    t += [...p.target].length;
    for (const ch of p.target) chars.add(ch);
  }
  return { source: s / Math.max(1, pairs.length), target: t / Math.max(1, pairs.length), targetVocab: chars.size + 4 };
}

/** Sums rounds of one worker count: examples over seconds, CPU per wall second weighted by time. */
export function pooled(runs: ThroughputResult[]): ThroughputResult {
  const examples = runs.reduce((a, r) => a + r.examples, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const cpu = runs.reduce((a, r) => a + r.cpuPerWall * r.seconds, 0);
  const rounds = runs.reduce<RoundTotals | undefined>((a, r) => addRoundTotals(a, r.rounds), undefined);
  return {
    workers: runs[0].workers, ...(runs[0].parallelMode ? { parallelMode: runs[0].parallelMode } : {}), examples, seconds, batchSize: runs[0].batchSize,
    examplesPerSecond: seconds > 0 ? examples / seconds : 0, cpuPerWall: seconds > 0 ? cpu / seconds : 0, ...(rounds ? { rounds } : {}),
  };
}

async function throughputAll(label: string, config: ModelConfig, train: TrainConfig, pairs: Pair[], plan: ThroughputPlan,
  peak: number, note: (t: string) => void): Promise<ConfigThroughput> {
  const need = (plan.warmup + plan.batches + 1) * train.batchSize;
  const data = pairs.slice(0, need);
  const results: ThroughputResult[][] = VARIANTS.map(() => []);
  const perRound: number[][] = [[], []];
  for (let round_ = 0; round_ < plan.rounds; round_++) {
    const order = VARIANTS.map((_, i) => i);
    if (round_ % 2 === 1) order.reverse();
    for (const i of order) {
      const v = VARIANTS[i];
      note(`${label}: round ${round_ + 1}/${plan.rounds}, ${variantLabel(v)}, ${plan.batches} batches of ${train.batchSize} timed after ${plan.warmup}...`);
      const r = await measureThroughput(config, train, data, { ...v, warmupBatches: plan.warmup, batches: plan.batches });
      results[i].push(r);
      note(`  ${r.examplesPerSecond.toFixed(0)} examples/s`);
    }
    const one = results[0][round_].examplesPerSecond;
    perRound[0].push(round(results[1][round_].examplesPerSecond / one, 2));
    perRound[1].push(round(results[2][round_].examplesPerSecond / one, 2));
  }
  const [one, two, delayed] = results.map(pooled);
  const lens = meanLengths(data);
  const flops = trainingFlopsPerExample(config, lens.source, lens.target, lens.targetVocab);
  const best = [one, two, delayed].reduce((a, b) => (b.examplesPerSecond > a.examplesPerSecond ? b : a));
  const gflops = (r: ThroughputResult): number => round((flops * r.examplesPerSecond) / 1e9);
  const share = (r: ThroughputResult, threads: number): number => round((flops * r.examplesPerSecond) / 1e9 / (threads * peak), 3);
  return {
    examplesPerSecond: round(best.examplesPerSecond), bestWorkers: best.workers, ...(best.parallelMode ? { bestMode: best.parallelMode } : {}),
    batchSize: train.batchSize, embeddingSize: config.embeddingSize, hiddenSize: config.hiddenSize, mechanism: config.mechanism, pairs: data.length,
    oneWorker: one, twoWorkers: two, twoWorkersDelayed: delayed,
    speedup: round(two.examplesPerSecond / one.examplesPerSecond, 2), speedupPerRound: perRound[0],
    speedupDelayed: round(delayed.examplesPerSecond / one.examplesPerSecond, 2), speedupDelayedPerRound: perRound[1],
    trainingFlopsPerExample: Math.round(flops),
    gflopsOneWorker: gflops(one), gflopsTwoWorkers: gflops(two), gflopsTwoWorkersDelayed: gflops(delayed),
    shareOfPeakOneWorker: share(one, 1), shareOfPeakTwoWorkers: share(two, 2), shareOfPeakTwoWorkersDelayed: share(delayed, 2),
  };
}

/** The shipped model's weights in a copy whose source limit fits a 100-character input. */
async function latencyModel(shippedDir: string, mechanism: Mechanism): Promise<Seq2SeqModel | null> {
  const file = path.join(shippedDir, `date-${mechanism}.s2s`);
  if (!fs.existsSync(file)) return null;
  const { model } = await loadModelFile(file);
  try {
    const copy = Seq2SeqModel.create({ ...model.config, maxSourceLength: Math.max(128, model.config.maxSourceLength) }, model.sourceVocab, model.targetVocab, 0);
    copy.setWeights(model.getWeights());
    return copy;
  } finally {
    model.dispose();
  }
}

export async function runSpeedSuite(o: SuiteOptions, backend: BackendName): Promise<SuiteResult> {
  const started = performance.now();
  const base = PLANS[o.size];
  const plan: SizePlan = o.size !== 'quick' && o.memoryPairs ? { ...base, memory: { ...base.memory, pairs: o.memoryPairs } } : base;
  const loadAverageStart = load();
  o.note(`bench (${o.size}) on ${backend} (matmul: ${nativeStatus()}), load average ${loadAverageStart.join(' ')}`);

  const peakRaw = measureMatmulPeak(512, o.size === 'quick' ? 10 : 30);
  o.note(`matmul peak (512x512x512, one thread): ${peakRaw.gflops.toFixed(1)} GFLOP/s`);

  const book = await throughputAll('book (embedding 16, LSTM 256, luong-dot, batch 128)',
    makeModelConfig('date', 'luong-dot', { ...BOOK_MODEL }), makeTrainConfig({ ...BOOK_TRAIN, seed: o.seed }), o.train, plan.book, peakRaw.gflops, o.note);
  const ceiling = plan.ceilingRounds > 0 ? await twoCoreCeiling(plan.book, plan.ceilingRounds, o.seed, o.note) : undefined;
  const small = await throughputAll(`default (embedding ${DEFAULT_MODEL.embeddingSize}, LSTM ${DEFAULT_MODEL.hiddenSize}, ${o.mechanism}, batch ${DEFAULT_TRAIN.batchSize})`,
    makeModelConfig('date', o.mechanism, { ...DEFAULT_MODEL }), makeTrainConfig({ ...DEFAULT_TRAIN, seed: o.seed }), o.train, plan.small, peakRaw.gflops, o.note);

  const decode: Record<string, Record<string, LatencyResult>> = {};
  const runs = Math.max(o.decodeRuns, plan.decodeRuns);
  for (const mechanism of ['luong-dot', 'bahdanau'] as Mechanism[]) {
    const model = await latencyModel(o.shippedDir, mechanism);
    if (!model) {
      o.note(`decode latency: no shipped date-${mechanism}.s2s in ${o.shippedDir}; skipped`);
      continue;
    }
    try {
      decode[`date-${mechanism}`] = {};
      for (const chars of [10, 30, 100]) decode[`date-${mechanism}`][String(chars)] = measureDecodeLatency(model, o.test, chars, runs);
    } finally {
      model.dispose();
    }
  }

  let activation: ActivationResult | { error: string };
  try {
    activation = measureActivation(path.join(o.distDir, 'extension.js'), plan.activationRuns);
  } catch (e) {
    activation = { error: e instanceof Error ? e.message : String(e) };
  }

  const memoryRuns: MemoryResult[] = [];
  for (const v of VARIANTS) {
    // In a fresh process: this one's wasm heap already holds the throughput runs' high-water mark.
    o.note(`memory: book configuration, ${variantLabel(v)}, ${plan.memory.epochs} epochs of ${plan.memory.pairs} pairs, fresh process...`);
    const m = await inChildProcess<MemoryResult>({ kind: 'memory', ...v, pairs: plan.memory.pairs, epochs: plan.memory.epochs, seed: o.seed });
    for (const s of m.perEpoch) {
      const helper = s.helperWasmHeapMB != null ? ` + helper ${s.helperWasmHeapMB.toFixed(0)}` : '';
      o.note(`  epoch ${s.epoch}: rss ${s.rssMB.toFixed(0)} MB (peak ${s.peakRssMB.toFixed(0)}), wasm heap ${s.wasmHeapMB?.toFixed(0) ?? '-'}${helper} MB`);
    }
    memoryRuns.push(m);
  }

  let t99: TimeTo99Result | undefined;
  let t99Delayed: TimeTo99Result | undefined;
  if (o.timeTo99) {
    for (const v of [VARIANTS[0], VARIANTS[2]]) {
      o.note(`time to 99 %: default configuration, ${o.mechanism}, ${variantLabel(v)}, checks every 64 batches on 500 test questions, full ${o.test.length}-question test to stop`);
      const r = await measureTimeTo99({ train: o.train, test: o.test, mechanism: o.mechanism, seed: o.seed, maxEpochs: o.maxEpochs, ...v, checkEvery: 64, subset: 500, onNote: o.note });
      if (v.workers === 1) t99 = r;
      else t99Delayed = r;
    }
  }

  return {
    size: o.size,
    command: process.argv.slice(1).map(a => path.basename(a) === a ? a : path.relative(process.cwd(), a) || a).join(' '),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverageStart, loadAverageEnd: load(), node: process.version },
    backend,
    matmul: nativeStatus(),
    book,
    ...(ceiling ? { twoCoreCeiling: ceiling } : {}),
    default: small,
    matmulPeak: {
      ...peakRaw, gflops: round(peakRaw.gflops), gflopsTwoThreadsEstimate: round(2 * peakRaw.gflops),
      note: 'plain tfjs matMul in this process on one thread (the native module when loaded, else XNNPACK); two threads estimated as twice that (tfjs runs one thread per worker)',
      numpyGflopsPerCore: { ...NUMPY_GFLOPS_PER_CORE },
    },
    decode,
    activation,
    memory: {
      config: 'book (embedding 16, LSTM 256, luong-dot, batch 128)',
      note: `process RSS (all threads) after each epoch of ${plan.memory.pairs} date-train pairs (a proxy for 45,000-pair epochs), validation on 256 pairs each epoch`,
      runs: memoryRuns,
    },
    timeTo99Seconds: t99?.seconds ?? null,
    ...(t99 ? { timeTo99: t99 } : {}),
    ...(t99Delayed ? { timeTo99TwoWorkersDelayed: t99Delayed } : {}),
    seconds: round((performance.now() - started) / 1000),
  };
}

/** Set in a child process started by `inChildProcess`: what to measure (JSON of ChildJob). */
export const CHILD_JOB_ENV = 'SEQ2SEQ_BENCH_CHILD';

type ChildJob =
  | { kind: 'memory'; workers: 1 | 2; parallelMode?: 'exact' | 'delayed'; pairs: number; epochs: number; seed: number }
  | { kind: 'throughput'; warmup: number; batches: number; seed: number; recordBatches?: boolean };

/**
 * Runs a measurement in a fresh process: this same command line again (`process.argv`), with
 * CHILD_JOB_ENV set, so `bench` calls `runBenchChild` instead of the suite and prints one JSON result.
 */
function inChildProcess<T>(job: ChildJob): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, [CHILD_JOB_ENV]: JSON.stringify(job) }, maxBuffer: 16 * 2 ** 20, timeout: 30 * 60 * 1000,
    }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${job.kind} measurement process failed: ${error.message}\n${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`${job.kind} measurement process printed no result: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

/** The child's side: when CHILD_JOB_ENV is set, measure and print the JSON result; returns false otherwise. */
export async function runBenchChild(train: Pair[]): Promise<boolean> {
  const raw = process.env[CHILD_JOB_ENV];
  if (!raw) return false;
  const job = JSON.parse(raw) as ChildJob;
  const config = makeModelConfig('date', 'luong-dot', { ...BOOK_MODEL });
  const trainConfig = makeTrainConfig({ ...BOOK_TRAIN, seed: job.seed });
  const r = job.kind === 'memory'
    ? await measureTrainingMemory(config, trainConfig, train.slice(0, job.pairs), { workers: job.workers, parallelMode: job.parallelMode, epochs: job.epochs })
    : await measureThroughput(config, trainConfig, train.slice(0, (job.warmup + job.batches + 1) * trainConfig.batchSize),
      { workers: 1, warmupBatches: job.warmup, batches: job.batches, recordBatches: job.recordBatches });
  process.stdout.write(JSON.stringify(r) + '\n');
  return true;
}

/**
 * What two busy cores cost each other here, whatever the training does: the book configuration on one
 * worker in one process alone, then in two processes at once (nothing shared but the machine). Twice
 * the concurrent rate over the solo rate is the most any two-thread scheme could reach on this machine
 * with this per-thread speed; the data-parallel speedup is read against it.
 */
async function twoCoreCeiling(plan: ThroughputPlan, rounds: number, seed: number, note: (t: string) => void): Promise<TwoCoreCeiling> {
  const job: ChildJob = { kind: 'throughput', warmup: plan.warmup, batches: plan.batches, seed };
  const measured: CeilingRound[] = [];
  for (let i = 0; i < rounds; i++) {
    note(`two-core ceiling: round ${i + 1}/${rounds}, book configuration, 1 worker, one process alone, then two at once...`);
    const solo = await inChildProcess<ThroughputResult>(job);
    // Same seed, so the same batches in the same order: batch by batch, both do the same work.
    const pairJob: ChildJob = { ...job, recordBatches: true };
    const pair = await Promise.all([inChildProcess<ThroughputResult>(pairJob), inChildProcess<ThroughputResult>(pairJob)]);
    const concurrent = pair.map(r => r.examplesPerSecond);
    const ceiling = (concurrent[0] + concurrent[1]) / solo.examplesPerSecond;
    const barrier = barrierCost(pair[0].batchMs ?? [], pair[1].batchMs ?? []);
    note(`  alone ${solo.examplesPerSecond.toFixed(0)} examples/s; two at once ${concurrent.map(x => x.toFixed(0)).join(' + ')}; waiting for the slower after each batch would add ${percent(barrier - 1, 1)}`);
    measured.push({
      soloExamplesPerSecond: round(solo.examplesPerSecond), concurrentExamplesPerSecond: concurrent.map(x => round(x)),
      ceiling: round(ceiling, 2), barrierCost: round(barrier, 3), synchronousCeiling: round(ceiling / barrier, 2),
    });
  }
  const median = (xs: number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);
  return { rounds: measured, ceiling: median(measured.map(r => r.ceiling)), synchronousCeiling: median(measured.map(r => r.synchronousCeiling)) };
}

/** Where delayed rounds' wall time went, as shares of it. */
export function roundShares(t: RoundTotals): string {
  const share = (ms: number): string => percent(t.wallMs > 0 ? ms / t.wallMs : 0, 0);
  return `the leader computes ${share(t.leaderComputeMs)}, applies the updates ${share(t.leaderApplyMs)} and waits for the helper ${share(t.leaderWaitMs)} `
    + `of the wall time; the helper computes ${share(t.helperComputeMs)} (${t.count} rounds, ${t.split} split)`;
}

/** The human-readable report of a suite result. */
export function formatSuite(r: SuiteResult): string {
  const lines: string[] = [];
  lines.push(`bench (${r.size}) on ${r.backend} (matmul: ${r.matmul}), ${r.machine.cpus} CPUs (${r.machine.cpuModel}), load average ${r.machine.loadAverageStart.join(' ')} -> ${r.machine.loadAverageEnd.join(' ')}`);
  lines.push('');
  const speedup = (x: number, rounds: number[]): string => `${x.toFixed(2)}x${rounds.length > 1 ? ` (${rounds.map(y => y.toFixed(2)).join(', ')})` : ''}`;
  const row = (name: string, c: ConfigThroughput): string[] => [
    name, `${c.embeddingSize}/${c.hiddenSize}`, c.mechanism, String(c.batchSize),
    c.oneWorker.examplesPerSecond.toFixed(0),
    `${c.twoWorkers.examplesPerSecond.toFixed(0)}: ${speedup(c.speedup, c.speedupPerRound)}`,
    `${c.twoWorkersDelayed.examplesPerSecond.toFixed(0)}: ${speedup(c.speedupDelayed, c.speedupDelayedPerRound)}`,
    c.gflopsOneWorker.toFixed(1), c.gflopsTwoWorkers.toFixed(1), c.gflopsTwoWorkersDelayed.toFixed(1), percent(c.shareOfPeakTwoWorkersDelayed, 0),
  ];
  lines.push(table(['training', 'emb/hidden', 'mechanism', 'batch', '1 worker ex/s', '2 workers exact ex/s: speedup (per round)', '2 workers delayed ex/s: speedup (per round)',
    'GFLOP/s 1w', 'GFLOP/s 2w exact', 'GFLOP/s 2w delayed', 'of peak 2w delayed'], [row('book', r.book), row('default', r.default)]));
  lines.push('exact: both threads share every batch (the same updates as one worker); delayed: each thread trains whole batches, the second thread\'s gradient applied one update late');
  for (const [name, c] of [['book', r.book], ['default', r.default]] as const) {
    const t = c.twoWorkersDelayed.rounds;
    if (t) lines.push(`delayed rounds, ${name}: ${roundShares(t)}`);
  }
  if (r.twoCoreCeiling) {
    const c = r.twoCoreCeiling;
    const each = c.rounds.map(x => `${x.soloExamplesPerSecond.toFixed(0)} -> ${x.concurrentExamplesPerSecond.map(y => y.toFixed(0)).join(' + ')} (${x.ceiling.toFixed(2)}x)`);
    const median = c.rounds.length > 1 ? 'median ' : '';
    lines.push(`two-core ceiling: book config on 1 worker, examples/s alone -> in two processes at once: ${each.join('; ')}; ${median}${c.ceiling.toFixed(2)}x, the most a two-thread scheme can reach here`);
    lines.push(`  threads that meet after every batch (as delayed rounds do) wait for the slower one: +${c.rounds.map(x => percent(x.barrierCost - 1, 1)).join(', ')} `
      + `in the same pairs (same batches, so only the machine's noise differs); such a scheme can reach at most ${median}${c.synchronousCeiling.toFixed(2)}x`);
  }
  lines.push(`matmul peak: ${r.matmulPeak.gflops.toFixed(1)} GFLOP/s on one thread (${r.matmul.startsWith('native') ? 'native module' : 'wasm XNNPACK'}, ${r.matmulPeak.n}^3); numpy/OpenBLAS ~${r.matmulPeak.numpyGflopsPerCore.low}-${r.matmulPeak.numpyGflopsPerCore.high} GFLOP/s per core for reference`);
  lines.push('');
  const decodeRows: string[][] = [];
  for (const [model, byLen] of Object.entries(r.decode)) {
    for (const d of Object.values(byLen)) decodeRows.push([model, String(d.chars), `${d.medianMs.toFixed(1)} ms`, `${d.p95Ms.toFixed(1)} ms`, String(d.outputTokens), String(d.runs)]);
  }
  if (decodeRows.length) lines.push(table(['decode (greedy + attention)', 'input chars', 'median', 'p95', 'output tokens', 'runs'], decodeRows));
  lines.push('');
  lines.push('error' in r.activation
    ? `activation: not measured (${r.activation.error})`
    : `activation: ${r.activation.totalMs.toFixed(1)} ms (require ${r.activation.requireMs.toFixed(1)} + activate ${r.activation.activateMs.toFixed(1)}), bundle ${r.activation.bundleKB} KB, tfjs in bundle: ${r.activation.containsTfjs ? 'YES' : 'no'}`);
  lines.push('');
  lines.push(table(['memory (book)', 'workers', 'epochs x pairs', 'rss first epoch', 'rss last epoch', 'peak rss', 'growth'],
    r.memory.runs.map(m => ['', m.workers === 1 ? '1' : `2 ${m.parallelMode ?? 'exact'}`, `${m.epochs} x ${m.pairs}`, `${m.perEpoch[0]?.rssMB.toFixed(0) ?? '-'} MB`,
      `${m.perEpoch[m.perEpoch.length - 1]?.rssMB.toFixed(0) ?? '-'} MB`, `${m.peakRssMB.toFixed(0)} MB`, `${m.growthMB.toFixed(0)} MB`])));
  for (const t of [r.timeTo99, r.timeTo99TwoWorkersDelayed]) {
    if (!t) continue;
    const how = `${t.mechanism}, ${t.workers === 1 ? '1 worker' : `2 workers ${t.parallelMode}`}`;
    lines.push('');
    lines.push(t.seconds === null
      ? `time to 99 % (${how}): not reached (${t.epochs.toFixed(2)} epochs; last full-test exact match ${t.exactMatch === null ? '-' : percent(t.exactMatch, 2)})`
      : `time to 99 % (${how}): ${t.seconds.toFixed(1)} s wall (${t.epochs.toFixed(2)} epochs; ${t.evaluationSeconds.toFixed(1)} s of it evaluating), ${percent(t.exactMatch ?? 0, 2)} exact match on all ${t.testPairs} test questions`);
  }
  lines.push(`(${r.seconds.toFixed(0)} s)`);
  return lines.join('\n');
}
