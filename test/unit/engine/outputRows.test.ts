/**
 * Training sends only the real target tokens through the output layer (decoder.ts `outputRowsOf`): the
 * loss and every gradient must equal those of the whole [T * B] grid with the padded rows masked out (the scheduled-sampling
 * path, which keeps every row, with a teacher that always feeds the true token).
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

describe('output layer on the real target rows only', () => {
  useCpuBackend();
  const v = vocabFrom(['abcdef'], 'char');
  // Targets of 1, 4 and 2 tokens: most of the grid is padding.
  const src = ['abcdef', 'fe', 'cab'].map(s => v.encode([...s]));
  const tgt = ['d', 'efab', 'ca'].map(s => v.encode([...s]));

  for (const mechanism of ['luong-dot', 'peeky', 'bahdanau'] as const) {
    it(`gives the whole grid's masked loss and gradients (${mechanism})`, () => {
      const model = Seq2SeqModel.create(tinyConfig(mechanism), v, v, 5);
      try {
        const run = (f: () => tf.Scalar): { loss: number; grads: Float32Array[] } => tf.tidy(() => {
          const { value, grads } = tf.variableGrads(f, model.variables());
          return { loss: value.dataSync()[0], grads: model.variables().map(x => Float32Array.from(grads[x.name].dataSync() as Float32Array)) };
        });
        const selected = run(() => model.loss(src, tgt));
        // A teacher that always feeds the true token is plain teacher forcing, computed on the whole grid.
        const whole = run(() => model.loss(src, tgt, () => true));
        assert.ok(selected.loss > 0);
        assert.ok(Math.abs(selected.loss - whole.loss) < 1e-6, `loss ${selected.loss} vs ${whole.loss}`);
        selected.grads.forEach((g, i) => g.forEach((x, k) => {
          assert.ok(Math.abs(x - whole.grads[i][k]) <= 1e-5 + 1e-4 * Math.abs(x), `variable ${i} entry ${k}: ${x} vs ${whole.grads[i][k]}`);
        }));
      } finally {
        model.dispose();
      }
    });
  }
});
