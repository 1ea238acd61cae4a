/**
 * `bench peers`: the engine and the PyTorch reference (peers/torch_seq2seq.py) timed on the same work in
 * one run: per workload the same vocabulary, the same training pairs as ids and the same batches (the
 * engine's first epoch, as `bucketedBatches` draws it from the seed); each side trains `warmup` batches
 * untimed and then is timed over the next `batches`. The sides alternate repeat after repeat (engine
 * first in odd repeats, the reference first in even ones), so drift in the machine's other load reaches
 * both; a side's figure is the median of its repeats and the ratio is engine / PyTorch of the medians.
 * Single-thread sgemm of both (tf.matMul against torch.mm) gives the machine's measured peak. Numbers for
 * this machine; nothing here is asserted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Pair } from '../../shared/data/types';
import {
  ADAM_DEFAULTS, encodePairsForModel, evalBatchSize, trainModel, type ModelConfig, type Seq2SeqModel, type TrainConfig,
} from '../../shared/engine/index';
import { paddedTrainingFlops } from '../../shared/engine/flops';
import { measureMatmulShape } from './gflops';
import { engineEpochBatches, makePeerData, peerUnsupported, trainablePairs, type PeerData } from './peerData';
import { measureThroughput } from './throughput';
import { runPeerJob } from './torchPeer';

export type WorkloadId = 'book' | 'default' | 'translation';

export interface Workload {
  id: WorkloadId;
  /** What the table's first column says. */
  label: string;
  config: ModelConfig;
  train: TrainConfig;
  /** The training pairs (the first epoch's batches are drawn from all of them). */
  pairs: Pair[];
  /** Where the pairs come from (a file, or how they were generated). */
  data: string;
  /** Thread counts measured: 1 (engine one worker, torch one thread) and/or 2. */
  threads: (1 | 2)[];
  warmup: number;
  batches: number;
}

export interface PeerProcess {
  python: string;
  script: string;
  torch: string;
}

export interface PeersRequest {
  workloads: Workload[];
  repeats: number;
  /** The engine's two-thread mode. */
  parallelMode: 'exact' | 'delayed';
  /** null: the engine alone (`peerMissing` says why). */
  peer: PeerProcess | null;
  /** OpenBLAS threads of the two-thread reference; undefined: both 1 and 2 tried once, the faster kept. */
  peerBlasThreads?: number;
  sgemm: { shapes: [number, number, number][]; runs: number } | null;
  note: (text: string) => void;
}

export interface SideFigure {
  /** Median over the repeats. */
  examplesPerSecond: number;
  perRepeat: number[];
  /** Counted matrix-product FLOPs of the timed batches (padded to each batch's longest pair) per second, at the median. */
  gflops: number;
}

export interface PeerFigure extends SideFigure {
  threads: number;
  blasThreads: number;
  /** Two threads without --peer-blas-threads: examples/s of the trial with OpenBLAS on 1 and on 2 threads. */
  blasTrial?: { blasThreads: number; examplesPerSecond: number }[];
}

export interface PeersRow {
  workload: WorkloadId;
  label: string;
  threads: 1 | 2;
  /** '1 worker' or '2 workers delayed' / '2 workers exact'. */
  engineMode: string;
  batchSize: number;
  warmup: number;
  batches: number;
  /** Examples and counted FLOPs of the timed window (the same on both sides). */
  windowExamples: number;
  windowFlops: number;
  sourceVocab: number;
  targetVocab: number;
  engine: SideFigure;
  peer: PeerFigure | null;
  /** Engine over PyTorch examples/s, of the medians (> 1: the engine is faster); null without the peer. */
  ratio: number | null;
  ratioPerRepeat: number[] | null;
}

export interface SgemmShape {
  m: number; k: number; n: number;
  engine: number;
  peer: number | null;
}

export interface SgemmResult {
  runs: number;
  rounds: number;
  shapes: SgemmShape[];
  enginePeak: number;
  peerPeak: number | null;
  /** The best of both: the machine's measured single-thread peak. */
  machinePeak: number;
  /** The book configuration's one-thread GFLOP/s over `machinePeak` (absent when the book was not measured). */
  bookShare?: { engine: number; peer: number | null };
}

export interface PeersResult {
  rows: PeersRow[];
  sgemm: SgemmResult | null;
  repeats: number;
  peer: { ran: true; torch: string; python: string } | { ran: false; reason: string };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The engine's model for these pairs, untrained: its vocabularies give both sides the same ids. */
async function vocabularyModel(w: Workload): Promise<Seq2SeqModel> {
  const { model } = await trainModel({
    config: w.config,
    train: { ...w.train, epochs: 1, validationSplit: 0, earlyStoppingPatience: 0, workers: 1 },
    pairs: w.pairs,
    validation: w.pairs.slice(0, 1),
    datasetName: 'bench-peers',
    hooks: { isCancelled: () => true },
  });
  return model;
}

interface Prepared {
  data: PeerData;
  windowExamples: number;
  windowFlops: number;
}

/** The ids and batches of `w` as the engine's `measureThroughput` trains them (the same call's settings). */
async function prepare(w: Workload): Promise<Prepared> {
  const model = await vocabularyModel(w);
  try {
    const trainPairs = trainablePairs(model.config, encodePairsForModel(model, w.pairs));
    const [batches] = engineEpochBatches(trainPairs.map(p => p.source.length), w.train.batchSize, 1, w.train.seed);
    if (batches.length < w.warmup + w.batches) {
      throw new Error(`${w.label}: ${trainPairs.length} usable pairs make ${batches.length} batches of ${w.train.batchSize}; ${w.warmup + w.batches} are needed`);
    }
    let windowExamples = 0;
    let windowFlops = 0;
    for (const b of batches.slice(w.warmup, w.warmup + w.batches)) {
      windowExamples += b.length;
      windowFlops += paddedTrainingFlops(model.config, model.targetVocab.size, b.map(i => trainPairs[i].source), b.map(i => trainPairs[i].target));
    }
    const data = makePeerData({
      config: model.config, train: { ...w.train, epochs: 1 }, adam: ADAM_DEFAULTS, sourceVocabSize: model.sourceVocab.size,
      targetVocabSize: model.targetVocab.size, trainPairs, batches: [batches], test: [], evalBatchSize: evalBatchSize(model.config),
    });
    return { data, windowExamples, windowFlops };
  } finally {
    model.dispose();
  }
}

async function engineRate(w: Workload, threads: 1 | 2, mode: 'exact' | 'delayed'): Promise<number> {
  const r = await measureThroughput(w.config, w.train, w.pairs, {
    workers: threads, ...(threads === 2 ? { parallelMode: mode } : {}), warmupBatches: w.warmup, batches: w.batches,
  });
  return r.examplesPerSecond;
}

async function peerRate(p: PeerProcess, dataFile: string, w: Workload, threads: number, blasThreads: number): Promise<number> {
  const r = await runPeerJob(p.python, p.script, ['--data', dataFile, '--throughput', `${w.warmup},${w.batches}`], threads, blasThreads, 'throughput');
  const rate = Number(r.examplesPerSecond);
  if (!(rate > 0)) throw new Error(`the PyTorch reference reported ${String(r.examplesPerSecond)} examples/s`);
  return rate;
}

const fixed0 = (x: number): string => x.toFixed(0);

/** One workload at one thread count: the sides alternated over the repeats. */
async function measureRow(req: PeersRequest, w: Workload, prepared: Prepared, dataFile: string | null, threads: 1 | 2): Promise<PeersRow> {
  const engineMode = threads === 1 ? '1 worker' : `2 workers ${req.parallelMode}`;
  const peer = req.peer;
  let blasThreads = 1;
  let blasTrial: { blasThreads: number; examplesPerSecond: number }[] | undefined;
  if (peer && dataFile && threads === 2) {
    if (req.peerBlasThreads !== undefined) {
      blasThreads = req.peerBlasThreads;
    } else {
      // Two OpenMP threads and two OpenBLAS threads can oversubscribe two cores: try both, keep the faster.
      blasTrial = [];
      for (const b of [1, 2]) blasTrial.push({ blasThreads: b, examplesPerSecond: round(await peerRate(peer, dataFile, w, 2, b), 1) });
      blasThreads = blasTrial[0].examplesPerSecond >= blasTrial[1].examplesPerSecond ? 1 : 2;
      req.note(`  PyTorch, 2 threads: OpenBLAS on 1 thread ${fixed0(blasTrial[0].examplesPerSecond)}, on 2 ${fixed0(blasTrial[1].examplesPerSecond)} examples/s; keeping ${blasThreads}`);
    }
  }
  const engineRates: number[] = [];
  const peerRates: number[] = [];
  for (let r = 0; r < req.repeats; r++) {
    const sides: ('engine' | 'peer')[] = peer && dataFile ? (r % 2 === 0 ? ['engine', 'peer'] : ['peer', 'engine']) : ['engine'];
    for (const side of sides) {
      if (side === 'engine') {
        engineRates.push(await engineRate(w, threads, req.parallelMode));
        req.note(`  repeat ${r + 1}/${req.repeats}: engine (${engineMode}) ${fixed0(engineRates[engineRates.length - 1])} examples/s`);
      } else if (peer && dataFile) {
        peerRates.push(await peerRate(peer, dataFile, w, threads, blasThreads));
        req.note(`  repeat ${r + 1}/${req.repeats}: PyTorch (${threads} thread${threads === 1 ? '' : 's'}, OpenBLAS ${blasThreads}) ${fixed0(peerRates[peerRates.length - 1])} examples/s`);
      }
    }
  }
  const flopsPerExample = prepared.windowFlops / prepared.windowExamples;
  const figure = (rates: number[]): SideFigure => {
    const m = median(rates);
    return { examplesPerSecond: round(m, 1), perRepeat: rates.map(x => round(x, 1)), gflops: round((m * flopsPerExample) / 1e9, 2) };
  };
  const engine = figure(engineRates);
  const peerFigure: PeerFigure | null = peerRates.length ? { ...figure(peerRates), threads, blasThreads, ...(blasTrial ? { blasTrial } : {}) } : null;
  return {
    workload: w.id, label: w.label, threads, engineMode, batchSize: w.train.batchSize, warmup: w.warmup, batches: w.batches,
    windowExamples: prepared.windowExamples, windowFlops: Math.round(prepared.windowFlops),
    sourceVocab: prepared.data.model.sourceVocabSize, targetVocab: prepared.data.model.targetVocabSize,
    engine, peer: peerFigure,
    ratio: peerFigure ? round(median(engineRates) / median(peerRates), 3) : null,
    ratioPerRepeat: peerFigure ? engineRates.map((e, i) => round(e / peerRates[i], 3)) : null,
  };
}

/** Single-thread sgemm of both sides, rounds alternated as the training repeats are; the best of all rounds per shape. */
async function measureSgemm(req: PeersRequest, spec: NonNullable<PeersRequest['sgemm']>): Promise<SgemmResult> {
  const rounds = Math.max(1, req.repeats);
  const engineBest = spec.shapes.map(() => 0);
  const peerBest: number[] | null = req.peer ? spec.shapes.map(() => 0) : null;
  const list = spec.shapes.map(s => s.join('x')).join(',');
  for (let r = 0; r < rounds; r++) {
    const sides: ('engine' | 'peer')[] = req.peer ? (r % 2 === 0 ? ['engine', 'peer'] : ['peer', 'engine']) : ['engine'];
    for (const side of sides) {
      if (side === 'engine') {
        spec.shapes.forEach(([m, k, n], i) => { engineBest[i] = Math.max(engineBest[i], measureMatmulShape(m, k, n, spec.runs)); });
      } else if (req.peer && peerBest) {
        const rec = await runPeerJob(req.peer.python, req.peer.script, ['--sgemm', list, '--runs', String(spec.runs)], 1, 1, 'sgemm');
        const shapes = rec.shapes as { gflops: number }[] | undefined;
        if (!Array.isArray(shapes) || shapes.length !== spec.shapes.length) throw new Error('the PyTorch reference returned no sgemm figure per shape');
        shapes.forEach((s, i) => { peerBest[i] = Math.max(peerBest[i], Number(s.gflops)); });
      }
    }
    req.note(`  sgemm round ${r + 1}/${rounds}: engine ${engineBest.map(x => x.toFixed(1)).join(' / ')}` +
      (peerBest ? `, PyTorch ${peerBest.map(x => x.toFixed(1)).join(' / ')}` : '') + ` GFLOP/s (${list})`);
  }
  const shapes = spec.shapes.map(([m, k, n], i): SgemmShape => ({ m, k, n, engine: round(engineBest[i], 1), peer: peerBest ? round(peerBest[i], 1) : null }));
  const enginePeak = Math.max(...shapes.map(s => s.engine));
  const peerPeak = peerBest ? Math.max(...shapes.map(s => s.peer ?? 0)) : null;
  return { runs: spec.runs, rounds, shapes, enginePeak, peerPeak, machinePeak: Math.max(enginePeak, peerPeak ?? 0) };
}

export async function runPeersBench(req: PeersRequest, peerMissing: string | null): Promise<PeersResult> {
  const rows: PeersRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-peers-'));
  try {
    for (const w of req.workloads) {
      const unsupported = peerUnsupported(w.config, w.train.teacherForcingRatio);
      if (unsupported) throw new Error(`${w.label}: ${unsupported}`);
      req.note(`${w.label}: preparing the ids and batches (${w.pairs.length} pairs, ${w.data})...`);
      const prepared = await prepare(w);
      let dataFile: string | null = null;
      if (req.peer) {
        dataFile = path.join(dir, `${w.id}.json`);
        fs.writeFileSync(dataFile, JSON.stringify(prepared.data));
      }
      req.note(`${w.label}: vocabulary ${prepared.data.model.sourceVocabSize} / ${prepared.data.model.targetVocabSize}, ` +
        `${w.batches} batches of ${w.train.batchSize} timed after ${w.warmup}, ${req.repeats} repeat${req.repeats === 1 ? '' : 's'} per side`);
      for (const threads of w.threads) {
        req.note(`${w.label}, ${threads} thread${threads === 1 ? '' : 's'}:`);
        rows.push(await measureRow(req, w, prepared, dataFile, threads));
      }
    }
    let sgemm: SgemmResult | null = null;
    if (req.sgemm) {
      req.note('sgemm, one thread:');
      sgemm = await measureSgemm(req, req.sgemm);
      const book = rows.find(r => r.workload === 'book' && r.threads === 1);
      if (book && sgemm.machinePeak > 0) {
        sgemm.bookShare = {
          engine: round(book.engine.gflops / sgemm.machinePeak, 3),
          peer: book.peer ? round(book.peer.gflops / sgemm.machinePeak, 3) : null,
        };
      }
    }
    return {
      rows, sgemm, repeats: req.repeats,
      peer: req.peer ? { ran: true, torch: req.peer.torch, python: req.peer.python } : { ran: false, reason: peerMissing ?? 'not asked for (--no-peer)' },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
