/** Development probe (not part of the CLI): RSS per epoch, book config. `node probeMem.js 1|2 pairs epochs`. */
import * as fs from 'node:fs';
import { readDataset } from '../../shared/data/index';
import { BOOK_MODEL, BOOK_TRAIN, initBackend, makeModelConfig, makeTrainConfig } from '../../shared/engine/index';
import { measureTrainingMemory } from './memory';

async function main(): Promise<void> {
  const [w = '1', n = '2000', e = '3'] = process.argv.slice(2);
  await initBackend('wasm');
  const pairs = readDataset({ name: 'date-train.txt', bytes: new Uint8Array(fs.readFileSync('/work/shared/data/date-train.txt')) }).pairs.slice(0, Number(n));
  const r = await measureTrainingMemory(makeModelConfig('date', 'luong-dot', { ...BOOK_MODEL }), makeTrainConfig({ ...BOOK_TRAIN }), pairs,
    { workers: Number(w) as 1 | 2, epochs: Number(e), onEpoch: s => console.log(JSON.stringify(s, (k, v) => typeof v === 'number' ? Math.round(v * 10) / 10 : v)) });
  console.log(JSON.stringify({ start: r.startRssMB, peak: r.peakRssMB, growth: r.growthMB }));
}
void main();
