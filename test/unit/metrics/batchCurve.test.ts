import * as assert from 'node:assert/strict';
import { BatchCurve, batchPosition, downsample, MAX_CURVE_POINTS } from '../../../src/shared/metrics/batchCurve';

describe('metrics/batchCurve (per-batch loss, bounded)', () => {
  it('places a batch at the end of its share of the epoch', () => {
    assert.equal(batchPosition({ epoch: 1, batch: 9, batches: 10, loss: 1 }), 1);
    assert.equal(batchPosition({ epoch: 2, batch: 0, batches: 10, loss: 1 }), 1.1);
    assert.equal(batchPosition({ epoch: 3, batch: 4, batches: 5, loss: 1 }), 3);
    assert.equal(batchPosition({ epoch: 1, batch: 0, batches: 0, loss: 1 }), 1, 'no batch count: the epoch end');
  });

  it('keeps every batch while there is room', () => {
    const curve = new BatchCurve(8);
    for (let k = 0; k < 5; k++) curve.add(k, 10 - k);
    assert.deepEqual(curve.points(), [0, 1, 2, 3, 4].map((k) => ({ x: k, y: 10 - k })));
    assert.equal(curve.batchesPerPoint, 1);
  });

  it('stays within its bound over a long run, with x growing and each point the mean of its batches', () => {
    const max = 16;
    const curve = new BatchCurve(max);
    const n = 1000;
    for (let k = 0; k < n; k++) {
      curve.add(k, 2 * k);
      const p = curve.points();
      assert.ok(p.length <= max, `${p.length} points after ${k + 1} batches`);
    }
    const p = curve.points();
    assert.ok(p.length >= max / 2, `still at least half full (${p.length})`);
    for (let i = 1; i < p.length; i++) assert.ok(p[i].x > p[i - 1].x, 'x grows');
    // y = 2x for every batch, so every mean point too.
    for (const q of p) assert.ok(Math.abs(q.y - 2 * q.x) < 1e-9, JSON.stringify(q));
    assert.ok(p[0].x < 64 && p[p.length - 1].x > n - 64, 'spans the whole run');
    assert.equal(curve.batchesPerPoint, 64);
  });

  it('sends at most MAX_CURVE_POINTS by default and leaves out non-finite losses', () => {
    const curve = new BatchCurve();
    for (let k = 0; k < 20_000; k++) curve.add(k / 100, k % 7 === 0 ? Number.NaN : 1);
    const p = curve.points();
    assert.ok(p.length <= MAX_CURVE_POINTS && p.length > MAX_CURVE_POINTS / 2 - 1);
    assert.ok(p.every((q) => q.y === 1));
    assert.throws(() => new BatchCurve(2), /at least 4 points/);
  });

  it('downsamples a finished series by bucket means, keeping its mean and range', () => {
    const pts = Array.from({ length: 1000 }, (_, k) => ({ x: k, y: k % 10 }));
    const out = downsample(pts, 100);
    assert.equal(out.length, 100);
    const mean = (a: { y: number }[]): number => a.reduce((s, q) => s + q.y, 0) / a.length;
    assert.ok(Math.abs(mean(out) - mean(pts)) < 1e-9);
    assert.equal(out[0].x, 4.5);
    assert.equal(out[99].x, 994.5);
    const few = [{ x: 1, y: 2 }, { x: 2, y: Number.POSITIVE_INFINITY }];
    assert.deepEqual(downsample(few, 100), [{ x: 1, y: 2 }], 'short series are kept, non-finite points dropped');
  });
});
