/**
 * `bench learn`'s results: the reference's JSON-lines output read and checked, both learning curves
 * (per epoch: training loss, held-out loss, BLEU, chrF, training seconds), the engine / reference
 * ratios, and the table. Pure.
 */
import { table } from '../format';

/** One epoch of one side. `seconds`: training only (evaluation excluded). */
export interface CurvePoint {
  epoch: number;
  trainLoss: number;
  heldOutLoss: number;
  bleu: number;
  chrf: number;
  seconds: number;
  examplesPerSecond: number;
}

/** An epoch record of the reference as it wrote it (hypotheses as target ids, one per held-out pair). */
export interface PeerEpoch {
  epoch: number;
  trainLoss: number;
  heldOutLoss: number;
  seconds: number;
  examples: number;
  /** Each batch's training loss, in order (absent in a record without them). */
  batchLosses?: number[];
  hypotheses: number[][];
}

export interface PeerRun {
  start: { torch: string; python: string; threads: number; parameters: number; trainPairs: number } | null;
  epochs: PeerEpoch[];
  /** The reference's own error record, when it wrote one. */
  error: string | null;
  ended: boolean;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function idLists(x: unknown, targetVocabSize: number, where: string): number[][] {
  if (!Array.isArray(x)) throw new Error(`${where}: hypotheses is not a list`);
  return x.map((h, i) => {
    if (!Array.isArray(h) || !h.every(id => Number.isInteger(id) && id >= 0 && id < targetVocabSize)) {
      throw new Error(`${where}: hypothesis ${i} is not a list of target ids below ${targetVocabSize}`);
    }
    return h as number[];
  });
}

/**
 * Reads the reference's output. Every line must be a JSON object with an `event`; epoch records must be
 * complete, numbered 1, 2, ... and carry one hypothesis per held-out pair.
 */
export function parsePeerOutput(text: string, expect: { testPairs: number; targetVocabSize: number }): PeerRun {
  const run: PeerRun = { start: null, epochs: [], error: null, ended: false };
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `reference output line ${n + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${where} is not JSON: ${line.slice(0, 80)}`);
    }
    if (!isObject(rec) || typeof rec.event !== 'string') throw new Error(`${where} has no "event"`);
    switch (rec.event) {
      case 'start':
        run.start = {
          torch: String(rec.torch), python: String(rec.python), threads: Number(rec.threads),
          parameters: Number(rec.parameters), trainPairs: Number(rec.trainPairs),
        };
        break;
      case 'epoch': {
        for (const key of ['trainLoss', 'heldOutLoss', 'seconds', 'examples'] as const) {
          if (!finite(rec[key])) throw new Error(`${where}: epoch record without a finite ${key}`);
        }
        if (rec.epoch !== run.epochs.length + 1) throw new Error(`${where}: epoch ${String(rec.epoch)} where ${run.epochs.length + 1} was expected`);
        const hypotheses = idLists(rec.hypotheses, expect.targetVocabSize, where);
        if (hypotheses.length !== expect.testPairs) throw new Error(`${where}: ${hypotheses.length} hypotheses for ${expect.testPairs} held-out pairs`);
        const losses = rec.batchLosses;
        if (losses !== undefined && !(Array.isArray(losses) && losses.every(finite))) throw new Error(`${where}: batchLosses is not a list of numbers`);
        run.epochs.push({
          epoch: rec.epoch as number, trainLoss: rec.trainLoss as number, heldOutLoss: rec.heldOutLoss as number,
          seconds: rec.seconds as number, examples: rec.examples as number, ...(losses ? { batchLosses: losses as number[] } : {}), hypotheses,
        });
        break;
      }
      case 'error':
        run.error = typeof rec.message === 'string' ? rec.message : 'unknown error';
        break;
      case 'end':
        run.ended = true;
        break;
      default:
        throw new Error(`${where}: unknown event '${rec.event}'`);
    }
  });
  return run;
}

export interface EpochRatio {
  epoch: number;
  /** Engine BLEU / reference BLEU (null when the reference's is 0). */
  bleu: number | null;
  /** Engine training seconds / reference training seconds. */
  seconds: number | null;
}

export interface Ratios {
  perEpoch: EpochRatio[];
  /** Over the epochs both sides finished: summed engine seconds / summed reference seconds. */
  totalSeconds: number | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 && Number.isFinite(a) ? a / b : null);

/** Ratios for the epochs both curves have (matched by epoch number). */
export function curveRatios(engine: readonly CurvePoint[], peer: readonly CurvePoint[]): Ratios {
  const byEpoch = new Map(peer.map(p => [p.epoch, p]));
  const perEpoch: EpochRatio[] = [];
  let es = 0;
  let ps = 0;
  for (const e of engine) {
    const p = byEpoch.get(e.epoch);
    if (!p) continue;
    perEpoch.push({ epoch: e.epoch, bleu: ratio(e.bleu, p.bleu), seconds: ratio(e.seconds, p.seconds) });
    es += e.seconds;
    ps += p.seconds;
  }
  return { perEpoch, totalSeconds: perEpoch.length ? ratio(es, ps) : null };
}

const f = (x: number | null | undefined, digits: number): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

/** Both curves side by side, one row per epoch (either side may have fewer epochs), then the ratios. */
export function formatCurves(engine: readonly CurvePoint[], peer: readonly CurvePoint[] | null, peerName = 'torch'): string {
  const epochs = Math.max(engine.length, peer?.length ?? 0);
  const byEpoch = (c: readonly CurvePoint[] | null, k: number): CurvePoint | undefined => c?.find(p => p.epoch === k);
  const ratios = peer ? curveRatios(engine, peer) : null;
  const headers = peer
    ? ['epoch', 'loss engine', `loss ${peerName}`, 'held-out loss engine', `held-out loss ${peerName}`, 'BLEU engine', `BLEU ${peerName}`,
      'chrF engine', `chrF ${peerName}`, 's engine', `s ${peerName}`, 'BLEU e/t', 'time e/t']
    : ['epoch', 'loss', 'held-out loss', 'BLEU', 'chrF', 's', 'examples/s'];
  const rows: string[][] = [];
  for (let k = 1; k <= epochs; k++) {
    const e = byEpoch(engine, k);
    if (!peer) {
      rows.push([String(k), f(e?.trainLoss, 4), f(e?.heldOutLoss, 4), f(e?.bleu, 2), f(e?.chrf, 2), f(e?.seconds, 1), f(e?.examplesPerSecond, 0)]);
      continue;
    }
    const p = byEpoch(peer, k);
    const r = ratios?.perEpoch.find(x => x.epoch === k);
    rows.push([String(k), f(e?.trainLoss, 4), f(p?.trainLoss, 4), f(e?.heldOutLoss, 4), f(p?.heldOutLoss, 4), f(e?.bleu, 2), f(p?.bleu, 2),
      f(e?.chrf, 2), f(p?.chrf, 2), f(e?.seconds, 1), f(p?.seconds, 1), f(r?.bleu, 2), f(r?.seconds, 2)]);
  }
  const lines = [table(headers, rows)];
  if (ratios) lines.push(`engine / ${peerName} training time over ${ratios.perEpoch.length} epoch${ratios.perEpoch.length === 1 ? '' : 's'}: ${f(ratios.totalSeconds, 2)}`);
  return lines.join('\n');
}
