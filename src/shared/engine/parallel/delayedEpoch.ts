/**
 * One epoch of delayed two-worker training (`TrainConfig.parallelMode: 'delayed'`). The epoch runs in
 * rounds of two consecutive batches (`roundsOfTwo`): both gradients are computed at the weights the
 * round starts with, the leader's batch (the cheaper one) is applied first and the other one second,
 * i.e. one update late. The helper trains the other batch meanwhile, so neither thread trains half
 * batches or waits for a split of every batch.
 *
 * Batches differ in length (a batch of 29-character dates costs about three times one of 8-character
 * dates), and a round lasts as long as its slower thread. When the other batch costs clearly more, the
 * leader also takes its first (shortest) pairs and the two parts' gradients are combined weighted by
 * their target tokens: exactly that batch's gradient, only computed by two threads. The part sizes
 * follow each thread's measured speed; the updates do not depend on them (up to float rounding).
 *
 * With no helper (one worker) the leader computes both gradients itself: the same updates, the
 * reference the tests compare against.
 */
import * as tf from '@tensorflow/tfjs';
import { paddedTrainingFlops } from '../flops';
import type { Seq2SeqModel } from '../model';
import type { DelayedRoundTiming } from '../types';
import { flattenGradients, type FlatAdam } from '../optimizer';
import type { DataParallelGradients } from './dataParallel';
import { roundsOfTwo } from './delayedRounds';
import { targetTokenCount } from './protocol';

export interface DelayedBatch {
  /** Encoder-order source ids and target ids, pairs sorted by source length (bucketed batches are). */
  sources: number[][];
  targets: number[][];
  /** Teacher-forcing choice per decoder step, drawn in batch order (absent: pure teacher forcing). */
  teacher?: boolean[];
}

export interface DelayedEpochContext {
  model: Seq2SeqModel;
  optimizer: FlatAdam;
  clipNorm: number;
  /** Null: one worker computes both gradients of each round. */
  parallel: DataParallelGradients | null;
  /** Speeds measured in earlier rounds (kept across epochs). */
  speeds: ThreadSpeeds;
  isCancelled(): boolean;
  /** Each applied batch's loss, in the order applied. */
  report(loss: number): Promise<void>;
  /** Where each two-thread round's time went. */
  onRound?(timing: DelayedRoundTiming): void;
}

/** FLOPs per millisecond of each thread, and what the leader spends on applying its own batch's update. */
export interface ThreadSpeeds {
  leader: number | null;
  helper: number | null;
  applyMs: number;
}

export const newThreadSpeeds = (): ThreadSpeeds => ({ leader: null, helper: null, applyMs: 0 });

/**
 * When a round is split: the smallest part of the other batch worth computing on the leader, and the
 * predicted gain below which a round is not split (an extra step has a fixed cost, ~20 ms for the
 * book model). Tests lower both to split every round they can.
 */
export const splitTuning = { minPartPairs: 8, minGainMs: 25 };

interface Gradient {
  loss: number;
  grads: tf.Tensor1D;
  tokens: number;
}

/** Loss and flat gradient (variable order) of a batch at the current weights, not applied. */
function gradientOf(model: Seq2SeqModel, sources: number[][], targets: number[][], teacher?: boolean[]): Gradient {
  const variables = model.variables();
  const teach = teacher ? (t: number): boolean => teacher[t] ?? true : undefined;
  const { value, grads } = tf.tidy(() => {
    const r = tf.variableGrads(() => model.loss(sources, targets, teach), variables);
    return { value: r.value, grads: flattenGradients(variables, r.grads) };
  });
  const loss = value.dataSync()[0];
  value.dispose();
  return { loss, grads, tokens: targetTokenCount(targets) };
}

/** Token-weighted combination of two parts of one batch: the whole batch's loss and gradient. */
function combine(a: Gradient, b: Gradient): Gradient {
  const tokens = a.tokens + b.tokens;
  const grads = tf.tidy(() => tf.add(tf.mul(a.grads, a.tokens / tokens), tf.mul(b.grads, b.tokens / tokens)) as tf.Tensor1D);
  tf.dispose([a.grads, b.grads]);
  return { loss: (a.loss * a.tokens + b.loss * b.tokens) / tokens, grads, tokens };
}

const ema = (old: number | null, value: number): number => (old === null ? value : 0.7 * old + 0.3 * value);

/**
 * How many of the other batch's first pairs the leader should take so that both threads finish the
 * round together (0: do not split). Times are predicted from the padded FLOPs and the measured speeds.
 */
export function leaderPart(mineCost: number, other: DelayedBatch, cost: (from: number, to: number) => number, speeds: ThreadSpeeds): number {
  if (speeds.leader === null || speeds.helper === null) return 0;
  const n = other.sources.length;
  const leaderMs = (k: number): number => (mineCost + (k > 0 ? cost(0, k) : 0)) / speeds.leader! + speeds.applyMs;
  const helperMs = (k: number): number => cost(k, n) / speeds.helper!;
  const unsplit = Math.max(leaderMs(0), helperMs(0));
  let best = 0;
  let bestMs = unsplit;
  for (let k = splitTuning.minPartPairs; k <= n - splitTuning.minPartPairs; k++) {
    const ms = Math.max(leaderMs(k), helperMs(k));
    if (ms < bestMs) {
      best = k;
      bestMs = ms;
    }
    if (leaderMs(k) > helperMs(k)) break; // the leader's side only grows from here
  }
  return unsplit - bestMs >= splitTuning.minGainMs ? best : 0;
}

/** Trains one epoch's batches in delayed rounds. Returns false when cancelled (between rounds). */
export async function runDelayedEpoch(batches: DelayedBatch[], ctx: DelayedEpochContext): Promise<boolean> {
  const { model, optimizer, clipNorm, parallel, speeds } = ctx;
  const vocab = model.targetVocab.size;
  const costOf = (b: DelayedBatch, from = 0, to = b.sources.length): number => paddedTrainingFlops(model.config, vocab, b.sources, b.targets, from, to);
  const apply = (g: Gradient): void => {
    try {
      optimizer.applyFlat(g.grads, clipNorm);
    } finally {
      g.grads.dispose();
    }
  };
  const costs = batches.map(b => costOf(b));
  for (const [mineAt, otherAt] of roundsOfTwo(costs)) {
    if (ctx.isCancelled()) return false;
    const mine = batches[mineAt];
    const other = otherAt === null ? null : batches[otherAt];
    if (!other) {
      const g = gradientOf(model, mine.sources, mine.targets, mine.teacher);
      apply(g);
      await ctx.report(g.loss);
      continue;
    }
    if (!parallel) {
      // One worker: both gradients at the round's weights, then applied in order.
      const late = gradientOf(model, other.sources, other.targets, other.teacher);
      const first = gradientOf(model, mine.sources, mine.targets, mine.teacher);
      apply(first);
      await ctx.report(first.loss);
      apply(late);
      await ctx.report(late.loss);
      continue;
    }
    const start = performance.now();
    const k = leaderPart(costs[mineAt], other, (from, to) => costOf(other, from, to), speeds);
    const n = other.sources.length;
    const job = parallel.submit(other.sources.slice(k), other.targets.slice(k), other.teacher);
    job.catch(() => undefined); // awaited below; this keeps a failure during our part from going unhandled
    const t0 = performance.now();
    const first = gradientOf(model, mine.sources, mine.targets, mine.teacher);
    const part = k > 0 ? gradientOf(model, other.sources.slice(0, k), other.targets.slice(0, k), other.teacher) : null;
    const t1 = performance.now();
    apply(first);
    await ctx.report(first.loss);
    const t2 = performance.now();
    let r: Awaited<typeof job>;
    try {
      r = await job;
    } catch (e) {
      part?.grads.dispose();
      throw e;
    }
    const t3 = performance.now();
    const helped: Gradient = { loss: r.loss, grads: r.grads, tokens: targetTokenCount(other.targets.slice(k)) };
    const late = part ? combine(part, helped) : helped;
    apply(late);
    await ctx.report(late.loss);
    const end = performance.now();
    ctx.onRound?.({
      wallMs: end - start, leaderComputeMs: t1 - t0, leaderApplyMs: t2 - t1 + (end - t3), leaderWaitMs: t3 - t2, helperComputeMs: r.ms, leaderPart: k,
    });
    // Speeds for the next rounds' parts (timing only steers the split, never the maths).
    speeds.leader = ema(speeds.leader, (costs[mineAt] + (k > 0 ? costOf(other, 0, k) : 0)) / Math.max(t1 - t0, 1e-3));
    speeds.helper = ema(speeds.helper, costOf(other, k, n) / Math.max(r.ms, 1e-3));
    speeds.applyMs = 0.7 * speeds.applyMs + 0.3 * (t2 - t1);
  }
  return true;
}
