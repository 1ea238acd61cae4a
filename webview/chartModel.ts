/**
 * Line charts of training metrics as a scene (pure): nice ticks, scaled polylines with a distinct marker
 * and dash per series (so runs are told apart without colour), axes with labels and a legend.
 */
import type { EpochMetrics } from '../src/shared/engine/types';
import type { TrainingRunView } from '../src/shared/protocol/webview';
import { round, SERIES_PAINTS, shift, textWidth, type Prim, type Scene } from './scene';

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  /** Index into the series paints, markers and dash patterns. */
  style: number;
  /** true: dashed, false: solid, undefined: the style's own dash pattern. */
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Fixed y range (accuracies 0..1); otherwise fitted to the data from 0. */
  yMin?: number;
  yMax?: number;
  /** At least this many epochs on the x axis (the planned total while a run is going). */
  xMax?: number;
}

/** "Nice" tick values covering [min, max] (1, 2, 2.5, 5 x 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max <= min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-6; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max - 1e-9) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Integer ticks for epochs 1..n (at most ~10 labels). */
export function epochTicks(n: number): number[] {
  const last = Math.max(1, Math.ceil(n));
  const step = Math.max(1, Math.ceil(last / 10));
  const ticks: number[] = [];
  for (let e = 1; e <= last; e += step) ticks.push(e);
  if (ticks[ticks.length - 1] !== last) ticks.push(last);
  return ticks;
}

const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus'] as const;
const DASHES = [undefined, '6 3', '2 3', '8 3 2 3', '4 4', '1 2'];

/** A small marker shape as a path around (x, y). */
export function markerPath(style: number, x: number, y: number, r = 3.5): string {
  const p = (dx: number, dy: number): string => `${round(x + dx)} ${round(y + dy)}`;
  switch (MARKERS[style % MARKERS.length]) {
    case 'circle': return `M${p(-r, 0)} L${p(-r * 0.7, -r * 0.7)} L${p(0, -r)} L${p(r * 0.7, -r * 0.7)} L${p(r, 0)} L${p(r * 0.7, r * 0.7)} L${p(0, r)} L${p(-r * 0.7, r * 0.7)} L${p(-r, 0)}`;
    case 'square': return `M${p(-r, -r)} L${p(r, -r)} L${p(r, r)} L${p(-r, r)} L${p(-r, -r)}`;
    case 'triangle': return `M${p(0, -r * 1.2)} L${p(r * 1.1, r * 0.8)} L${p(-r * 1.1, r * 0.8)} L${p(0, -r * 1.2)}`;
    case 'diamond': return `M${p(0, -r * 1.3)} L${p(r * 1.3, 0)} L${p(0, r * 1.3)} L${p(-r * 1.3, 0)} L${p(0, -r * 1.3)}`;
    case 'cross': return `M${p(-r, -r)} L${p(r, r)} M${p(-r, r)} L${p(r, -r)}`;
    default: return `M${p(-r, 0)} L${p(r, 0)} M${p(0, -r)} L${p(0, r)}`;
  }
}

export function seriesPaint(style: number): (typeof SERIES_PAINTS)[number] {
  return SERIES_PAINTS[style % SERIES_PAINTS.length];
}

export function seriesDash(style: number, dashed?: boolean): string | undefined {
  if (dashed === undefined) return DASHES[style % DASHES.length];
  return dashed ? '5 4' : undefined;
}

/** Lays out one chart of `width` x `height` as a scene. */
export function chartScene(spec: ChartSpec, width = 560, height = 300): Scene {
  const prims: Prim[] = [];
  const all = spec.series.flatMap((s) => s.points);
  const dataMaxX = Math.max(1, spec.xMax ?? 1, ...all.map((p) => p.x));
  const ys = all.map((p) => p.y).filter(Number.isFinite);
  const yLo = spec.yMin ?? Math.min(0, ...ys);
  const yHi = spec.yMax ?? (ys.length ? Math.max(yLo + 1e-6, ...ys) : yLo + 1);
  const yTicks = spec.yMin !== undefined && spec.yMax !== undefined ? niceTicks(spec.yMin, spec.yMax, 5) : niceTicks(yLo, yHi, 5);
  const y0 = yTicks[0];
  const y1 = yTicks[yTicks.length - 1];
  const xTicks = epochTicks(dataMaxX);

  // Two legend entries per row unless a label would not fit in half the width.
  const legendCols = spec.series.some((s) => textWidth(s.label, 11) > (width - 72) / 2 - 34) ? 1 : 2;
  const legendRows = Math.ceil(spec.series.length / legendCols);
  const top = 30;
  const left = 56;
  const right = 16;
  const bottom = 40 + legendRows * 18;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const sx = (x: number): number => left + (dataMaxX <= 1 ? pw / 2 : ((x - 1) / (dataMaxX - 1)) * pw);
  const sy = (y: number): number => top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;

  prims.push({ kind: 'text', x: left, y: 12, text: spec.title, fill: 'fg', size: 13, font: 'ui', bold: true });
  for (const t of yTicks) {
    const yy = sy(t);
    prims.push({ kind: 'path', d: `M${round(left)} ${round(yy)} L${round(left + pw)} ${round(yy)}`, stroke: 'grid', width: 1, cls: 'gridline' });
    prims.push({ kind: 'text', x: left - 6, y: yy, text: formatTick(t), fill: 'muted', size: 10, font: 'ui', anchor: 'end' });
  }
  for (const t of xTicks) {
    const xx = sx(t);
    prims.push({ kind: 'path', d: `M${round(xx)} ${round(top + ph)} L${round(xx)} ${round(top + ph + 4)}`, stroke: 'muted', width: 1 });
    prims.push({ kind: 'text', x: xx, y: top + ph + 12, text: String(t), fill: 'muted', size: 10, font: 'ui', anchor: 'middle' });
  }
  prims.push({ kind: 'path', d: `M${left} ${top} L${left} ${round(top + ph)} L${round(left + pw)} ${round(top + ph)}`, stroke: 'muted', width: 1 });
  prims.push({ kind: 'text', x: left + pw / 2, y: top + ph + 26, text: spec.xLabel, fill: 'muted', size: 11, font: 'ui', anchor: 'middle' });
  prims.push({ kind: 'text', x: 12, y: top + ph / 2, text: spec.yLabel, fill: 'muted', size: 11, font: 'ui', anchor: 'middle', rotate: -90 });

  spec.series.forEach((s) => {
    const paint = seriesPaint(s.style);
    const pts = s.points.filter((p) => Number.isFinite(p.y)).map((p) => ({ x: sx(p.x), y: sy(Math.max(y0, Math.min(y1, p.y))) }));
    if (pts.length > 1) {
      const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
      prims.push({ kind: 'path', d, stroke: paint, width: 2, dash: seriesDash(s.style, s.dashed), cls: `series s${s.style}` });
    }
    for (const p of pts) prims.push({ kind: 'path', d: markerPath(s.style, p.x, p.y), stroke: paint, width: 1.5, fill: paint, cls: 'marker' });
  });

  // Legend below the plot, two per row.
  const legendTop = top + ph + 40;
  spec.series.forEach((s, k) => {
    const lx = left + (k % legendCols) * (pw / legendCols);
    const ly = legendTop + Math.floor(k / legendCols) * 18;
    const paint = seriesPaint(s.style);
    prims.push({ kind: 'path', d: `M${round(lx)} ${round(ly)} L${round(lx + 24)} ${round(ly)}`, stroke: paint, width: 2, dash: seriesDash(s.style, s.dashed) });
    prims.push({ kind: 'path', d: markerPath(s.style, lx + 12, ly), stroke: paint, width: 1.5, fill: paint });
    const maxChars = Math.floor((pw / legendCols - 34) / 6.6);
    const label = s.label.length > maxChars ? `${s.label.slice(0, Math.max(1, maxChars - 1))}\u2026` : s.label;
    prims.push({ kind: 'text', x: lx + 30, y: ly, text: label, fill: 'fg', size: 11, font: 'ui' });
  });
  return { width, height, title: spec.title, prims };
}

function formatTick(v: number): string {
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1).replace(/\.0$/, '');
  return String(Number(v.toFixed(3)));
}

/** The per-epoch series of one metric for every run (run index = style, so a run keeps its look). */
export function metricSeries(runs: readonly TrainingRunView[], metric: keyof EpochMetrics, suffix = '', dashed?: boolean): Series[] {
  return runs.map((run, k) => ({
    label: `${run.label}${suffix}`,
    style: k,
    dashed,
    points: run.epochs.map((m) => ({ x: m.epoch, y: m[metric] })),
  }));
}

/** The charts of the training view: exact match per run (the book's figure 8-26), loss, token accuracy. */
export function trainingCharts(runs: readonly TrainingRunView[]): ChartSpec[] {
  const xMax = Math.max(1, ...runs.map((r) => r.totalEpochs));
  return [
    { title: 'Exact match per epoch (validation)', xLabel: 'epoch', yLabel: 'exact match', series: metricSeries(runs, 'exactMatch'), yMin: 0, yMax: 1, xMax },
    { title: 'Loss per epoch (solid: train, dashed: validation)', xLabel: 'epoch', yLabel: 'loss',
      series: [...metricSeries(runs, 'trainLoss', ' (train)', false), ...metricSeries(runs, 'validationLoss', ' (validation)', true)], xMax },
    { title: 'Token accuracy per epoch (validation)', xLabel: 'epoch', yLabel: 'token accuracy', series: metricSeries(runs, 'tokenAccuracy'), yMin: 0, yMax: 1, xMax },
  ];
}

/** All training charts stacked (SVG/PNG export of the training view). */
export function trainingScene(runs: readonly TrainingRunView[], width = 560, height = 300): Scene {
  const prims: Prim[] = [];
  const specs = trainingCharts(runs);
  specs.forEach((spec, k) => prims.push(...shift(chartScene(spec, width, height).prims, 0, k * height)));
  return { width, height: height * specs.length, title: 'Training runs compared', prims };
}
