/**
 * Training throughput of `trainModel` (the real training loop: bucketed batches, Adam, clipping, one or
 * two workers), measured as examples per second of wall time over a window of batches after a warm-up
 * (the first batches compile kernels, grow the wasm heap and fill XNNPACK's weight cache). The run is
 * cancelled after the window, so no epoch-end validation is timed. Also reports how a data-parallel
 * step's time splits (leader's share, waiting for the helper, combination) when two workers run.
 */
import type { Pair } from '../../shared/data/types';
import { trainModel, type DelayedRoundTiming, type ModelConfig, type TrainConfig } from '../../shared/engine/index';

export interface ThroughputOptions {
  workers: 1 | 2;
  /** With two workers: exact (default) or delayed (`TrainConfig.parallelMode`). */
  parallelMode?: 'exact' | 'delayed';
  /** Batches not timed at the start. */
  warmupBatches: number;
  /** Batches timed after the warm-up. */
  batches: number;
  /** Also report each timed batch's wall time (`batchMs`). */
  recordBatches?: boolean;
}

export interface ThroughputResult {
  workers: 1 | 2;
  parallelMode?: 'exact' | 'delayed';
  examplesPerSecond: number;
  /** Examples and wall seconds of the timed window. */
  examples: number;
  seconds: number;
  batchSize: number;
  /** Process CPU seconds (all threads) during the window, per wall second: ~1 = one core busy. */
  cpuPerWall: number;
  /** Two workers, delayed: the window's rounds summed (where the two threads' time went). */
  rounds?: RoundTotals;
  /** With `recordBatches`: each timed batch's wall time (ms), in training order. */
  batchMs?: number[];
}

/** Delayed rounds summed: their count, how many were split, and `DelayedRoundTiming`'s times (ms). */
export interface RoundTotals {
  count: number;
  split: number;
  wallMs: number;
  leaderComputeMs: number;
  leaderApplyMs: number;
  leaderWaitMs: number;
  helperComputeMs: number;
}

/** `b` added into `a` (a new object; either may be absent). */
export function addRoundTotals(a: RoundTotals | undefined, b: RoundTotals | undefined): RoundTotals | undefined {
  if (!a || !b) return a ?? b;
  return {
    count: a.count + b.count, split: a.split + b.split, wallMs: a.wallMs + b.wallMs, leaderComputeMs: a.leaderComputeMs + b.leaderComputeMs,
    leaderApplyMs: a.leaderApplyMs + b.leaderApplyMs, leaderWaitMs: a.leaderWaitMs + b.leaderWaitMs, helperComputeMs: a.helperComputeMs + b.helperComputeMs,
  };
}

function totalsOf(t: DelayedRoundTiming): RoundTotals {
  return {
    count: 1, split: t.leaderPart > 0 ? 1 : 0, wallMs: t.wallMs, leaderComputeMs: t.leaderComputeMs, leaderApplyMs: t.leaderApplyMs,
    leaderWaitMs: t.leaderWaitMs, helperComputeMs: t.helperComputeMs,
  };
}

/**
 * Trains `config` on `pairs` for warmup + batches batches and times the last `batches` of them.
 * `pairs` should hold at least (warmup + batches) * batchSize pairs (fewer: the epoch ends first and
 * the window is shorter; the result says how many examples were timed).
 */
export async function measureThroughput(config: ModelConfig, train: TrainConfig, pairs: Pair[], o: ThroughputOptions): Promise<ThroughputResult> {
  let seen = 0;
  let windowStart = 0;
  let cpuStart = process.cpuUsage();
  let timedExamples = 0;
  let windowEnd = 0;
  let cpuEnd = cpuStart;
  let rounds: RoundTotals | undefined;
  const batchMs: number[] = [];
  const stopAfter = o.warmupBatches + o.batches;
  const { model } = await trainModel({
    config,
    // One epoch, all pairs used for training (no validation split), no early stopping.
    train: { ...train, epochs: 1, validationSplit: 0, earlyStoppingPatience: 0, workers: o.workers, parallelMode: o.parallelMode ?? 'exact' },
    pairs,
    validation: pairs.slice(0, 1),
    datasetName: 'bench',
    hooks: {
      onBatch: p => {
        seen++;
        const now = performance.now();
        if (seen === o.warmupBatches) {
          windowStart = now;
          windowEnd = now;
          cpuStart = process.cpuUsage();
        } else if (seen > o.warmupBatches) {
          // Every batch but the epoch's last is full; the last can only be the window's end.
          const size = p.batch === p.batches - 1 ? pairs.length - (p.batches - 1) * train.batchSize : train.batchSize;
          timedExamples += size;
          batchMs.push(now - windowEnd);
          windowEnd = now;
          cpuEnd = process.cpuUsage();
        }
      },
      isCancelled: () => seen >= stopAfter,
      // A round reports its two batches before it ends: it lies in the window when both came after the warm-up.
      onRound: t => { if (seen >= o.warmupBatches + 2) rounds = addRoundTotals(rounds, totalsOf(t)); },
    },
  });
  model.dispose();
  if (o.warmupBatches === 0) throw new Error('measureThroughput needs at least one warm-up batch');
  const seconds = (windowEnd - windowStart) / 1000;
  const cpuSeconds = (cpuEnd.user + cpuEnd.system - cpuStart.user - cpuStart.system) / 1e6;
  return {
    workers: o.workers,
    ...(o.workers === 2 ? { parallelMode: o.parallelMode ?? 'exact' } : {}),
    examplesPerSecond: seconds > 0 ? timedExamples / seconds : 0,
    examples: timedExamples,
    seconds,
    batchSize: train.batchSize,
    cpuPerWall: seconds > 0 ? cpuSeconds / seconds : 0,
    ...(rounds ? { rounds } : {}),
    ...(o.recordBatches ? { batchMs } : {}),
  };
}
