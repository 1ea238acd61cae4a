/** Development probe (not part of the CLI): step timings of DataParallelGradients on the book config. */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readDataset } from '../../shared/data/index';
import { BOOK_MODEL, DEFAULT_MODEL, initBackend, makeModelConfig } from '../../shared/engine/index';
import { Seq2SeqModel } from '../../shared/engine/model';
import { DataParallelGradients } from '../../shared/engine/parallel/dataParallel';
import { Vocab } from '../../shared/text/vocab';
import { FlatAdam } from '../../shared/engine/optimizer';

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
  const opt = new FlatAdam(model.variables(), 1e-3);
  const sum = { toH: 0, fromH: 0, step: 0, own: 0, helper: 0, wait: 0, combine: 0, publish: 0, adam: 0 };
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now();
    const r = await dp.computeGradients(sources, targets);
    const t1 = performance.now();
    tf.tidy(() => opt.apply(r.grads, 5));
    tf.dispose(Object.values(r.grads));
    model.variables()[0].dataSync();
    const t2 = performance.now();
    const lt = dp.lastTimings!;
    if (process.env.EACH) console.log(JSON.stringify(lt, (k, v) => typeof v === "number" ? Math.round(v) : v));
    if (i > 0) { sum.toH += lt.toHelper[0]; sum.fromH += lt.fromHelper[0]; sum.step += t2 - t0; sum.own += lt.own; sum.helper += lt.helpers[0]; sum.wait += lt.wait; sum.combine += lt.combine; sum.publish += lt.publish; sum.adam += t2 - t1; }
  }
  console.log('dp avg', JSON.stringify(Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, Math.round(v / (Number(n) - 1))]))));
  let single = 0;
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now();
    tf.tidy(() => { const g = tf.variableGrads(() => model.loss(sources, targets), model.variables()); opt.apply(g.grads, 5); g.value.dataSync(); });
    if (i > 0) single += performance.now() - t0;
  }
  console.log('single avg', Math.round(single / (Number(n) - 1)));
  await dp.dispose();
}
void main();
