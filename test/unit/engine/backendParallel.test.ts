/**
 * Data-parallel gradients over a helper worker thread: the combined gradient equals the single-thread
 * gradient of the whole batch up to float rounding (training on both cores).
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { makeModelConfig } from '../../../src/shared/engine/config';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { FlatAdam } from '../../../src/shared/engine/optimizer';
import { DataParallelGradients } from '../../../src/shared/engine/parallel/dataParallel';
import type { Mechanism } from '../../../src/shared/engine/types';
import { Vocab } from '../../../src/shared/text/vocab';
import { maxRelDiff } from './engineHelpers';

const SRC = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...'abcdefghij'.split('')]);
const TGT = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...'0123456789'.split('')]);

/** Deterministic ragged batch: lengths vary so the shares pad differently. */
function batch(n: number): { sources: number[][]; targets: number[][] } {
  let s = 12345;
  const next = (k: number): number => { s = (s * 1103515245 + 12345) % 2147483648; return s % k; };
  const sources: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < n; i++) {
    sources.push(Array.from({ length: 2 + next(9) }, () => 4 + next(10)));
    targets.push(Array.from({ length: 1 + next(6) }, () => 4 + next(10)));
  }
  return { sources, targets };
}

/** Each variable's slice of the flat combined gradient equals the single-thread gradient (relative 1e-4). */
function assertSameGradients(vars: tf.Variable[], single: tf.NamedTensorMap, parallel: tf.Tensor1D): void {
  const flat = parallel.dataSync() as Float32Array;
  let offset = 0;
  for (const v of vars) {
    const d = maxRelDiff(single[v.name].dataSync() as Float32Array, flat.subarray(offset, offset + v.size));
    assert.ok(d < 1e-4, `${v.name}: relative difference ${d}`);
    offset += v.size;
  }
  assert.strictEqual(offset, flat.length, 'the flat gradient covers every weight once');
}

/** A tiny model with a started helper, both disposed after `body`. */
async function withTinyParallel(body: (dp: DataParallelGradients, model: Seq2SeqModel) => Promise<void>): Promise<void> {
  const model = tinyModel();
  const dp = await DataParallelGradients.start(model);
  try {
    await body(dp, model);
  } finally {
    await dp.dispose();
    model.dispose();
  }
}

function tinyModel(): Seq2SeqModel {
  return Seq2SeqModel.create(makeModelConfig('parallel-test', 'luong-dot', { embeddingSize: 4, hiddenSize: 8, attentionUnits: 4 }), SRC, TGT, 1);
}

describe('data-parallel gradients (leader + helper thread)', function () {
  this.timeout(60000);
  before(async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
  });

  for (const mechanism of ['luong-dot', 'bahdanau'] as Mechanism[]) {
    it(`${mechanism}: token-weighted combination equals the whole batch's gradient`, async () => {
      const config = makeModelConfig('parallel-test', mechanism, { embeddingSize: 8, hiddenSize: 16, attentionUnits: 8, maxTargetLength: 8 });
      const model = Seq2SeqModel.create(config, SRC, TGT, 5);
      const dp = await DataParallelGradients.start(model, { helpers: 1 });
      try {
        assert.strictEqual(dp.threads, 2);
        assert.strictEqual(dp.helperBackend, 'wasm');
        const { sources, targets } = batch(13);
        const vars = model.variables();
        const single = tf.variableGrads(() => model.loss(sources, targets), vars);
        const expectedLoss = single.value.dataSync()[0];
        const before = tf.memory().numTensors;
        const par = await dp.computeGradients(sources, targets);
        assert.ok(Math.abs(par.loss - expectedLoss) < 1e-5 * Math.max(1, Math.abs(expectedLoss)), `loss ${par.loss} vs ${expectedLoss}`);
        assertSameGradients(vars, single.grads, par.grads);
        assert.strictEqual(tf.memory().numTensors, before + 1, 'only the returned gradient remains');
        tf.dispose([single.value, ...Object.values(single.grads), par.grads]);

        // After an update the helper sees the new weights (they are published before every step).
        const opt = new FlatAdam(vars, 0.05);
        const g1 = await dp.computeGradients(sources, targets);
        opt.applyFlat(g1.grads, 0);
        g1.grads.dispose();
        const again = tf.variableGrads(() => model.loss(sources, targets), vars);
        const g2 = await dp.computeGradients(sources, targets);
        assert.ok(Math.abs(g2.loss - again.value.dataSync()[0]) < 1e-5 * Math.max(1, g2.loss), 'loss after an update');
        assert.ok(Math.abs(g2.loss - par.loss) > 1e-4, 'the update changed the loss');
        assertSameGradients(vars, again.grads, g2.grads);
        tf.dispose([again.value, ...Object.values(again.grads), g2.grads]);
        opt.dispose();
      } finally {
        await dp.dispose();
        model.dispose();
      }
    });
  }

  it('a batch of one runs on the leader alone', async () => {
    await withTinyParallel(async (dp, model) => {
      const r = await dp.computeGradients([[4, 5, 6]], [[7, 8]]);
      const single = tf.variableGrads(() => model.loss([[4, 5, 6]], [[7, 8]]), model.variables());
      assert.ok(Math.abs(r.loss - single.value.dataSync()[0]) < 1e-6);
      assertSameGradients(model.variables(), single.grads, r.grads);
      tf.dispose([single.value, ...Object.values(single.grads), r.grads]);
    });
  });

  it('splits by padded cost: the share with the longer sources gets fewer pairs', async () => {
    await withTinyParallel(async dp => {
      // Sorted by source length as bucketed batches are: 16 short sources, then 8 long ones. Equal pair
      // counts (12 + 12) would pad the helper's 4 short sources to the long length too.
      const sources = [...Array.from({ length: 16 }, () => [4, 5]), ...Array.from({ length: 8 }, () => Array.from({ length: 20 }, (_, i) => 4 + (i % 10)))];
      const targets = sources.map(() => [5, 6, 7]);
      const r = await dp.computeGradients(sources, targets);
      r.grads.dispose();
      const [leader, helper] = dp.lastTimings!.shares;
      assert.deepStrictEqual([leader[0], helper[1]], [0, 24], 'the shares cover the batch');
      assert.strictEqual(leader[1], helper[0], 'the shares are contiguous');
      assert.ok(leader[1] >= 14, `the leader takes more than half the pairs: the short ones (shares ${JSON.stringify([leader, helper])})`);
      assert.ok(Number.isFinite(r.loss));
    });
  });

  it('a delayed job: the gradient at the weights it was submitted with, though the leader updates meanwhile; one job at a time', async () => {
    await withTinyParallel(async (dp, model) => {
      const { sources, targets } = batch(9);
      const vars = model.variables();
      const atSubmit = tf.variableGrads(() => model.loss(sources, targets), vars);
      const job = dp.submit(sources, targets);
      assert.throws(() => dp.submit(sources, targets), /still running/, 'a second job would overwrite the weights the first one reads');
      await assert.rejects(dp.computeGradients(sources, targets), /still running/);
      // The leader's update while the job runs must not reach it (the published copy is the job's).
      const opt = new FlatAdam(vars, 0.05);
      opt.apply(atSubmit.grads, 0);
      const r = await job;
      assert.ok(Math.abs(r.loss - atSubmit.value.dataSync()[0]) < 1e-5 * Math.max(1, r.loss), `loss ${r.loss}`);
      assertSameGradients(vars, atSubmit.grads, r.grads);
      // Answered: the next job runs, at the updated weights.
      const now = tf.variableGrads(() => model.loss(sources, targets), vars);
      const r2 = await dp.submit(sources, targets);
      assertSameGradients(vars, now.grads, r2.grads);
      tf.dispose([atSubmit.value, ...Object.values(atSubmit.grads), now.value, ...Object.values(now.grads), r.grads, r2.grads]);
      opt.dispose();
    });
  });

  it('a helper that dies makes the next step fail clearly, not hang', async () => {
    await withTinyParallel(async dp => {
      const internals = dp as unknown as { helpers: { worker: { terminate(): Promise<number> } }[] };
      await internals.helpers[0].worker.terminate();
      await assert.rejects(dp.computeGradients([[4, 5], [6, 7]], [[4], [5]]), /gradient helper exited/);
    });
  });

  it('reports a helper that cannot start', async () => {
    const model = tinyModel();
    try {
      await assert.rejects(DataParallelGradients.start(model, { helperScript: '/nonexistent/gradientHelper.js' }), /Cannot find module|exited/);
    } finally {
      model.dispose();
    }
  });
});
