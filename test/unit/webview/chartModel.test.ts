import * as assert from 'assert';
import { chartScene, epochTicks, markerPath, niceTicks, trainingCharts, trainingScene } from '../../../webview/chartModel';
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
    assert.strictEqual(sc.height, 900);
    assert.ok(sc.prims.some((p) => p.kind === 'text' && p.text === 'Token accuracy per epoch (validation)' && p.y > 600));
  });

  it('shifts paths and measures wide characters', () => {
    assert.deepStrictEqual(shift([{ kind: 'path', d: 'M1 2 L3 4', stroke: 'fg', width: 1 }], 10, 20), [{ kind: 'path', d: 'M11 22 L13 24', stroke: 'fg', width: 1 }]);
    assert.ok(textWidth('사랑', 10) > textWidth('ab', 10));
    assert.match(markerPath(1, 10, 10), /^M/);
    assert.strictEqual(xmlEscape('<a href="x">&\'\u0001'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});
