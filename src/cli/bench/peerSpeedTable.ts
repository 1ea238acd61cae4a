/** The text report of `bench peers` (peerSpeed.ts): one row per workload and thread count, then sgemm. */
import { percent, table } from '../format';
import type { PeersResult } from './peerSpeed';

export const PEERS_HEADERS = ['workload', 'threads', 'engine', 'PyTorch', 'engine ex/s', 'PyTorch ex/s', 'ratio e/t', 'per repeat', 'GFLOP/s e / t'] as const;
export const SGEMM_HEADERS = ['sgemm, 1 thread', 'engine GFLOP/s', 'PyTorch GFLOP/s', 'ratio e/t'] as const;

const num = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (x: number): string => `${x.toFixed(2)}x`;

export function formatPeers(r: PeersResult): string {
  const lines: string[] = [];
  lines.push(table([...PEERS_HEADERS], r.rows.map(row => [
    row.label, String(row.threads), row.engineMode,
    row.peer ? `${row.peer.threads} thread${row.peer.threads === 1 ? '' : 's'}, OpenBLAS ${row.peer.blasThreads}` : '-',
    num(row.engine.examplesPerSecond), row.peer ? num(row.peer.examplesPerSecond) : '-',
    row.ratio === null ? '-' : ratio(row.ratio),
    row.ratioPerRepeat ? row.ratioPerRepeat.map(x => x.toFixed(2)).join(' ') : row.engine.perRepeat.map(x => num(x)).join(' '),
    `${row.engine.gflops.toFixed(1)} / ${row.peer ? row.peer.gflops.toFixed(1) : '-'}`,
  ])));
  lines.push(`training examples/s: median of ${r.repeats} repeat${r.repeats === 1 ? '' : 's'} per side, the sides alternated; ratio = engine / PyTorch (> 1: the engine is faster); ` +
    `per repeat: ${r.peer.ran ? 'the ratio within each repeat' : 'the engine\'s examples/s'}; GFLOP/s: counted matrix-product FLOPs of the timed batches (a lower bound)`);
  for (const row of r.rows) {
    const trial = row.peer?.blasTrial;
    if (trial) lines.push(`  ${row.label}, 2 threads: PyTorch tried with OpenBLAS on ${trial.map(t => `${t.blasThreads} thread${t.blasThreads === 1 ? '' : 's'} (${num(t.examplesPerSecond)} ex/s)`).join(' and ')}; the faster kept`);
  }
  if (r.sgemm) {
    const s = r.sgemm;
    lines.push('');
    lines.push(table([...SGEMM_HEADERS], s.shapes.map(x => [
      `${x.m}x${x.k} . ${x.k}x${x.n}`, x.engine.toFixed(1), x.peer === null ? '-' : x.peer.toFixed(1), x.peer ? ratio(x.engine / x.peer) : '-',
    ])));
    lines.push(`sgemm: best of ${s.runs} products x ${s.rounds} round${s.rounds === 1 ? '' : 's'} per shape (engine: tf.matMul on its kernel; PyTorch: torch.mm); ` +
      `machine peak measured ${s.machinePeak.toFixed(1)} GFLOP/s (${s.peerPeak !== null && s.peerPeak >= s.enginePeak ? 'PyTorch' : 'engine'})`);
    if (s.bookShare) {
      const book = r.rows.find(x => x.workload === 'book' && x.threads === 1);
      lines.push(`book configuration, 1 thread: engine ${book?.engine.gflops.toFixed(1)} GFLOP/s = ${percent(s.bookShare.engine, 0)} of that peak` +
        (s.bookShare.peer !== null ? `; PyTorch ${book?.peer?.gflops.toFixed(1)} GFLOP/s = ${percent(s.bookShare.peer, 0)}` : ''));
    }
  }
  if (!r.peer.ran) lines.push(`engine alone: ${r.peer.reason}`);
  else lines.push(`PyTorch ${r.peer.torch} (${r.peer.python})`);
  return lines.join('\n');
}
