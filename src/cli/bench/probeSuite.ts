/** Development probe: the suite without the CLI. `node probeSuite.js quick|normal|full [t99]`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDataset } from '../../shared/data/index';
import { initBackend } from '../../shared/engine/index';
import { formatSuite, runMemoryChild, runSpeedSuite, type BenchSize } from './suite';

async function main(): Promise<void> {
  const [size = 'quick', t99 = ''] = process.argv.slice(2);
  const backend = await initBackend('wasm');
  const read = (f: string) => readDataset({ name: f, bytes: new Uint8Array(fs.readFileSync(`/work/shared/data/${f}`)) }).pairs;
  if (await runMemoryChild(read('date-train.txt'))) return;
  const r = await runSpeedSuite({ size: size as BenchSize, train: read('date-train.txt'), test: read('date-test.txt'), mechanism: 'luong-dot', seed: 1984,
    timeTo99: t99 === 't99', maxEpochs: 3, decodeRuns: 0, shippedDir: path.resolve('media/models'), distDir: path.resolve('dist'), note: t => process.stderr.write(t + '\n') }, backend);
  console.log(formatSuite(r));
  fs.writeFileSync('/tmp/speed/suite.json', JSON.stringify(r, null, 2));
}
void main();
