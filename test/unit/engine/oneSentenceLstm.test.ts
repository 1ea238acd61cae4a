/**
 * The plain-JS one-sentence LSTM used when decoding a selection equals the tfjs LSTM op (forward and
 * backward directions, wasm and cpu), and translate (which uses it) gives the same tokens as batched
 * greedy decoding (which does not).
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { lstmSequence, lstmSequenceOneSentence, runLayer } from '../../../src/shared/engine/rnn';
import { tinyConfig, vocabFrom } from './engineHelpers';

function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = ((s / 2147483648) * 2 - 1) * scale;
  }
  return out;
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  assert.deepStrictEqual(a.shape, b.shape);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

describe('one-sentence LSTM in plain JS (decode path)', () => {
  after(async () => {
    await initBackend('cpu');
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    for (const reverse of [false, true]) {
      it(`${backend}: equals lstmSequence, reverse ${reverse}`, async () => {
        assert.strictEqual(await initBackend(backend), backend);
        const T = 13;
        const H = 16;
        tf.tidy(() => {
          const x = tf.tensor3d(values(T * 4 * H, 1, 2), [T, 1, 4 * H]);
          const h0 = tf.tensor2d(values(H, 2, 0.5), [1, H]);
          const c0 = tf.tensor2d(values(H, 3, 0.5), [1, H]);
          const wh = tf.tensor2d(values(H * 4 * H, 4, 0.4), [H, 4 * H]);
          const ref = lstmSequence(x, h0, c0, wh, null, reverse);
          const js = lstmSequenceOneSentence(x, h0, c0, wh, reverse);
          assert.ok(maxDiff(ref.outputs, js.outputs) < 1e-5, 'outputs');
          assert.ok(maxDiff(ref.final.h, js.final.h) < 1e-5, 'final h');
          assert.ok(maxDiff(ref.final.c as tf.Tensor, js.final.c as tf.Tensor) < 1e-5, 'final c');
          // runLayer picks it only for inference of one unpadded sentence.
          const viaLayer = runLayer('lstm', { kernel: wh, recurrent: wh, bias: tf.zeros([4 * H]) }, x, { h: h0, c: c0 }, null, reverse, true);
          assert.ok(maxDiff(viaLayer.outputs, js.outputs) === 0, 'runLayer(inference) uses the JS path');
        });
      });
    }
  }

  it('translate (JS encoder) and batched greedy decoding (tfjs encoder) agree, bidirectional 2-layer', async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
    const texts = ['abc dd', 'gfe', 'a', 'dcba gg fe'];
    const src = vocabFrom(texts, 'char');
    const tgt = vocabFrom(['xyz', 'zz y', 'x'], 'char');
    for (const mechanism of ['luong-dot', 'bahdanau'] as const) {
      const model = Seq2SeqModel.create(tinyConfig(mechanism, { layers: 2, residual: true, bidirectional: true }), src, tgt, 11);
      try {
        for (const text of texts) {
          const r = model.translate(text, { modelId: 'm', beamWidth: 1, topK: 2 }).hypotheses[0];
          const ids = src.encode([...text]);
          const greedy = model.greedyIds([model.config.reverseSource ? ids.reverse() : ids])[0];
          assert.deepStrictEqual(r.output, greedy.map(id => tgt.token(id)), `${mechanism}: '${text}'`);
        }
      } finally {
        model.dispose();
      }
    }
  });
});
