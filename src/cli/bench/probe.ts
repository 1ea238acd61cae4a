/** Development probe (not part of the CLI): `node out/src/cli/bench/probe.js book|default 1|2 [batches]`. */
import * as fs from 'node:fs';
import { readDataset } from '../../shared/data/index';
import { BOOK_MODEL, BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN, initBackend, makeModelConfig, makeTrainConfig } from '../../shared/engine/index';
import { measureThroughput } from "./throughput";
import { wasmHeapMB } from "./memory";

async function main(): Promise<void> {
  const [which = 'book', w = '1', n = '10'] = process.argv.slice(2);
  await initBackend('wasm');
  const pairs = readDataset({ name: 'date-train.txt', bytes: new Uint8Array(fs.readFileSync('/work/shared/data/date-train.txt')) }).pairs.slice(0, 20000);
  const book = which === 'book';
  const config = makeModelConfig('date', 'luong-dot', book ? { ...BOOK_MODEL } : { ...DEFAULT_MODEL });
  const train = makeTrainConfig(book ? { ...BOOK_TRAIN } : { ...DEFAULT_TRAIN });
  const r = await measureThroughput(config, train, pairs, { workers: Number(w) as 1 | 2, warmupBatches: 3, batches: Number(n) });
  console.log(JSON.stringify({ which, ...r, rss: process.memoryUsage().rss / 2 ** 20, wasm: wasmHeapMB() }));
}
void main();
