/**
 * `seq2seq-attention bench learn`: the engine's learning curve on a translation file next to a PyTorch
 * reference of the same model (src/cli/bench/learn.ts). Numbers for this machine; nothing is asserted.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { splitBySource, TRANSLATION_SPLIT } from '../../shared/data/split';
import type { LearnBenchOptions } from '../args';
import { runLearnBench, type LearnPeer, type LearnResult } from '../bench/learn';
import { formatCurves } from '../bench/learnCurves';
import { DEFAULT_PYTHONS, findPeerScript, findTorch, TORCH_INSTALL_HINT } from '../bench/torchPeer';
import { startBackend } from '../engineSetup';
import { CliError, readDatasetFromDisk } from '../files';
import { clearProgress, describeRead, note, out, printJson, progress, stopOnCtrlC } from '../output';

/** The reference, or why there is none (a message with what to do). */
function findPeer(o: LearnBenchOptions, threads: number): { peer: LearnPeer | null; missing: string | null } {
  if (!o.peer) return { peer: null, missing: null };
  const script = o.peerScript ?? findPeerScript(__dirname);
  if (script === null) return { peer: null, missing: `the reference script (torch_seq2seq.py) is not beside ${__dirname} nor in a source tree above it; pass --peer-script` };
  const { found, failures } = findTorch(o.python !== undefined ? [o.python] : DEFAULT_PYTHONS, path.resolve(script));
  if (!found) return { peer: null, missing: `no Python with PyTorch (${failures.join('; ')}); ${TORCH_INSTALL_HINT}` };
  return {
    peer: {
      python: found.python, script: path.resolve(script), torch: found.torch, threads, blasThreads: o.blasThreads ?? 1,
      ...(o.keep !== undefined ? { keepDir: path.resolve(o.keep) } : {}),
    },
    missing: null,
  };
}

function machine(): { cpu: string; cores: number; loadAverage: number[] } {
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverage: os.loadavg().map(x => Number(x.toFixed(2))) };
}

export function formatLearn(r: LearnResult): string {
  const lines: string[] = [];
  const peerPoints = r.peer.ran ? r.peer.points : null;
  lines.push(formatCurves(r.engine.points, peerPoints));
  if (r.peer.ran) {
    lines.push(`reference: PyTorch ${r.peer.torch} (${r.peer.python}), ${r.peer.threads} thread${r.peer.threads === 1 ? '' : 's'}, OpenBLAS ${r.peer.blasThreads}` +
      (r.peer.error ? `; stopped early: ${r.peer.error}` : ''));
    if (r.peer.files) lines.push(`kept ${r.peer.files.data} and ${r.peer.files.output}`);
  } else {
    lines.push(`engine alone: ${r.peer.reason}`);
  }
  return lines.join('\n');
}

export async function runBenchLearn(o: LearnBenchOptions): Promise<number> {
  const read = readDatasetFromDisk(o.data);
  note(describeRead(o.data.file, read));
  const split = splitBySource(read.pairs, TRANSLATION_SPLIT);
  if (split.train.length < 2) throw new CliError(`${o.data.file}: ${split.train.length} training pair(s) after the split; the benchmark needs at least 2`);
  if (split.test.length === 0) throw new CliError(`${o.data.file}: no held-out pair (3 % of the source sentences are held out; use more pairs)`);
  const threads = o.train.workers ?? 1;
  const { peer, missing } = findPeer(o, threads);
  if (missing) note(`note: the engine alone: ${missing}`);
  const backend = await startBackend(o);
  const start = machine();
  note(`bench learn on ${backend}: ${split.train.length} training pairs, ${split.test.length} held out (${split.dev.length} dev pairs unused); ` +
    `${o.model.mechanism} ${o.model.cell} ${o.model.embeddingSize}/${o.model.hiddenSize}, ${o.model.sourceTokenizer} tokens, vocabulary ${o.train.maxVocabSize}, ` +
    `batch ${o.train.batchSize}, lr ${o.train.learningRate}, clip ${o.train.clipNorm}, ${o.train.epochs} epochs, ${threads} thread${threads === 1 ? '' : 's'}`);

  const ctrlC = stopOnCtrlC();
  let r: LearnResult;
  try {
    r = await runLearnBench({
      config: o.model, train: o.train, trainPairs: split.train, testPairs: split.test, datasetName: path.basename(o.data.file),
      peer, note, progress: t => (t ? progress(t) : clearProgress()), isCancelled: ctrlC.isCancelled,
    }, missing);
  } finally {
    ctrlC.dispose();
    clearProgress();
  }
  const end = machine();
  if (o.json) {
    printJson({
      machine: { cpu: start.cpu, cores: start.cores, loadAverageStart: start.loadAverage, loadAverageEnd: end.loadAverage },
      backend, data: { file: o.data.file, pairs: read.pairs.length, train: split.train.length, test: split.test.length, split: TRANSLATION_SPLIT },
      config: o.model, train: o.train, ...r,
    });
  } else {
    for (const n of r.engine.notes) note(`note: ${n}`);
    out(`${o.data.file}: ${r.engine.trainPairs} training pairs used, ${r.engine.testPairs} held out; vocabulary ${r.engine.sourceVocab} / ${r.engine.targetVocab}; ` +
      `engine on ${backend}, ${r.engine.threads} thread${r.engine.threads === 1 ? '' : 's'}${r.engine.threads > 1 ? ` (${r.engine.parallelMode})` : ''}; ` +
      `${start.cpu}, load ${start.loadAverage[0]} -> ${end.loadAverage[0]}`);
    out(formatLearn(r));
  }
  return ctrlC.isCancelled() ? 130 : 0;
}
