/**
 * Line charts of training metrics as a scene (pure): nice ticks, scaled polylines with a distinct marker
 * and dash per series (so runs are told apart without colour), axes with labels and a legend.
 */
import type { EpochMetrics } from '../src/shared/engine/types';
import type { TrainingRunView } from '../src/shared/protocol/webview';
import { downsample, MAX_CURVE_POINTS } from '../src/shared/metrics/batchCurve';
import { round, SERIES_PAINTS, shift, textWidth, type Prim, type Scene } from './scene';
import { t } from './l10n/strings';

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  /** Index into the series paints, markers and dash patterns. */
  style: number;
  /** true: dashed, false: solid, undefined: the style's own dash pattern. */
  dashed?: boolean;
  /** 'batch': a thin line of per-batch points under the run's epoch points, without markers. */
  kind?: 'epoch' | 'batch';
  /** A shipped model's curve: drawn thin, dotted and with hollow markers. */
  reference?: boolean;
  /** false: no legend entry (the run's other lines share its entry). */
  legend?: boolean;
}

export interface ChartSpec {
  title: string;
  /** A key to the line styles, under the title. */
  subtitle?: string;
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

/** Where the parts of a chart go: the plot keeps `minPlotHeight` however many legend rows there are. */
export interface ChartLayout {
  width: number;
  height: number;
  top: number;
  left: number;
  plotWidth: number;
  plotHeight: number;
  legendTop: number;
  legendCols: number;
  legendRows: number;
}

export const MIN_PLOT_HEIGHT = 170;
const LEGEND_ROW = 18;

/**
 * Lays out a chart of `width` with these legend labels. The chart grows taller for a long legend instead
 * of squeezing the plot (a fixed height once left a 20 px plot, and a negative one turned the y axis
 * upside down, with 13 runs).
 */
export function chartLayout(width: number, legendLabels: readonly string[], options: { height?: number; minPlotHeight?: number; subtitle?: boolean } = {}): ChartLayout {
  const left = 56;
  const right = 16;
  const top = options.subtitle ? 44 : 30;
  const plotWidth = Math.max(40, width - left - right);
  // Two legend entries per row unless a label would not fit in half the width.
  const legendCols = legendLabels.some((label) => textWidth(label, 11) > plotWidth / 2 - 34) ? 1 : 2;
  const legendRows = Math.ceil(legendLabels.length / legendCols);
  const bottom = 40 + legendRows * LEGEND_ROW;
  const minPlot = Math.max(40, options.minPlotHeight ?? MIN_PLOT_HEIGHT);
  const height = Math.max(options.height ?? 300, top + minPlot + bottom);
  const plotHeight = height - top - bottom;
  return { width, height, top, left, plotWidth, plotHeight, legendTop: top + plotHeight + 40, legendCols, legendRows };
}

/** A linear map of [d0, d1] onto [r0, r1] (r0 > r1 for a y axis: SVG's y grows downwards). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v: number): number => (span === 0 || !Number.isFinite(span) ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** The y range and its ticks: a fixed one (accuracies 0..1) or fitted to the values from 0; always lo < hi. */
export function yAxis(values: readonly number[], yMin?: number, yMax?: number): { lo: number; hi: number; ticks: number[] } {
  const ys = values.filter(Number.isFinite);
  const lo = yMin ?? Math.min(0, ...ys);
  const hi = yMax ?? (ys.length ? Math.max(lo + 1e-6, ...ys) : lo + 1);
  const ticks = niceTicks(lo, hi > lo ? hi : lo + 1, 5);
  return { lo: ticks[0], hi: ticks[ticks.length - 1], ticks };
}

/** The x range in epochs: from 0 once per-batch points exist (epoch 1's first batches lie before 1), else from 1. */
export function xAxis(points: readonly { x: number }[], xMax?: number): { lo: number; hi: number; ticks: number[] } {
  const hi = Math.max(1, xMax ?? 1, ...points.map((p) => p.x).filter(Number.isFinite));
  const lo = points.some((p) => p.x < 1) ? 0 : 1;
  const ticks = epochTicks(hi);
  return { lo, hi: Math.ceil(hi) > hi ? Math.ceil(hi) : hi, ticks: lo === 0 ? [0, ...ticks] : ticks };
}

/** Lays out one chart of `width` x (at least) `height` as a scene. */
export function chartScene(spec: ChartSpec, width = 560, height = 300): Scene {
  const prims: Prim[] = [];
  const all = spec.series.flatMap((s) => s.points);
  const legend = spec.series.filter((s) => s.legend !== false);
  const layout = chartLayout(width, legend.map((s) => s.label), { height, subtitle: spec.subtitle !== undefined });
  const { top, left, plotWidth: pw, plotHeight: ph } = layout;
  const x = xAxis(all, spec.xMax);
  const y = yAxis(all.map((p) => p.y), spec.yMin, spec.yMax);
  const sx = x.hi <= x.lo ? (): number => left + pw / 2 : linearScale(x.lo, x.hi, left, left + pw);
  const sy = linearScale(y.lo, y.hi, top + ph, top);

  prims.push({ kind: 'text', x: left, y: 12, text: spec.title, fill: 'fg', size: 13, font: 'ui', bold: true });
  if (spec.subtitle) prims.push({ kind: 'text', x: left, y: 28, text: spec.subtitle, fill: 'muted', size: 10, font: 'ui' });
  for (const t of y.ticks) {
    const yy = sy(t);
    prims.push({ kind: 'path', d: `M${round(left)} ${round(yy)} L${round(left + pw)} ${round(yy)}`, stroke: 'grid', width: 1, cls: 'gridline' });
    prims.push({ kind: 'text', x: left - 6, y: yy, text: formatTick(t), fill: 'muted', size: 10, font: 'ui', anchor: 'end' });
  }
  for (const t of x.ticks) {
    const xx = sx(t);
    prims.push({ kind: 'path', d: `M${round(xx)} ${round(top + ph)} L${round(xx)} ${round(top + ph + 4)}`, stroke: 'muted', width: 1 });
    prims.push({ kind: 'text', x: xx, y: top + ph + 12, text: String(t), fill: 'muted', size: 10, font: 'ui', anchor: 'middle' });
  }
  prims.push({ kind: 'path', d: `M${left} ${top} L${left} ${round(top + ph)} L${round(left + pw)} ${round(top + ph)}`, stroke: 'muted', width: 1 });
  prims.push({ kind: 'text', x: left + pw / 2, y: top + ph + 26, text: spec.xLabel, fill: 'muted', size: 11, font: 'ui', anchor: 'middle' });
  prims.push({ kind: 'text', x: 12, y: top + ph / 2, text: spec.yLabel, fill: 'muted', size: 11, font: 'ui', anchor: 'middle', rotate: -90 });

  // Per-batch lines first, then the runs' lines, then the markers on top of every line.
  const order = [...spec.series].sort((a, b) => Number(b.kind === 'batch') - Number(a.kind === 'batch'));
  const markers: Prim[] = [];
  for (const s of order) {
    const look = seriesLook(s);
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ x: sx(p.x), y: sy(Math.max(y.lo, Math.min(y.hi, p.y))) }));
    if (pts.length > 1) {
      const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
      prims.push({ kind: 'path', d, stroke: look.paint, width: look.width, dash: look.dash, cls: look.cls });
    }
    if (look.markers) for (const p of pts) markers.push({ kind: 'path', d: markerPath(s.style, p.x, p.y), stroke: look.paint, width: 1.5, fill: look.hollow ? undefined : look.paint, cls: 'marker' });
  }
  prims.push(...markers);

  legend.forEach((s, k) => {
    const lx = left + (k % layout.legendCols) * (pw / layout.legendCols);
    const ly = layout.legendTop + Math.floor(k / layout.legendCols) * LEGEND_ROW;
    prims.push(...legendSwatch(s, lx, ly));
    const maxChars = Math.floor((pw / layout.legendCols - 34) / 6.6);
    const label = s.label.length > maxChars ? `${s.label.slice(0, Math.max(1, maxChars - 1))}\u2026` : s.label;
    prims.push({ kind: 'text', x: lx + 30, y: ly, text: label, fill: 'fg', size: 11, font: 'ui', cls: 'legend-label' });
  });
  return { width, height: layout.height, title: spec.title, prims };
}

/** How a series is drawn: this session's runs bold, per-batch lines thin, reference runs thin, dotted and hollow. */
export function seriesLook(s: Series): { paint: (typeof SERIES_PAINTS)[number]; width: number; dash: string | undefined; markers: boolean; hollow: boolean; cls: string } {
  const paint = seriesPaint(s.style);
  if (s.kind === 'batch') return { paint, width: 1, dash: undefined, markers: false, hollow: false, cls: `series batch s${s.style}` };
  if (s.reference) return { paint, width: 1.25, dash: s.dashed ? '5 4' : REFERENCE_DASH, markers: true, hollow: true, cls: `series reference s${s.style}` };
  return { paint, width: 2, dash: seriesDash(s.style, s.dashed), markers: true, hollow: false, cls: `series s${s.style}` };
}

export const REFERENCE_DASH = '1.5 2.5';

/** A legend's sample of a series: a short line in its dash with its marker, 24 px wide from (x, y). */
export function legendSwatch(s: Series, x: number, y: number): Prim[] {
  const look = seriesLook(s);
  return [
    { kind: 'path', d: `M${round(x)} ${round(y)} L${round(x + 24)} ${round(y)}`, stroke: look.paint, width: Math.max(1.5, look.width), dash: look.dash },
    { kind: 'path', d: markerPath(s.style, x + 12, y), stroke: look.paint, width: 1.5, fill: look.hollow ? undefined : look.paint },
  ];
}

function formatTick(v: number): string {
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1).replace(/\.0$/, '');
  return String(Number(v.toFixed(3)));
}

/** A run's legend label: reference runs say so in words, not only by their look. */
export function runLabel(run: TrainingRunView): string {
  return run.reference ? t('training.referenceLabel', run.label) : run.label;
}

/** The per-epoch series of one metric for every run (run index = style, so a run keeps its look). */
export function metricSeries(runs: readonly TrainingRunView[], metric: keyof EpochMetrics, options: { dashed?: boolean; legend?: boolean; referenceToo?: boolean } = {}): Series[] {
  return runs.flatMap((run, k) => (run.reference && options.referenceToo === false ? [] : [{
    label: runLabel(run),
    style: k,
    dashed: options.dashed,
    reference: run.reference === true,
    legend: options.legend,
    points: run.epochs.map((m) => ({ x: m.epoch, y: m[metric] })),
  }]));
}

/** Each run's per-batch train loss (runs without it have none). */
export function batchSeries(runs: readonly TrainingRunView[]): Series[] {
  return runs.flatMap((run, k) => (run.batchLoss && run.batchLoss.length > 0
    ? [{ label: runLabel(run), style: k, kind: 'batch' as const, legend: false, reference: run.reference === true, points: downsample(run.batchLoss, MAX_CURVE_POINTS) }]
    : []));
}

/**
 * The charts of the training view, for runs in the order given (this session's first): exact match per
 * run (the book's figure 8-26), loss (per batch and per epoch), token accuracy.
 */
export function trainingCharts(runs: readonly TrainingRunView[]): ChartSpec[] {
  const xMax = Math.max(1, ...runs.map((r) => r.totalEpochs));
  const xLabel = t('chart.epoch');
  return [
    { title: t('chart.exactMatch.title'), xLabel, yLabel: t('chart.exactMatch.axis'), series: metricSeries(runs, 'exactMatch'), yMin: 0, yMax: 1, xMax },
    { title: t('chart.loss.title'), subtitle: t('chart.loss.key'), xLabel, yLabel: t('chart.loss.axis'), xMax,
      series: [...batchSeries(runs), ...metricSeries(runs, 'trainLoss', { dashed: false }), ...metricSeries(runs, 'validationLoss', { dashed: true, legend: false, referenceToo: false })] },
    { title: t('chart.tokenAccuracy.title'), xLabel, yLabel: t('chart.tokenAccuracy.axis'), series: metricSeries(runs, 'tokenAccuracy'), yMin: 0, yMax: 1, xMax },
  ];
}

/** All training charts stacked (SVG/PNG export of the training view). */
export function trainingScene(runs: readonly TrainingRunView[], width = 560, height = 300): Scene {
  const prims: Prim[] = [];
  let y = 0;
  for (const spec of trainingCharts(runs)) {
    const scene = chartScene(spec, width, height);
    prims.push(...shift(scene.prims, 0, y));
    y += scene.height;
  }
  return { width, height: y, title: t('chart.all.title'), prims };
}
