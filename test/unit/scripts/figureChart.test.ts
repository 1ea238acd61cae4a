import * as assert from 'assert';
import { isCheckpoint, progressOf, renderFigureSvg } from '../../../src/scripts/figureChart';

describe('figure 8-26 chart', () => {
  it('measures N times per epoch, the last batch included, whatever the batch count', () => {
    for (const [batches, n] of [[13, 4], [352, 10], [7, 10], [100, 1]]) {
      const points = Array.from({ length: batches }, (_, b) => b).filter(b => isCheckpoint(b, batches, n));
      assert.strictEqual(points.length, Math.min(n, batches), `${batches} batches, ${n} per epoch`);
      assert.strictEqual(points[points.length - 1], batches - 1);
      // Evenly spread: each point within one batch of k/n of the epoch.
      points.forEach((b, k) => assert.ok(Math.abs((b + 1) - ((k + 1) * batches) / Math.min(n, batches)) < 1, `${batches}/${n}: point ${k} at batch ${b}`));
    }
  });

  it('puts every model on the same epoch axis', () => {
    assert.strictEqual(progressOf(1, 9, 10), 1);
    assert.strictEqual(progressOf(3, 4, 10), 2.5);
  });

  it('draws one line per model, labels escaped as text', () => {
    const svg = renderFigureSvg([
      { label: 'baseline', points: [{ x: 0.5, y: 0 }, { x: 1, y: 0.1 }] },
      { label: 'attention <luong & dot>', points: [{ x: 0.5, y: 0.5 }, { x: 1, y: 0.99 }] },
    ], { title: 'Figure', epochs: 2 });
    assert.strictEqual((svg.match(/<polyline/g) ?? []).length, 2);
    assert.ok(svg.includes('attention &lt;luong &amp; dot&gt;'));
    assert.ok(!svg.includes('<luong'));
    // y = 0.99 lies near the top of the plot, y = 0 at its bottom (top 36, height 316).
    assert.match(svg, /points="[\d.]+,352\.0 [\d.]+,320\.4"/);
  });
});
