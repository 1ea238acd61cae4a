/**
 * Wall time for the default date model to reach 99 % exact match on the FULL test set, evaluation
 * included. So that the answer is not rounded up to whole epochs, training is checked every
 * `checkEvery` batches: greedy decoding of a subset of the test questions (cheap); only when the subset
 * passes the threshold is the whole test set decoded, and only that full result can stop the clock.
 * Every check's time counts (the clock runs from before the vocabularies are built until the full
 * evaluation that passed returns).
 */
import type { Pair } from '../../shared/data/types';
import {
  DEFAULT_MODEL, DEFAULT_TRAIN, evaluateModel, makeModelConfig, makeTrainConfig, trainModel, type Mechanism,
} from '../../shared/engine/index';

export interface TimeTo99Options {
  train: Pair[];
  test: Pair[];
  mechanism: Mechanism;
  seed: number;
  maxEpochs: number;
  workers: 1 | 2;
  /** With two workers: exact (default) or delayed gradients (`TrainConfig.parallelMode`). */
  parallelMode?: 'exact' | 'delayed';
  /** Batches between subset checks (0: check at epoch ends only). */
  checkEvery: number;
  /** Test questions decoded by a subset check. */
  subset: number;
  threshold?: number;
  onNote?: (text: string) => void;
}

export interface Check {
  epoch: number;
  /** Training examples seen so far (all epochs). */
  examples: number;
  seconds: number;
  subsetExactMatch: number;
  /** Set when the subset passed and the full test set was decoded. */
  fullExactMatch?: number;
}

export interface TimeTo99Result {
  /** Null when not reached within maxEpochs. */
  seconds: number | null;
  /** The full test set's exact match at the stop (or at the last full check). */
  exactMatch: number | null;
  testPairs: number;
  /** Training examples seen when the clock stopped, and as epochs (fractional). */
  examples: number;
  epochs: number;
  /** Seconds spent in checks (subset and full decoding), inside `seconds`. */
  evaluationSeconds: number;
  checks: Check[];
  mechanism: Mechanism;
  workers: 1 | 2;
  parallelMode: 'exact' | 'delayed';
}

export async function measureTimeTo99(o: TimeTo99Options): Promise<TimeTo99Result> {
  const threshold = o.threshold ?? 0.99;
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const subset = o.test.slice(0, Math.min(o.subset, o.test.length));
  const checks: Check[] = [];
  let reached: { seconds: number; exactMatch: number; examples: number } | null = null;
  let lastFull: number | null = null;
  let evaluationSeconds = 0;
  let examples = 0;
  let trainPairs = o.train.length;
  const batchSize = DEFAULT_TRAIN.batchSize;

  const check = (epoch: number, model: Parameters<typeof evaluateModel>[0]): void => {
    const t0 = performance.now();
    const sub = evaluateModel(model, subset).exactMatch;
    const c: Check = { epoch, examples, seconds: 0, subsetExactMatch: sub };
    if (sub >= threshold) {
      const full = evaluateModel(model, o.test).exactMatch;
      c.fullExactMatch = full;
      lastFull = full;
      if (full >= threshold) reached = { seconds: 0, exactMatch: full, examples };
    }
    evaluationSeconds += (performance.now() - t0) / 1000;
    c.seconds = elapsed();
    if (reached) reached.seconds = c.seconds;
    checks.push(c);
    o.onNote?.(`time-to-99: ${(examples / trainPairs).toFixed(2)} epochs, ${c.seconds.toFixed(1)} s: subset ${(100 * sub).toFixed(2)} %`
      + (c.fullExactMatch !== undefined ? `, full test ${(100 * c.fullExactMatch).toFixed(2)} %` : ''));
  };

  const { model, summary } = await trainModel({
    config: makeModelConfig('date', o.mechanism, { ...DEFAULT_MODEL }),
    train: makeTrainConfig({ ...DEFAULT_TRAIN, epochs: o.maxEpochs, earlyStoppingPatience: 0, seed: o.seed, workers: o.workers, parallelMode: o.parallelMode ?? 'exact' }),
    pairs: o.train,
    // The per-epoch validation trainModel always runs is kept to the subset (the full set is decoded by `check`).
    validation: subset,
    datasetName: 'date-train',
    hooks: {
      onBatch: (p, m) => {
        examples += p.batch === p.batches - 1 ? trainPairs - (p.batches - 1) * batchSize : batchSize;
        const due = o.checkEvery > 0 && (p.batch + 1) % o.checkEvery === 0 && p.batch !== p.batches - 1;
        if (due) check(p.epoch, m);
      },
      onEpoch: (_metrics, m) => {
        if (!reached) check(_metrics.epoch, m);
      },
      isCancelled: () => reached !== null,
    },
  });
  trainPairs = summary.trainPairs;
  model.dispose();
  const r = reached as { seconds: number; exactMatch: number; examples: number } | null;
  return {
    seconds: r ? r.seconds : null,
    exactMatch: r ? r.exactMatch : lastFull,
    testPairs: o.test.length,
    examples: r ? r.examples : examples,
    epochs: (r ? r.examples : examples) / summary.trainPairs,
    evaluationSeconds,
    checks,
    mechanism: o.mechanism,
    workers: o.workers,
    parallelMode: o.parallelMode ?? 'exact',
  };
}
