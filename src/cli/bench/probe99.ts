/** Development probe: time to 99 %. `node probe99.js workers checkEvery`. */
import * as fs from 'node:fs';
import { readDataset } from '../../shared/data/index';
import { initBackend } from '../../shared/engine/index';
import { measureTimeTo99 } from './timeTo99';

async function main(): Promise<void> {
  const [w = '1', every = '64'] = process.argv.slice(2);
  await initBackend('wasm');
  const read = (f: string) => readDataset({ name: f, bytes: new Uint8Array(fs.readFileSync(`/work/shared/data/${f}`)) }).pairs;
  const r = await measureTimeTo99({ train: read('date-train.txt'), test: read('date-test.txt'), mechanism: 'luong-dot', seed: 1984, maxEpochs: 3,
    workers: Number(w) as 1 | 2, checkEvery: Number(every), subset: 500, onNote: t => console.log(t) });
  console.log(JSON.stringify({ ...r, checks: undefined }));
}
void main();
