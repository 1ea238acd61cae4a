/**
 * Dropout in training: it changes the training loss (units are really dropped), it is reproducible from
 * the seed, it leaves validation loss and translations untouched, and it leaks no tensors.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import type { Mechanism } from '../../../src/shared/engine/types';
import { tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

const SOURCES = [[4, 5, 6, 7], [5, 6, 7, 8]];
const TARGETS = [[4, 5, 6], [6, 7, 8]];

describe('engine: dropout', () => {
  useCpuBackend();

  for (const mechanism of ['luong-dot', 'bahdanau', 'peeky'] as Mechanism[]) {
    it(`${mechanism}: training loss changes, reproducibly; inference does not`, () => {
      const src = vocabFrom(['abcdefgh'], 'char');
      const tgt = vocabFrom(['abcdefgh'], 'char');
      const plain = Seq2SeqModel.create(tinyConfig(mechanism), src, tgt, 11);
      const dropped = Seq2SeqModel.create({ ...tinyConfig(mechanism), dropout: 0.5 }, src, tgt, 11);
      const again = Seq2SeqModel.create({ ...tinyConfig(mechanism), dropout: 0.5 }, src, tgt, 11);
      try {
        const loss = (m: Seq2SeqModel): number => tf.tidy(() => m.loss(SOURCES, TARGETS).dataSync()[0]);
        const before = tf.memory().numTensors;
        const a = loss(plain);
        const b = loss(dropped);
        assert.strictEqual(tf.memory().numTensors, before, 'no tensor leaked');
        assert.notStrictEqual(a, b, 'units were dropped');
        assert.strictEqual(loss(again), b, 'the same seed drops the same units');
        assert.notStrictEqual(loss(dropped), b, 'each step draws new masks');
        assert.deepStrictEqual(dropped.nll(SOURCES, TARGETS).perPair, plain.nll(SOURCES, TARGETS).perPair, 'validation loss without dropout');
        const t = (m: Seq2SeqModel) => m.translate('abcd', { modelId: 'm', beamWidth: 1, topK: 0 }).hypotheses[0];
        assert.deepStrictEqual(t(dropped).probabilities, t(plain).probabilities, 'translation without dropout');
      } finally {
        plain.dispose();
        dropped.dispose();
        again.dispose();
      }
    });
  }

  it('refuses a rate outside [0, 1)', () => {
    const v = vocabFrom(['ab'], 'char');
    assert.throws(() => Seq2SeqModel.create({ ...tinyConfig('luong-dot'), dropout: 1 }, v, v, 1), /dropout must be in \[0, 1\)/);
  });
});
