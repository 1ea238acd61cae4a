/**
 * Measures opening a large fairseq output the way Open Attention File... does: generates a file of
 * --sentences sentences with soft alignments (seeded, about 2 KB a sentence, so 100,000 make ~200 MB),
 * then in a fresh process indexes it from a read stream and reads sentence 0 on demand (the time to the
 * first sentence, and the peak resident memory). With --compare-whole it also reads the same file whole
 * and parses every sentence (what a reader without the index would do), in another fresh process, and
 * prints the ratios of the two.
 *
 *   npx tsc -p . --outDir out && node out/src/scripts/measure-attention-index.js [--sentences 100000] [--file F] [--compare-whole]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { entryFromSentence } from '../shared/attentionFiles/entry';
import { readFairseq } from '../shared/attentionFiles/fairseq';
import { readAttentionText } from '../shared/attentionFiles/index';
import { splitLines } from '../shared/attentionFiles/lines';
import { mulberry32 } from '../shared/engine/random';
import { indexFairseqPath, readPathRange } from '../extension/attentionFileStream';
import { positiveInt } from './options';

const WORDS = ['das', 'haus', 'ist', 'klein', 'und', 'alt', 'der', 'mann', 'sieht', 'den', 'hund', 'im', 'garten', 'heute'];

/** Writes a fairseq generate output with soft alignments, sentences in a shuffled order as fairseq prints them. */
function generate(file: string, sentences: number): void {
  const rand = mulberry32(1984);
  const fd = fs.openSync(file + '.tmp', 'w');
  const order = Array.from({ length: sentences }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  let buf = '';
  for (const id of order) {
    const s = 10 + Math.floor(rand() * 8);
    const t = 10 + Math.floor(rand() * 8);
    const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)] + (rand() < 0.2 ? '@@' : '');
    const src = Array.from({ length: s }, pick).join(' ');
    const hyp = Array.from({ length: t }, pick).join(' ');
    const rows: string[] = [];
    for (let r = 0; r <= t; r++) {
      const w = Array.from({ length: s + 1 }, () => rand() + 1e-3);
      const sum = w.reduce((a, b) => a + b, 0);
      rows.push(w.map(x => (x / sum).toFixed(6)).join(','));
    }
    const probs = Array.from({ length: t + 1 }, () => (-rand()).toFixed(4)).join(' ');
    buf += `S-${id}\t${src}\nT-${id}\t${src}\nH-${id}\t-0.5\t${hyp}\nD-${id}\t-0.5\t${hyp}\nP-${id}\t${probs}\nA-${id}\t${rows.join(' ')}\n`;
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  fs.renameSync(file + '.tmp', file);
}

interface Figures { mode: string; firstSentenceMs: number; indexMs?: number; peakRssMB: number; heapUsedMB: number; sentences: number }

const mb = (n: number): number => Math.round(n / 1048576);

async function child(mode: string, file: string): Promise<Figures> {
  let peak = process.memoryUsage().rss;
  const sample = (): void => { peak = Math.max(peak, process.memoryUsage().rss); };
  const t0 = performance.now();
  if (mode === 'indexed') {
    const index = await indexFairseqPath(file, sample);
    const indexMs = performance.now() - t0;
    const first = index[0];
    const f = readFairseq(splitLines(await readPathRange(file, first.start, first.end), first.line), path.basename(file));
    const built = entryFromSentence(f.sentences[0], { format: 'fairseq', fileName: path.basename(file), hideEos: false });
    if (!built) throw new Error('sentence 0 did not build');
    sample();
    return { mode, indexMs, firstSentenceMs: performance.now() - t0, peakRssMB: mb(peak), heapUsedMB: mb(process.memoryUsage().heapUsed), sentences: index.length };
  }
  const text = fs.readFileSync(file, 'utf8');
  sample();
  const f = readAttentionText(text, path.basename(file));
  sample();
  if (!f) throw new Error('not recognised');
  const built = entryFromSentence(f.sentences[0], { format: 'fairseq', fileName: path.basename(file), hideEos: false });
  if (!built) throw new Error('sentence 0 did not build');
  sample();
  return { mode, firstSentenceMs: performance.now() - t0, peakRssMB: mb(peak), heapUsedMB: mb(process.memoryUsage().heapUsed), sentences: f.sentences.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sentences: { type: 'string' }, file: { type: 'string' }, mode: { type: 'string' }, 'compare-whole': { type: 'boolean' } } });
  if (values.mode) {
    process.stdout.write(JSON.stringify(await child(values.mode, values.file as string)) + '\n');
    return;
  }
  const sentences = positiveInt('sentences', values.sentences) ?? 100_000;
  const file = values.file ?? path.join(os.tmpdir(), `fairseq-soft-${sentences}.txt`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    generate(file, sentences);
    process.stderr.write(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const size = fs.statSync(file).size;
  console.log(`file: ${file}, ${mb(size)} MB, ${sentences} sentences`);
  const run = (mode: string): Figures => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, '--mode', mode, '--file', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Figures;
  };
  const indexed = run('indexed');
  console.log(`indexed: index ${Math.round(indexed.indexMs ?? 0)} ms, first sentence shown after ${Math.round(indexed.firstSentenceMs)} ms, peak RSS ${indexed.peakRssMB} MB, heap ${indexed.heapUsedMB} MB, ${indexed.sentences} sentences indexed`);
  if (values['compare-whole']) {
    const whole = run('whole');
    console.log(`whole:   first sentence after ${Math.round(whole.firstSentenceMs)} ms, peak RSS ${whole.peakRssMB} MB, heap ${whole.heapUsedMB} MB, ${whole.sentences} sentences parsed`);
    console.log(`ratios (whole / indexed): time ${(whole.firstSentenceMs / indexed.firstSentenceMs).toFixed(2)}x, peak RSS ${(whole.peakRssMB / indexed.peakRssMB).toFixed(2)}x`);
  }
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`); process.exitCode = 1; });
