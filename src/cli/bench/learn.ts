/**
 * `bench learn`: how fast the engine learns a translation task per epoch, next to a PyTorch reference
 * of the same model (peers/torch_seq2seq.py) trained on the same ids, batches and settings. The engine
 * trains first (`trainModel`; held-out BLEU and chrF after every epoch with the engine's scorer), then the
 * reference on the engine's vocabulary, its training pairs and its batches, epoch by epoch; the
 * reference's greedy hypotheses come back as ids and are scored by the same scorer. The two run one
 * after the other, never at once (they would share the cores). Seconds are training only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Pair } from '../../shared/data/types';
import {
  ADAM_DEFAULTS, encodePairsForModel, evalBatchSize, evaluateModel, scoreHypothesisIds, trainModel,
  type ModelConfig, type Seq2SeqModel, type TrainConfig,
} from '../../shared/engine/index';
import { curveRatios, parsePeerOutput, type CurvePoint, type Ratios } from './learnCurves';
import { engineEpochBatches, makePeerData, peerUnsupported, trainablePairs } from './peerData';
import { runPeer } from './torchPeer';

export interface LearnPeer {
  python: string;
  script: string;
  torch: string;
  /** torch.set_num_threads / OpenMP, and OpenBLAS's threads. */
  threads: number;
  blasThreads: number;
  /** Keep the id data and the reference's output here (else a temporary folder, removed afterwards). */
  keepDir?: string;
}

export interface LearnRequest {
  config: ModelConfig;
  train: TrainConfig;
  trainPairs: Pair[];
  testPairs: Pair[];
  datasetName: string;
  /** null: the engine alone. */
  peer: LearnPeer | null;
  note: (text: string) => void;
  progress?: (text: string) => void;
  isCancelled?: () => boolean;
}

export type PeerOutcome =
  | { ran: true; torch: string; python: string; threads: number; blasThreads: number; points: CurvePoint[]; error: string | null; files?: { data: string; output: string } }
  | { ran: false; reason: string };

export interface LearnResult {
  engine: { points: CurvePoint[]; trainPairs: number; testPairs: number; threads: number; parallelMode: string; notes: string[]; sourceVocab: number; targetVocab: number };
  peer: PeerOutcome;
  ratios: Ratios | null;
}

async function trainEngine(r: LearnRequest): Promise<{ model: Seq2SeqModel; points: CurvePoint[]; trainPairs: number; threads: number; parallelMode: string; notes: string[] }> {
  const points: CurvePoint[] = [];
  let lastProgress = 0;
  const { model, summary } = await trainModel({
    config: r.config,
    // Every epoch is measured: no early stopping.
    train: { ...r.train, earlyStoppingPatience: 0 },
    pairs: r.trainPairs,
    validation: r.testPairs,
    datasetName: r.datasetName,
    hooks: {
      onBatch: p => {
        const now = Date.now();
        if (now - lastProgress < 500) return;
        lastProgress = now;
        r.progress?.(`engine epoch ${p.epoch}/${r.train.epochs}  batch ${p.batch + 1}/${p.batches}  loss ${p.loss.toFixed(4)}`);
      },
      onEpoch: (m, trained) => {
        const ev = evaluateModel(trained, r.testPairs);
        // Training seconds: the epoch's examples over its training rate (validation came after the rate's clock).
        points.push({ epoch: m.epoch, trainLoss: m.trainLoss, heldOutLoss: m.validationLoss, bleu: ev.bleu, chrf: ev.chrf, seconds: NaN, examplesPerSecond: m.examplesPerSecond });
        r.progress?.('');
        r.note(`engine epoch ${m.epoch}/${r.train.epochs}: loss ${m.trainLoss.toFixed(4)}, held-out loss ${m.validationLoss.toFixed(4)}, ` +
          `BLEU ${ev.bleu.toFixed(2)}, chrF ${ev.chrf.toFixed(2)}, ${m.examplesPerSecond.toFixed(0)} examples/s`);
      },
      isCancelled: r.isCancelled,
    },
  });
  for (const p of points) p.seconds = summary.trainPairs / p.examplesPerSecond;
  return { model, points, trainPairs: summary.trainPairs, threads: summary.threads ?? 1, parallelMode: summary.parallelMode ?? 'exact', notes: summary.notes ?? [] };
}

async function trainPeer(r: LearnRequest, peer: LearnPeer, model: Seq2SeqModel, engineTrainPairs: number): Promise<PeerOutcome> {
  const trainPairs = trainablePairs(model.config, encodePairsForModel(model, r.trainPairs));
  if (trainPairs.length !== engineTrainPairs) {
    throw new Error(`the reference's training pairs (${trainPairs.length}) are not the engine's (${engineTrainPairs})`);
  }
  const test = encodePairsForModel(model, r.testPairs);
  const batches = engineEpochBatches(trainPairs.map(p => p.source.length), r.train.batchSize, r.train.epochs, r.train.seed);
  const data = makePeerData({
    config: model.config, train: r.train, adam: ADAM_DEFAULTS, sourceVocabSize: model.sourceVocab.size, targetVocabSize: model.targetVocab.size,
    trainPairs, batches, test, evalBatchSize: evalBatchSize(model.config),
  });
  const dir = peer.keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 's2s-learn-'));
  fs.mkdirSync(dir, { recursive: true });
  const dataFile = path.join(dir, 'peer-ids.json');
  const outFile = path.join(dir, 'peer-torch.jsonl');
  try {
    fs.writeFileSync(dataFile, JSON.stringify(data));
    fs.rmSync(outFile, { force: true });
    r.note(`PyTorch ${peer.torch} (${peer.python}, ${peer.threads} thread${peer.threads === 1 ? '' : 's'}, OpenBLAS ${peer.blasThreads}): ` +
      `${trainPairs.length} training pairs, ${test.length} held-out, the engine's batches`);
    const exit = await runPeer({ python: peer.python, script: peer.script, dataFile, outFile, threads: peer.threads, blasThreads: peer.blasThreads });
    const text = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
    const run = parsePeerOutput(text, { testPairs: test.length, targetVocabSize: model.targetVocab.size });
    let error = run.error;
    if (!error && (exit.code !== 0 || !run.ended)) error = `the reference stopped (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`}) after ${run.epochs.length} epoch(s)`;
    const points = run.epochs.map((e): CurvePoint => {
      const ev = scoreHypothesisIds(model, test, e.hypotheses);
      return { epoch: e.epoch, trainLoss: e.trainLoss, heldOutLoss: e.heldOutLoss, bleu: ev.bleu, chrf: ev.chrf, seconds: e.seconds, examplesPerSecond: e.examples / Math.max(e.seconds, 1e-9) };
    });
    return {
      ran: true, torch: run.start?.torch ?? peer.torch, python: peer.python, threads: run.start?.threads ?? peer.threads, blasThreads: peer.blasThreads,
      points, error, ...(peer.keepDir ? { files: { data: dataFile, output: outFile } } : {}),
    };
  } finally {
    if (!peer.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runLearnBench(r: LearnRequest, peerMissing: string | null): Promise<LearnResult> {
  const unsupported = peerUnsupported(r.config, r.train.teacherForcingRatio);
  const engine = await trainEngine(r);
  try {
    let peer: PeerOutcome;
    if (unsupported) peer = { ran: false, reason: unsupported };
    else if (!r.peer) peer = { ran: false, reason: peerMissing ?? 'not asked for (--no-peer)' };
    else if (r.isCancelled?.()) peer = { ran: false, reason: 'interrupted' };
    else peer = await trainPeer(r, r.peer, engine.model, engine.trainPairs);
    return {
      engine: {
        points: engine.points, trainPairs: engine.trainPairs, testPairs: r.testPairs.length, threads: engine.threads, parallelMode: engine.parallelMode,
        notes: engine.notes, sourceVocab: engine.model.sourceVocab.size, targetVocab: engine.model.targetVocab.size,
      },
      peer,
      ratios: peer.ran ? curveRatios(engine.points, peer.points) : null,
    };
  } finally {
    engine.model.dispose();
  }
}
