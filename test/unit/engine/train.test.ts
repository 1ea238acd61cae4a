import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import type { NamedWeight } from '../../../src/shared/engine/api';
import { makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import { bucketedBatches, evaluateModel, trainModel } from '../../../src/shared/engine/train';
import { mulberry32 } from '../../../src/shared/engine/random';
import { codedMessageOf } from '../../../src/shared/messages/coded';
import type { Mechanism, TrainConfig } from '../../../src/shared/engine/types';
import { reversalPairs, useCpuBackend } from './engineHelpers';

const small = (mechanism: Mechanism, overrides = {}) =>
  makeModelConfig('reverse', mechanism, { embeddingSize: 12, hiddenSize: 32, attentionUnits: 16, reverseSource: false, ...overrides });
const fast = (overrides: Partial<TrainConfig> = {}): TrainConfig =>
  makeTrainConfig({ epochs: 1, batchSize: 32, learningRate: 1e-2, earlyStoppingPatience: 0, validationSplit: 0.1, seed: 3, ...overrides });

describe('engine training', () => {
  useCpuBackend();

  it('a tiny attention model learns to reverse 3-letter strings', async function () {
    this.timeout(120000);
    const pairs = reversalPairs(320);
    const { model, summary } = await trainModel({ config: small('luong-dot'), train: fast({ epochs: 4, batchSize: 16, learningRate: 2e-2 }), pairs, datasetName: 'reverse' });
    try {
      assert.strictEqual(summary.stoppedBy, 'completed');
      assert.strictEqual(summary.epochs.length, 4);
      assert.strictEqual(summary.trainPairs + summary.validationPairs, 320);
      const first = summary.epochs[0];
      const last = summary.epochs[summary.epochs.length - 1];
      assert.ok(last.trainLoss < first.trainLoss / 3, `loss ${first.trainLoss} -> ${last.trainLoss}`);
      assert.ok(last.exactMatch >= 0.9, `validation exact match ${last.exactMatch}`);
      const ev = evaluateModel(model, reversalPairs(64), { batchSize: 20 });
      assert.ok(ev.exactMatch >= 0.9, `exact match ${ev.exactMatch}`);
      assert.ok(ev.tokenAccuracy >= ev.exactMatch);
      assert.strictEqual(ev.predictions.length, 64);
      assert.ok(ev.chrf > 90);
      const r = model.translate('abc', { modelId: 'm', beamWidth: 1, topK: 2 }).hypotheses[0];
      assert.strictEqual(r.text, 'cba');
      assert.ok(r.finished);
    } finally {
      model.dispose();
    }
  });

  it('the same seed gives the same run; another seed another', async function () {
    this.timeout(60000);
    const pairs = reversalPairs(96);
    const run = async (seed: number): Promise<{ loss: number; weights: NamedWeight[] }> => {
      const { model, summary } = await trainModel({ config: small('bahdanau'), train: fast({ seed, batchSize: 16 }), pairs, datasetName: 'r' });
      const weights = model.getWeights();
      model.dispose();
      return { loss: summary.epochs[0].trainLoss, weights };
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    assert.strictEqual(a.loss, b.loss);
    a.weights.forEach((w, i) => assert.deepStrictEqual(Array.from(w.values), Array.from(b.weights[i].values), w.name));
    assert.notStrictEqual(a.loss, c.loss);
  });

  it('cancel returns the last completed epoch\'s weights', async function () {
    this.timeout(60000);
    const pairs = reversalPairs(128);
    let afterEpoch1: NamedWeight[] | null = null;
    let batches = 0;
    const { model, summary } = await trainModel({
      config: small('luong-dot'), train: fast({ epochs: 5, batchSize: 16 }), pairs, datasetName: 'r',
      hooks: {
        onBatch: () => { batches++; },
        onEpoch: (metrics, m) => { if (metrics.epoch === 1) afterEpoch1 = m.getWeights(); },
        // Epoch 1 has 8 batches (115 training pairs / 16); cancel in the middle of epoch 2.
        isCancelled: () => batches >= 11,
      },
    });
    try {
      assert.strictEqual(summary.stoppedBy, 'cancelled');
      assert.strictEqual(summary.epochs.length, 1);
      assert.strictEqual(batches, 11);
      assert.ok(afterEpoch1);
      const now = model.getWeights();
      (afterEpoch1 as NamedWeight[]).forEach((w, i) => assert.deepStrictEqual(Array.from(now[i].values), Array.from(w.values), w.name));
    } finally {
      model.dispose();
    }
  });

  it('teacher forcing below 1 trains from the model\'s own predictions, and nothing leaks', async function () {
    this.timeout(60000);
    const before = tf.memory().numTensors;
    const { model, summary } = await trainModel({
      config: small('luong-general', { cell: 'gru' }), train: fast({ epochs: 3, teacherForcingRatio: 0.5 }), pairs: reversalPairs(128), datasetName: 'r',
    });
    assert.ok(summary.epochs[2].trainLoss < summary.epochs[0].trainLoss);
    model.dispose();
    assert.strictEqual(tf.memory().numTensors, before, 'optimizer state and batches are freed');
  });

  it('skips pairs longer than the limits and says so; builds capped vocabularies', async function () {
    this.timeout(60000);
    const pairs = [...reversalPairs(40), { source: 'abcdefghijklmnop', target: 'x', line: 99 }, { source: '', target: 'a', line: 100 }];
    const { model, summary } = await trainModel({
      config: small('baseline', { maxSourceLength: 10 }), train: fast({ maxVocabSize: 6 }), pairs, datasetName: 'r',
      validation: reversalPairs(8),
    });
    try {
      assert.strictEqual(summary.trainPairs, 40);
      assert.strictEqual(summary.validationPairs, 8);
      const notes = (summary.notes ?? []).join(' | ');
      assert.match(notes, /skipped 1 pair longer than 10 source/);
      assert.match(notes, /skipped 1 pair with an empty side/);
      assert.match(notes, /left out by the caps/);
      assert.strictEqual(model.sourceVocab.size, 6);
    } finally {
      model.dispose();
    }
  });

  it('continues from a trained model: its vocabularies and weights, the start left as it was, kept when nothing improves', async function () {
    this.timeout(120000);
    const pairs = reversalPairs(320);
    const first = await trainModel({ config: small('luong-dot'), train: fast({ epochs: 2, batchSize: 16, learningRate: 2e-2 }), pairs, datasetName: 'reverse' });
    const startWeights = first.model.getWeights();
    try {
      const more = await trainModel({
        config: small('luong-dot', { dropout: 0 }), train: fast({ epochs: 1, batchSize: 16, learningRate: 2e-3 }), pairs, datasetName: 'reverse',
        continueFrom: first.model,
      });
      try {
        assert.deepStrictEqual(more.model.sourceVocab.tokens, first.model.sourceVocab.tokens);
        assert.deepStrictEqual(more.model.targetVocab.tokens, first.model.targetVocab.tokens);
        assert.ok((more.summary.notes ?? []).some(n => n.startsWith('continued from a trained model')), JSON.stringify(more.summary.notes));
        // It started where the first run ended, not from fresh weights: its first epoch beats the first run's first.
        assert.ok(more.summary.epochs[0].validationLoss < first.summary.epochs[0].validationLoss,
          `${more.summary.epochs[0].validationLoss} vs ${first.summary.epochs[0].validationLoss}`);
        first.model.getWeights().forEach((w, i) => assert.deepStrictEqual(Array.from(w.values), Array.from(startWeights[i].values), `start changed: ${w.name}`));
      } finally {
        more.model.dispose();
      }
      // A learning rate that only makes things worse: the start is kept (epoch 0).
      const worse = await trainModel({
        config: small('luong-dot'), train: fast({ epochs: 1, batchSize: 16, learningRate: 1 }), pairs, datasetName: 'reverse', continueFrom: first.model,
      });
      try {
        assert.strictEqual(worse.summary.bestEpoch, 0);
        worse.model.getWeights().forEach((w, i) => assert.deepStrictEqual(Array.from(w.values), Array.from(startWeights[i].values), `not the start: ${w.name}`));
      } finally {
        worse.model.dispose();
      }
    } finally {
      first.model.dispose();
    }
  });

  it('refuses a bad training configuration clearly', async () => {
    await assert.rejects(trainModel({ config: small('luong-dot'), train: fast({ batchSize: 0 }), pairs: reversalPairs(8), datasetName: 'r' }), /batchSize must be a positive integer/);
    await assert.rejects(trainModel({ config: small('luong-dot'), train: fast(), pairs: [{ source: '', target: '', line: 1 }], datasetName: 'd.tsv' }), /No usable training pairs in d.tsv/);
  });

  it('says why no pair is usable with coded reasons (the host words them in the display language)', async () => {
    const pairs = [{ source: 'abcdefghijklmnop', target: 'x', line: 1 }, { source: 'abcdefghijklmnopq', target: 'y', line: 2 }];
    const refusal = await trainModel({ config: small('luong-dot', { maxSourceLength: 10, maxTargetLength: 12 }), train: fast(), pairs, datasetName: 'd.tsv', validation: reversalPairs(2) })
      .then(() => assert.fail('trained on pairs longer than the limits'), (e: unknown) => e);
    const m = codedMessageOf(refusal);
    assert.strictEqual(m?.code, 'train.noUsablePairsWhy');
    const notes = m?.params.notes;
    assert.ok(Array.isArray(notes), 'the reasons travel as coded messages, not as English text');
    assert.deepStrictEqual(notes.map(n => n.code), ['train.noteSkippedLong']);
    assert.strictEqual(m?.message, 'No usable training pairs in d.tsv (skipped 2 pairs longer than 10 source / 12 target tokens).');
  });
});

describe('engine batching by length', () => {
  it('covers every pair once, groups similar lengths and is seeded', () => {
    const lengths = Array.from({ length: 100 }, (_, i) => 3 + ((i * 37) % 20));
    const a = bucketedBatches(lengths, 8, mulberry32(1));
    const b = bucketedBatches(lengths, 8, mulberry32(1));
    const c = bucketedBatches(lengths, 8, mulberry32(2));
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(a, c);
    assert.deepStrictEqual(a.flat().sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
    assert.strictEqual(a.length, 13);
    // Sorted by length before cutting: 8 consecutive pairs span at most 3 neighbouring lengths (5 per length).
    for (const batch of a) {
      const ls = batch.map(i => lengths[i]);
      assert.ok(Math.max(...ls) - Math.min(...ls) <= 2, `batch lengths ${ls}`);
    }
  });
});
