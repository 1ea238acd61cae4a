/**
 * The per-batch loss curve of a training run, bounded: the host gets a batch event every ~150 ms and
 * re-sends the whole training view with each, so the curve it sends must stay small however long the
 * run is. Points are kept evenly spaced: when the curve is full, neighbouring pairs merge into their
 * mean, and every later point stands for twice as many batches (at most `max`, at least `max / 2`).
 */
import type { BatchProgress } from '../engine/types';

/** x in epochs (the end of batch b of n in epoch e is e - 1 + (b + 1) / n), y the mean loss of its batches. */
export interface CurvePoint {
  x: number;
  y: number;
}

/** Points per run sent to the panel (a chart is ~500 px wide: more would not show). */
export const MAX_CURVE_POINTS = 256;

/** Where a batch ends on an epoch axis: epoch 1's last batch at 1, epoch 2's first of 10 at 1.1. */
export function batchPosition(progress: BatchProgress): number {
  const batches = Math.max(1, progress.batches);
  return Math.max(0, progress.epoch - 1) + Math.min(batches, progress.batch + 1) / batches;
}

export class BatchCurve {
  private readonly done: CurvePoint[] = [];
  /** Batches each finished point stands for. */
  private stride = 1;
  /** The point being filled: sums over its `n` batches so far. */
  private sumX = 0;
  private sumY = 0;
  private n = 0;

  constructor(private readonly max = MAX_CURVE_POINTS) {
    if (!Number.isInteger(max) || max < 4) throw new RangeError(`A batch curve needs room for at least 4 points (got ${max}).`);
  }

  /** Adds one batch's loss at epoch position `x` (positions only grow; non-finite losses are left out). */
  add(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.sumX += x;
    this.sumY += y;
    this.n += 1;
    if (this.n < this.stride) return;
    this.done.push({ x: this.sumX / this.n, y: this.sumY / this.n });
    this.sumX = this.sumY = this.n = 0;
    // Room for the partial point too: points() never returns more than `max`.
    if (this.done.length >= this.max) this.halve();
  }

  addProgress(progress: BatchProgress): void {
    this.add(batchPosition(progress), progress.loss);
  }

  /** The curve so far, the latest (partial) point included, so the line reaches the latest batch. */
  points(): CurvePoint[] {
    const out = this.done.map(p => ({ ...p }));
    if (this.n > 0) out.push({ x: this.sumX / this.n, y: this.sumY / this.n });
    return out;
  }

  /** Batches one point stands for now. */
  get batchesPerPoint(): number {
    return this.stride;
  }

  private halve(): void {
    const merged: CurvePoint[] = [];
    for (let i = 0; i + 1 < this.done.length; i += 2) {
      const a = this.done[i];
      const b = this.done[i + 1];
      merged.push({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    }
    // An odd point out becomes the start of the next, wider point.
    if (this.done.length % 2 === 1) {
      const last = this.done[this.done.length - 1];
      this.sumX = last.x * this.stride;
      this.sumY = last.y * this.stride;
      this.n = this.stride;
    }
    this.stride *= 2;
    this.done.length = 0;
    this.done.push(...merged);
  }
}

/** Evenly thins a finished series to at most `max` points by bucket means (keeps the first and the last x range). */
export function downsample(points: readonly CurvePoint[], max = MAX_CURVE_POINTS): CurvePoint[] {
  const finite = points.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length <= max) return finite.map(p => ({ ...p }));
  const out: CurvePoint[] = [];
  for (let k = 0; k < max; k++) {
    const from = Math.floor((k * finite.length) / max);
    const to = Math.floor(((k + 1) * finite.length) / max);
    let sx = 0;
    let sy = 0;
    for (let i = from; i < to; i++) {
      sx += finite[i].x;
      sy += finite[i].y;
    }
    out.push({ x: sx / (to - from), y: sy / (to - from) });
  }
  return out;
}
