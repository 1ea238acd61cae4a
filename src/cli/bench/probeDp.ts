/** Development probe (not part of the CLI): step timings of DataParallelGradients on the book config. */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readDataset } from '../../shared/data/index';
import { BOOK_MODEL, DEFAULT_MODEL, initBackend, makeModelConfig } from '../../shared/engine/index';
import { Seq2SeqModel } from '../../shared/engine/model';
import { DataParallelGradients } from '../../shared/engine/parallel/dataParallel';
import { Vocab } from '../../shared/text/vocab';

async function main(): Promise<void> {
  const [which = 'book', n = '8'] = process.argv.slice(2);
  await initBackend('wasm');
  const pairs = readDataset({ name: 'date-train.txt', bytes: new Uint8Array(fs.readFileSync('/work/shared/data/date-train.txt')) }).pairs.slice(0, 2000);
  const book = which === 'book';
  const B = book ? 128 : 64;
  const config = makeModelConfig('date', 'luong-dot', book ? { ...BOOK_MODEL } : { ...DEFAULT_MODEL });
  const sv = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...new Set(pairs.flatMap(p => [...p.source]))]);
  const tv = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...new Set(pairs.flatMap(p => [...p.target]))]);
  const model = Seq2SeqModel.create(config, sv, tv, 1);
  const batch = pairs.slice(0, B);
  const sources = batch.map(p => sv.encode([...p.source]).reverse());
  const targets = batch.map(p => tv.encode([...p.target]));
  const dp = await DataParallelGradients.start(model, { helpers: 1 });
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now();
    const r = await dp.computeGradients(sources, targets);
    tf.dispose(Object.values(r.grads));
    console.log(`dp step ${(performance.now() - t0).toFixed(0)} ms`, JSON.stringify(dp.lastTimings, (k, v) => typeof v === 'number' ? Math.round(v) : v));
  }
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now();
    tf.tidy(() => { const g = tf.variableGrads(() => model.loss(sources, targets), model.variables()); g.value.dataSync(); });
    console.log(`single step ${(performance.now() - t0).toFixed(0)} ms`);
  }
  await dp.dispose();
}
void main();
