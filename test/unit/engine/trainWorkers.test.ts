/**
 * `workers: 2` (data-parallel training over a helper thread) makes the same updates as one worker up to
 * float rounding: per-batch losses and final weights agree, with and without scheduled sampling. In
 * delayed mode the two threads train whole batches in rounds; one worker computing the same rounds
 * (`parallelMode: 'delayed'`, workers 1) is its reference.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import { DataParallelGradients } from '../../../src/shared/engine/parallel/dataParallel';
import { splitTuning } from '../../../src/shared/engine/parallel/delayedEpoch';
import { trainModel } from '../../../src/shared/engine/train';
import type { DelayedRoundTiming, Mechanism, TrainConfig } from '../../../src/shared/engine/types';
import { maxRelDiff, reversalPairs, useCpuBackend } from './engineHelpers';

interface Run {
  losses: number[];
  weights: Float32Array[];
  summaryLoss: number;
  threads: number | undefined;
  mode: string | undefined;
  rounds: DelayedRoundTiming[];
}

async function run(mechanism: Mechanism, workers: 1 | 2, overrides: Partial<TrainConfig>): Promise<Run> {
  const config = makeModelConfig('reverse', mechanism, { embeddingSize: 6, hiddenSize: 12, attentionUnits: 6, reverseSource: false });
  const losses: number[] = [];
  const rounds: DelayedRoundTiming[] = [];
  const { model, summary } = await trainModel({
    config,
    train: makeTrainConfig({ epochs: 2, batchSize: 12, learningRate: 2e-2, earlyStoppingPatience: 0, validationSplit: 0.1, seed: 7, workers, ...overrides }),
    pairs: reversalPairs(60),
    datasetName: 'reverse',
    hooks: { onBatch: p => { losses.push(p.loss); }, onRound: t => { rounds.push(t); } },
  });
  const weights = model.getWeights().map(w => w.values);
  model.dispose();
  return { losses, weights, summaryLoss: summary.epochs[1].trainLoss, threads: summary.threads, mode: summary.parallelMode, rounds };
}

function assertSameRun(one: Run, two: Run): void {
  assert.strictEqual(two.losses.length, one.losses.length);
  one.losses.forEach((l, i) => assert.ok(Math.abs(l - two.losses[i]) < 1e-4 * Math.max(1, l), `batch ${i}: loss ${l} (1 worker) vs ${two.losses[i]} (2 workers)`));
  assert.ok(Math.abs(one.summaryLoss - two.summaryLoss) < 1e-4 * Math.max(1, one.summaryLoss));
  one.weights.forEach((w, i) => {
    const d = maxRelDiff(w, two.weights[i]);
    assert.ok(d < 1e-3, `weight ${i}: relative difference ${d}`);
  });
}

describe('training with two workers (data-parallel)', function () {
  this.timeout(120000);
  useCpuBackend();

  it('luong-dot: the same losses and weights as one worker', async () => {
    const before = tf.memory().numTensors;
    const one = await run('luong-dot', 1, {});
    const two = await run('luong-dot', 2, {});
    assert.ok(one.losses.length >= 8, 'enough batches to compare');
    assertSameRun(one, two);
    assert.deepStrictEqual([one.threads, two.threads], [1, 2], 'the summary says how many threads computed the gradients');
    assert.strictEqual(tf.memory().numTensors, before, 'no tensors leak');
  });

  it('bahdanau with scheduled sampling: the same random draws, the same run', async () => {
    const one = await run('bahdanau', 1, { teacherForcingRatio: 0.5 });
    const two = await run('bahdanau', 2, { teacherForcingRatio: 0.5 });
    assertSameRun(one, two);
    // Sampling changed something: a pure teacher-forced run differs.
    const forced = await run('bahdanau', 1, { teacherForcingRatio: 1 });
    assert.ok(forced.losses.some((l, i) => Math.abs(l - one.losses[i]) > 1e-4), 'sampling has an effect');
  });

  describe('delayed mode (whole batches per thread, the helper\'s gradient one update late)', () => {
    it('luong-dot: two threads make the same updates as one thread computing the same rounds', async () => {
      const before = tf.memory().numTensors;
      const one = await run('luong-dot', 1, { parallelMode: 'delayed' });
      const two = await run('luong-dot', 2, { parallelMode: 'delayed' });
      assert.ok(one.losses.length >= 8, 'enough batches to compare');
      assertSameRun(one, two);
      assert.deepStrictEqual([two.threads, two.mode], [2, 'delayed']);
      assert.strictEqual(tf.memory().numTensors, before, 'no tensors leak');
      // Each two-thread round says where its time went: disjoint parts of its wall time (benchmarks sum them).
      assert.strictEqual(one.rounds.length, 0, 'one thread has no rounds to time');
      assert.ok(two.rounds.length >= Math.floor(two.losses.length / 2) - 2, `${two.rounds.length} rounds timed for ${two.losses.length} batches`);
      for (const r of two.rounds) {
        const parts = r.leaderComputeMs + r.leaderApplyMs + r.leaderWaitMs;
        assert.ok(r.leaderComputeMs > 0 && r.helperComputeMs > 0 && r.leaderWaitMs >= 0, JSON.stringify(r));
        assert.ok(parts <= r.wallMs + 1e-6, `the leader's parts (${parts} ms) fit in the round (${r.wallMs} ms)`);
      }
    });

    it('rounds whose other batch is shared between the threads (token-weighted parts): still the same updates', async () => {
      const saved = { ...splitTuning };
      const submit = DataParallelGradients.prototype.submit;
      const jobSizes: number[] = [];
      Object.assign(splitTuning, { minPartPairs: 2, minGainMs: -Infinity });
      DataParallelGradients.prototype.submit = function (this: DataParallelGradients, ...args: Parameters<typeof submit>) {
        jobSizes.push(args[0].length);
        return submit.apply(this, args);
      };
      try {
        const one = await run('luong-dot', 1, { parallelMode: 'delayed' });
        const two = await run('luong-dot', 2, { parallelMode: 'delayed' });
        assertSameRun(one, two);
        assert.ok(jobSizes.some(n => n < 12), `some rounds were split (helper job sizes ${jobSizes.join(' ')})`);
      } finally {
        Object.assign(splitTuning, saved);
        DataParallelGradients.prototype.submit = submit;
      }
    });

    it('bahdanau with scheduled sampling: the same draws and updates on one and two threads', async () => {
      const one = await run('bahdanau', 1, { parallelMode: 'delayed', teacherForcingRatio: 0.5 });
      const two = await run('bahdanau', 2, { parallelMode: 'delayed', teacherForcingRatio: 0.5 });
      assertSameRun(one, two);
    });

    it('is not the exact mode: the late gradients change the run, and it still learns', async () => {
      const exact = await run('luong-dot', 1, {});
      const delayed = await run('luong-dot', 1, { parallelMode: 'delayed' });
      assert.strictEqual(exact.mode, 'exact');
      assert.ok(delayed.losses.some((l, i) => Math.abs(l - exact.losses[i]) > 1e-4), 'some batch loss differs');
      const half = Math.floor(delayed.losses.length / 2);
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      assert.ok(mean(delayed.losses.slice(half)) < mean(delayed.losses.slice(0, half)), 'the loss falls over the run');
    });

    it('refuses an unknown mode clearly', async () => {
      await assert.rejects(trainModel({
        config: makeModelConfig('reverse', 'luong-dot'), train: makeTrainConfig({ parallelMode: 'async' as unknown as 'exact' }),
        pairs: reversalPairs(8), datasetName: 'r',
      }), /parallelMode must be "exact" or "delayed"/);
    });
  });

  it('refuses another worker count clearly', async () => {
    await assert.rejects(trainModel({
      config: makeModelConfig('reverse', 'luong-dot'), train: makeTrainConfig({ workers: 3 as unknown as 2 }),
      pairs: reversalPairs(8), datasetName: 'r',
    }), /workers must be 1 or 2/);
  });
});
