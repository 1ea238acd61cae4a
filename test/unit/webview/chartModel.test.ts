import * as assert from 'assert';
import type { TrainingRunView } from '../../../src/shared/protocol/webview';
import { chartLayout, chartScene, epochTicks, linearScale, markerPath, MIN_PLOT_HEIGHT, niceTicks, REFERENCE_DASH, trainingCharts, trainingScene, xAxis, yAxis, type ChartSpec } from '../../../webview/chartModel';
import type { Prim } from '../../../webview/scene';
import { shift, textWidth, xmlEscape } from '../../../webview/scene';
import { training } from './sampleViews';

describe('webview/chartModel and scene', () => {
  it('picks nice ticks that cover the range', () => {
    assert.deepStrictEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepStrictEqual(niceTicks(0, 2.3, 5), [0, 0.5, 1, 1.5, 2, 2.5]);
    const t = niceTicks(0.13, 7.9, 5);
    assert.ok(t[0] <= 0.13 && t[t.length - 1] >= 7.9);
    assert.deepStrictEqual(niceTicks(3, 3), [3, 3.2, 3.4, 3.6, 3.8, 4]);
  });

  it('labels epochs with integers', () => {
    assert.deepStrictEqual(epochTicks(4), [1, 2, 3, 4]);
    assert.deepStrictEqual(epochTicks(1), [1]);
    const many = epochTicks(45);
    assert.ok(many.length <= 12 && many[0] === 1 && many[many.length - 1] === 45);
  });

  it('builds one chart per metric with one series per run (the figure 8-26 comparison)', () => {
    const specs = trainingCharts(training().runs);
    assert.strictEqual(specs.length, 3);
    assert.strictEqual(specs[0].series.length, 2);
    assert.deepStrictEqual(specs[0].series[1].points.map((p) => p.x), [1, 2]);
    assert.strictEqual(specs[1].series.length, 4, 'train and validation loss per run');
    assert.strictEqual(specs[1].series.filter((x) => x.legend !== false).length, 2, 'one legend entry per run, not per line');
    assert.strictEqual(specs[0].xMax, 4, 'the x axis spans the planned epochs while a run is going');
  });

  it('places higher values higher on the chart', () => {
    const scene = chartScene({ title: 't', xLabel: 'x', yLabel: 'y', yMin: 0, yMax: 1, series: [{ label: 's', style: 0, points: [{ x: 1, y: 0.1 }, { x: 2, y: 0.9 }] }] });
    const line = scene.prims.find((p) => p.kind === 'path' && p.cls?.startsWith('series'));
    assert.ok(line && line.kind === 'path');
    const m = /^M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)$/.exec(line.d);
    assert.ok(m, line.d);
    assert.ok(Number(m[3]) > Number(m[1]), 'epoch 2 right of epoch 1');
    assert.ok(Number(m[4]) < Number(m[2]), '0.9 above 0.1 (SVG y grows downwards)');
  });

  it('stacks the training charts', () => {
    const sc = trainingScene(training().runs, 500, 300);
    assert.ok(sc.height >= 900);
    assert.ok(sc.prims.some((p) => p.kind === 'text' && p.text === 'Token accuracy per epoch (validation)' && p.y > 600));
  });

  it('shifts paths and measures wide characters', () => {
    assert.deepStrictEqual(shift([{ kind: 'path', d: 'M1 2 L3 4', stroke: 'fg', width: 1 }], 10, 20), [{ kind: 'path', d: 'M11 22 L13 24', stroke: 'fg', width: 1 }]);
    assert.ok(textWidth('사랑', 10) > textWidth('ab', 10));
    assert.match(markerPath(1, 10, 10), /^M/);
    assert.strictEqual(xmlEscape('<a href="x">&\'\u0001'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });

  it('keeps the plot at least MIN_PLOT_HEIGHT high however long the legend, growing the chart instead', () => {
    const few = chartLayout(560, ['a', 'b']);
    assert.strictEqual(few.height, 300);
    assert.ok(few.plotHeight >= MIN_PLOT_HEIGHT);
    const labels = Array.from({ length: 26 }, (_, k) => `run number ${k} (train)`);
    const many = chartLayout(560, labels);
    assert.ok(many.plotHeight >= MIN_PLOT_HEIGHT, `plot ${many.plotHeight} px`);
    assert.strictEqual(many.legendRows, 13);
    assert.ok(many.height > 300 && many.legendTop + many.legendRows * 18 <= many.height, 'the legend fits inside the chart');
    const long = chartLayout(300, ['a label far too long to share a row with another one']);
    assert.strictEqual(long.legendCols, 1);
  });

  it('maps values linearly, higher values higher on a y axis, and never divides by a zero span', () => {
    const sy = linearScale(0, 2, 200, 20);
    assert.strictEqual(sy(0), 200);
    assert.strictEqual(sy(2), 20);
    assert.strictEqual(sy(1), 110);
    assert.strictEqual(linearScale(3, 3, 0, 10)(3), 5);
    const y = yAxis([0.4, 3.7]);
    assert.ok(y.lo === 0 && y.hi >= 3.7 && y.ticks.length >= 3);
    const flat = yAxis([0, 0]);
    assert.ok(flat.hi > flat.lo, 'a flat series still gets a range');
    assert.deepStrictEqual(yAxis([5], 0, 1).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('starts the epoch axis at 0 once per-batch points exist', () => {
    assert.deepStrictEqual(xAxis([{ x: 1 }, { x: 2 }], 4), { lo: 1, hi: 4, ticks: [1, 2, 3, 4] });
    const b = xAxis([{ x: 0.1 }, { x: 1.3 }]);
    assert.strictEqual(b.lo, 0);
    assert.strictEqual(b.hi, 2);
    assert.deepStrictEqual(b.ticks, [0, 1, 2]);
  });

  it('draws 13 runs (26 loss lines) with an upright y axis inside a plot of sensible height', () => {
    const series = Array.from({ length: 26 }, (_, k) => ({ label: `run ${k}`, style: k, points: [{ x: 1, y: 3 - k * 0.05 }, { x: 2, y: 1 }, { x: 3, y: 0.2 }] }));
    const spec: ChartSpec = { title: 't', xLabel: 'epoch', yLabel: 'loss', series };
    const scene = chartScene(spec);
    const gridY = (p: Prim): number => (p.kind === 'path' ? Number(/^M[\d.]+ ([\d.]+)/.exec(p.d)?.[1]) : NaN);
    const grid = scene.prims.filter((p) => p.kind === 'path' && p.cls === 'gridline').map(gridY);
    const tickLabels = scene.prims.filter((p): p is Extract<Prim, { kind: 'text' }> => p.kind === 'text' && p.anchor === 'end').map((p) => ({ v: Number(p.text), y: p.y }));
    assert.ok(tickLabels.length >= 3);
    for (let i = 1; i < tickLabels.length; i++) assert.ok(tickLabels[i].v > tickLabels[i - 1].v && tickLabels[i].y < tickLabels[i - 1].y, 'larger ticks higher up');
    const plot = Math.max(...grid) - Math.min(...grid);
    assert.ok(plot >= MIN_PLOT_HEIGHT - 1, `the plot is ${plot} px high`);
    const legend = scene.prims.filter((p) => p.kind === 'text' && p.cls === 'legend-label');
    assert.strictEqual(legend.length, 26);
    assert.ok(legend.every((p) => p.kind === 'text' && p.y > Math.max(...grid) && p.y < scene.height), 'legend below the plot, inside the picture');
  });

  it('draws this session\'s runs first and bold, per-batch lines thin, reference runs dotted and hollow and said to be references', () => {
    const base = training().runs;
    const mine: TrainingRunView = { ...base[1], runId: 'mine', label: 'mine', batchLoss: [{ x: 0.5, y: 2.5 }, { x: 1, y: 2 }, { x: 1.5, y: 1.2 }] };
    const reference: TrainingRunView = { ...base[0], runId: 'ref', label: 'Peeky', reference: true };
    const [exact, loss] = trainingCharts([mine, reference]);
    assert.deepStrictEqual(exact.series.map((x) => x.label), ['mine', 'Peeky (reference)']);
    const batch = loss.series.find((x) => x.kind === 'batch');
    assert.ok(batch && batch.style === 0 && batch.legend === false && batch.points.length === 3);
    assert.ok(!loss.series.some((x) => x.reference && x.dashed), 'no validation line for reference runs');
    const scene = chartScene(loss);
    const paths = scene.prims.filter((p): p is Extract<Prim, { kind: 'path' }> => p.kind === 'path');
    const batchLine = paths.find((p) => p.cls?.includes('batch'));
    const ownLine = paths.find((p) => p.cls === 'series s0');
    const refLine = paths.find((p) => p.cls?.includes('reference'));
    assert.ok(batchLine && ownLine && refLine);
    assert.ok(batchLine.width < ownLine.width && refLine.width < ownLine.width);
    assert.strictEqual(refLine.dash, REFERENCE_DASH);
    assert.ok(paths.indexOf(batchLine) < paths.indexOf(ownLine), 'batch line under the epoch line');
    const markers = paths.filter((p) => p.cls === 'marker');
    assert.ok(markers.some((p) => p.fill === undefined) && markers.some((p) => p.fill === 'series0'), 'hollow reference markers, filled own ones');
    assert.ok(paths.indexOf(markers[0]) > paths.indexOf(refLine), 'epoch markers on top of every line');
    // The batch line starts left of epoch 1 (at epoch 0.5 on an axis from 0).
    const firstX = (p: Extract<Prim, { kind: 'path' }>): number => Number(/^M([\d.]+)/.exec(p.d)?.[1]);
    assert.ok(firstX(batchLine) < firstX(ownLine));
  });
});
