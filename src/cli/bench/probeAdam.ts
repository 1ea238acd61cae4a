/** Development probe: FlatAdam.apply time for the book model. */
import * as tf from '@tensorflow/tfjs';
import { BOOK_MODEL, initBackend, makeModelConfig } from '../../shared/engine/index';
import { Seq2SeqModel } from '../../shared/engine/model';
import { FlatAdam } from '../../shared/engine/optimizer';
import { Vocab } from '../../shared/text/vocab';

async function main(): Promise<void> {
  await initBackend('wasm');
  const sv = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...'abcdefghijklmnopqrstuvwxyz0123456789 ,/'.split('')]);
  const model = Seq2SeqModel.create(makeModelConfig('d', 'luong-dot', { ...BOOK_MODEL }), sv, sv, 1);
  const vars = model.variables();
  console.log('params', vars.reduce((a, v) => a + v.size, 0));
  const grads: tf.NamedTensorMap = {};
  for (const v of vars) grads[v.name] = tf.randomNormal(v.shape);
  const opt = new FlatAdam(vars, 1e-3);
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    tf.tidy(() => opt.apply(grads, 5));
    vars[0].dataSync();
    const t1 = performance.now();
    model.getWeights();
    console.log('adam', (t1 - t0).toFixed(1), 'ms; getWeights', (performance.now() - t1).toFixed(1));
  }
}
void main();
