/**
 * `seq2seq-attention bench peers`: training speed of the engine and of the PyTorch reference side by side
 * (src/cli/bench/peerSpeed.ts) on the book's configuration, the default date model and a subword
 * translation model, and single-thread sgemm of both. Numbers for this machine; nothing is asserted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDataset, type Pair } from '../../shared/data/index';
import { BOOK_MODEL, BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN, makeModelConfig, makeTrainConfig, nativeStatus } from '../../shared/engine/index';
import { mulberry32, shuffleInPlace } from '../../shared/engine/random';
import type { PeersBenchOptions } from '../args';
import { runPeersBench, type PeerProcess, type PeersResult, type Workload } from '../bench/peerSpeed';
import { formatPeers } from '../bench/peerSpeedTable';
import { syntheticTranslationPairs } from '../bench/syntheticTranslation';
import { DEFAULT_PYTHONS, findPeerScript, findTorch, TORCH_INSTALL_HINT } from '../bench/torchPeer';
import { startBackend } from '../engineSetup';
import { CliError, findDataFile } from '../files';
import { note, out, printJson } from '../output';
import { loadDates } from './bench';

/** [warm-up, timed] batches per workload (even counts: two-worker delayed training reports its batches in pairs). */
interface Plan { repeats: number; book: [number, number]; default: [number, number]; translation: [number, number]; sgemmRuns: number }

export const PEERS_PLANS: Record<PeersBenchOptions['size'] | 'tiny', Plan> = {
  quick: { repeats: 1, book: [2, 8], default: [6, 30], translation: [2, 6], sgemmRuns: 10 },
  normal: { repeats: 3, book: [2, 20], default: [10, 100], translation: [2, 16], sgemmRuns: 20 },
  full: { repeats: 5, book: [4, 40], default: [10, 200], translation: [2, 32], sgemmRuns: 30 },
  tiny: { repeats: 1, book: [2, 2], default: [2, 2], translation: [2, 2], sgemmRuns: 3 },
};

/** torch.mm / tf.matMul shapes: square 1024 and 512, and the book's LSTM gate product (batch 128, hidden 256 -> 4 x 256). */
export const SGEMM_SHAPES: [number, number, number][] = [[1024, 1024, 1024], [512, 512, 512], [256, 1024, 1024], [128, 256, 1024]];
const TINY_SGEMM_SHAPES: [number, number, number][] = [[64, 64, 64], [32, 64, 128]];

/** The reference, or why there is none (a message with what to do). */
function findPeer(o: PeersBenchOptions): { peer: PeerProcess | null; missing: string | null } {
  if (!o.peer) return { peer: null, missing: null };
  const script = o.peerScript ?? findPeerScript(__dirname);
  if (script === null) return { peer: null, missing: `the reference script (torch_seq2seq.py) is not beside ${__dirname} nor in a source tree above it; pass --peer-script` };
  const { found, failures } = findTorch(o.python !== undefined ? [o.python] : DEFAULT_PYTHONS, path.resolve(script));
  if (!found) return { peer: null, missing: `no Python with PyTorch (${failures.join('; ')}); ${TORCH_INSTALL_HINT}` };
  return { peer: { python: found.python, script: path.resolve(script), torch: found.torch }, missing: null };
}

/** Translation pairs: a seeded sample of the file (Tatoeba files are sorted by length), or generated ones. */
function translationPairs(o: PeersBenchOptions, count: number): { pairs: Pair[]; source: string } {
  const file = o.translationData === 'synthetic' ? null : o.translationData ?? (o.tiny ? null : findDataFile('fra-eng.tsv'));
  if (file === null) return { pairs: syntheticTranslationPairs(count, o.seed), source: `generated (${count} pairs of two invented languages, seed ${o.seed})` };
  if (!fs.existsSync(file)) throw new CliError(`--translation-data ${file}: no such file`);
  const r = readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) });
  if (r.pairs.length === 0) throw new CliError(`${file}: no sentence pairs`);
  const order = shuffleInPlace(r.pairs.map((_, i) => i), mulberry32(o.seed)).slice(0, count);
  return { pairs: order.map(i => r.pairs[i]), source: `${file} (${order.length} of ${r.pairs.length} pairs, seeded sample)` };
}

export function buildWorkloads(o: PeersBenchOptions): Workload[] {
  const plan = PEERS_PLANS[o.tiny ? 'tiny' : o.size];
  const workloads: Workload[] = [];
  const needDates = o.workloads.includes('book') || o.workloads.includes('default');
  const dates = needDates ? loadDates(o.data, 'date-train.txt', 45000, o.seed) : null;
  const dateWorkload = (id: 'book' | 'default', label: string, model: typeof BOOK_MODEL, train: typeof BOOK_TRAIN, window: [number, number]): Workload => {
    const config = makeModelConfig('date', 'luong-dot', { ...model });
    const trainConfig = makeTrainConfig({ ...train, seed: o.seed });
    const [warmup, batches] = window;
    // One epoch just longer than the window, as `bench` times it.
    const pairs = (dates?.pairs ?? []).slice(0, (warmup + batches + 1) * trainConfig.batchSize);
    return { id, label, config, train: trainConfig, pairs, data: dates?.source ?? '', threads: [1, 2], warmup, batches };
  };
  const tiny = o.tiny;
  if (o.workloads.includes('book')) {
    workloads.push(dateWorkload('book', tiny ? 'book (tiny: 8/16, batch 16)' : 'book (16/256, batch 128)',
      tiny ? { ...BOOK_MODEL, embeddingSize: 8, hiddenSize: 16, attentionUnits: 16 } : BOOK_MODEL,
      tiny ? { ...BOOK_TRAIN, batchSize: 16 } : BOOK_TRAIN, plan.book));
  }
  if (o.workloads.includes('default')) {
    // The shipped date models' configuration (src/scripts/make-shipped-models.ts): the small preset, reversed source, Adam 3e-3, batch 64.
    workloads.push(dateWorkload('default', tiny ? 'default date (tiny: 8/8, batch 16)' : 'default date (32/64, batch 64)',
      tiny ? { ...DEFAULT_MODEL, embeddingSize: 8, hiddenSize: 8, attentionUnits: 8 } : { ...DEFAULT_MODEL, reverseSource: true },
      tiny ? { ...DEFAULT_TRAIN, batchSize: 16 } : DEFAULT_TRAIN, plan.default));
  }
  if (o.workloads.includes('translation')) {
    const t = translationPairs(o, tiny ? Math.min(o.translationPairs, 400) : o.translationPairs);
    const size = tiny ? 16 : 256;
    // The shipped translation models' shape (src/scripts/make-translation-models.ts) without dropout (the reference has none).
    const config = makeModelConfig('translation', 'luong-dot', {
      ...DEFAULT_MODEL, sourceTokenizer: 'subword', targetTokenizer: 'subword', embeddingSize: size, hiddenSize: size, attentionUnits: size,
      reverseSource: true, maxSourceLength: 48, maxTargetLength: 48,
    });
    const train = makeTrainConfig({ ...DEFAULT_TRAIN, batchSize: tiny ? 16 : 64, maxVocabSize: tiny ? 300 : 6000, seed: o.seed });
    const [warmup, batches] = plan.translation;
    workloads.push({
      id: 'translation', label: tiny ? 'translation (tiny: subword 300, 16/16, batch 16)' : 'translation (subword 6000, 256/256, batch 64)',
      config, train, pairs: t.pairs, data: t.source, threads: [1, 2], warmup, batches,
    });
  }
  return workloads;
}

function cpuFlags(): string[] {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find(l => l.startsWith('flags'));
    return line ? line.split(':')[1].trim().split(/\s+/) : [];
  } catch {
    return [];
  }
}

interface Machine { cpu: string; cores: number; avx2: boolean; fma: boolean; avx512: string[]; loadAverage: number[] }

function machine(): Machine {
  const flags = cpuFlags();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, avx2: flags.includes('avx2'), fma: flags.includes('fma'),
    avx512: flags.filter(f => f.startsWith('avx512')), loadAverage: os.loadavg().map(x => Number(x.toFixed(2))),
  };
}

export async function runBenchPeers(o: PeersBenchOptions): Promise<number> {
  const plan = PEERS_PLANS[o.tiny ? 'tiny' : o.size];
  const repeats = o.repeats ?? plan.repeats;
  const { peer, missing } = findPeer(o);
  if (missing) note(`note: the engine alone: ${missing}`);
  const backend = await startBackend(o);
  const workloads = buildWorkloads(o);
  const start = machine();
  note(`bench peers on ${backend} (matmul: ${nativeStatus()}), ${start.cpu}, ${start.cores} CPUs, load average ${start.loadAverage.join(' ')}`);
  const sgemm = o.workloads.includes('sgemm') ? { shapes: o.tiny ? TINY_SGEMM_SHAPES : SGEMM_SHAPES, runs: plan.sgemmRuns } : null;
  const r: PeersResult = await runPeersBench({
    workloads, repeats, parallelMode: o.parallelMode, peer, sgemm, note,
    ...(o.peerBlasThreads !== undefined ? { peerBlasThreads: o.peerBlasThreads } : {}),
  }, missing);
  const end = machine();
  const machineInfo = {
    cpu: start.cpu, cores: start.cores, avx2: start.avx2, fma: start.fma, avx512: start.avx512,
    loadAverageStart: start.loadAverage, loadAverageEnd: end.loadAverage, node: process.version,
  };
  if (o.json) {
    printJson({
      machine: machineInfo, backend, matmul: nativeStatus(), size: o.tiny ? 'tiny' : o.size, parallelMode: o.parallelMode,
      workloads: workloads.map(w => ({ id: w.id, label: w.label, data: w.data, pairs: w.pairs.length, config: w.config, train: w.train })),
      ...r,
    });
    return 0;
  }
  out(`bench peers (${o.tiny ? 'tiny' : o.size}) on ${backend} (matmul: ${nativeStatus()}); ${start.cpu}, ${start.cores} CPUs, ` +
    `AVX-512: ${start.avx512.length ? start.avx512.join(' ') : 'no'}; load average (uptime) ${start.loadAverage.join(' ')} -> ${end.loadAverage.join(' ')}`);
  for (const w of workloads) out(`${w.label}: ${w.data}`);
  out('');
  out(formatPeers(r));
  return 0;
}
