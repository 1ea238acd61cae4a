/** Development probe (not part of the CLI): tf.profile peak bytes of one book training step. */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readDataset } from '../../shared/data/index';
import { BOOK_MODEL, DEFAULT_MODEL, initBackend, makeModelConfig } from '../../shared/engine/index';
import { Seq2SeqModel } from '../../shared/engine/model';
import { Vocab } from '../../shared/text/vocab';
import { wasmHeapMB } from './memory';

async function main(): Promise<void> {
  const [which = 'book', bs = '128', mode = 'train'] = process.argv.slice(2);
  await initBackend('wasm');
  const pairs = readDataset({ name: 'date-train.txt', bytes: new Uint8Array(fs.readFileSync('/work/shared/data/date-train.txt')) }).pairs.slice(0, 2000);
  const B = Number(bs);
  const config = makeModelConfig('date', 'luong-dot', which === 'book' ? { ...BOOK_MODEL } : { ...DEFAULT_MODEL });
  const sv = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...new Set(pairs.flatMap(p => [...p.source]))]);
  const tv = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...new Set(pairs.flatMap(p => [...p.target]))]);
  const model = Seq2SeqModel.create(config, sv, tv, 1);
  const batch = pairs.slice(0, B);
  const sources = batch.map(p => sv.encode([...p.source]).reverse());
  const targets = batch.map(p => tv.encode([...p.target]));
  console.log('T_src', Math.max(...sources.map(s => s.length)), 'T_tgt', Math.max(...targets.map(s => s.length)) + 1);
  for (let i = 0; i < 2; i++) {
    const info = await tf.profile(() => {
      if (mode === 'train') tf.tidy(() => { const g = tf.variableGrads(() => model.loss(sources, targets), model.variables()); g.value.dataSync(); });
      else if (mode === 'nll') model.nll(sources, targets);
      else model.greedyIds(sources);
    });
    const byKernel = new Map<string, number>();
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + 1);
    if (i === 1 && process.env.TIMES) {
      const t = new Map<string, [number, number]>();
      for (const k of info.kernels) { const e = t.get(k.name) ?? [0, 0]; e[0] += Number(k.kernelTimeMs) || 0; e[1]++; t.set(k.name, e); }
      console.log(JSON.stringify([...t].sort((a, b) => b[1][0] - a[1][0]).slice(0, 20).map(([n, [ms, c]]) => [n, +ms.toFixed(1), c])));
      const mm = info.kernels.filter(k => k.name === (process.env.KN ?? 'BatchMatMul')).sort((a, b) => (Number(b.kernelTimeMs) || 0) - (Number(a.kernelTimeMs) || 0)).slice(0, 12);
      for (const k of mm) console.log('   mm', Number(k.kernelTimeMs).toFixed(2), JSON.stringify(k.inputShapes), JSON.stringify(k.extraInfo));
    }
    if (i === 1) {
      let best = 0; let at = 0;
      info.kernels.forEach((k, j) => { if (k.totalBytesSnapshot > best) { best = k.totalBytesSnapshot; at = j; } });
      console.log('peak at kernel', at, info.kernels[at].name, (best / 2 ** 20).toFixed(1));
      const top = [...info.kernels].sort((a, b) => b.bytesAdded - a.bytesAdded).slice(0, 12);
      for (const k of top) console.log('  ', k.name, (k.bytesAdded / 2 ** 20).toFixed(2), JSON.stringify(k.outputShapes), JSON.stringify(k.inputShapes));
      const sums = new Map<string, number>();
      for (const k of info.kernels.slice(0, at + 1)) sums.set(k.name, (sums.get(k.name) ?? 0) + k.bytesAdded);
      console.log('  added up to peak by kernel:', JSON.stringify([...sums].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([n, b]) => [n, +(b / 2 ** 20).toFixed(1)])));
    }
    console.log(mode, 'peakMB', (info.peakBytes / 2 ** 20).toFixed(1), 'newMB', (info.newBytes / 2 ** 20).toFixed(1), 'kernels', info.kernels.length, 'wasmHeap', wasmHeapMB(), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
  }
}
void main();
