/**
 * The training view: each run's state and per-batch progress, a Cancel button while one runs, the
 * charts (exact match per run = the book's figure 8-26, loss, token accuracy) and the same numbers as a
 * data table for screen readers and copy-paste.
 */
import { MECHANISM_LABELS } from '../src/shared/engine/types';
import type { TrainingRunView, TrainingView } from '../src/shared/protocol/webview';
import { chartScene, trainingCharts, type ChartSpec } from './chartModel';
import { h, type Child } from './dom';
import { formatNumber, formatPercent } from './format';
import { sceneToDom } from './sceneDom';
import type { RenderedView } from './renderedView';

const STATE_TEXT: Record<string, string> = { running: 'running', completed: 'completed', cancelled: 'cancelled', failed: 'failed' };

export function renderTraining(view: TrainingView, onCancel: () => void): RenderedView {
  const running = view.runs.filter((r) => r.state === 'running');
  const parts: Node[] = [h('h2', { attrs: { id: 'view-title' } }, 'Training')];
  if (view.runs.length === 0) {
    parts.push(h('p', { class: 'empty' }, 'No training run yet. Run "Train Model from Workspace Dataset\u2026" to start one; its loss and accuracy appear here live.'));
    return { element: h('section', { class: 'training', attrs: { 'aria-labelledby': 'view-title' } }, ...parts), summary: 'No training runs.', highlightSource: () => undefined };
  }
  if (running.length > 0) {
    parts.push(h('p', { class: 'actions' }, h('button', {
      attrs: { type: 'button', 'aria-describedby': 'run-list' }, data: { focusKey: 'cancel-training' }, on: { click: onCancel },
    }, 'Cancel training')));
  }
  parts.push(h('ul', { class: 'runs', attrs: { id: 'run-list', 'aria-label': 'Training runs' } }, ...view.runs.map(renderRun)));
  const charts = h('div', { class: 'charts' });
  for (const spec of trainingCharts(view.runs)) charts.appendChild(renderChart(spec));
  parts.push(charts);
  parts.push(renderDataTable(view.runs));
  const summary = view.runs.map((r) => runSummary(r)).join('. ');
  return { element: h('section', { class: 'training', attrs: { 'aria-labelledby': 'view-title' } }, ...parts), summary, highlightSource: () => undefined };
}

function lastEpoch(run: TrainingRunView) {
  return run.epochs.length ? run.epochs[run.epochs.length - 1] : null;
}

export function runSummary(run: TrainingRunView): string {
  const last = lastEpoch(run);
  const figures = last ? `, epoch ${last.epoch} of ${run.totalEpochs}: loss ${formatNumber(last.trainLoss, 3)}, exact match ${formatPercent(last.exactMatch)}` : '';
  return `${run.label} ${STATE_TEXT[run.state] ?? run.state}${figures}`;
}

function renderRun(run: TrainingRunView, k: number): HTMLElement {
  const last = lastEpoch(run);
  const items: Child[] = [
    h('span', { class: `run-swatch s${k % 6}`, attrs: { 'aria-hidden': 'true' } }),
    h('strong', {}, run.label), ' ',
    h('span', { class: 'meta' }, MECHANISM_LABELS[run.mechanism] ?? run.mechanism), ' ',
    h('span', { class: `badge state-${run.state}` }, STATE_TEXT[run.state] ?? run.state),
  ];
  const lines: Node[] = [];
  if (last) {
    lines.push(h('span', {}, `Epoch ${last.epoch} of ${run.totalEpochs}: train loss ${formatNumber(last.trainLoss, 3)}, validation loss ${formatNumber(last.validationLoss, 3)}, token accuracy ${formatPercent(last.tokenAccuracy)}, exact match ${formatPercent(last.exactMatch)}, ${formatNumber(last.examplesPerSecond, 0)} examples/s`));
  } else {
    lines.push(h('span', {}, `0 of ${run.totalEpochs} epochs done`));
  }
  const progress: Node[] = [];
  if (run.state === 'running' && run.lastBatch) {
    const b = run.lastBatch;
    const text = `Epoch ${b.epoch}: batch ${b.batch} of ${b.batches}, loss ${formatNumber(b.loss, 3)}`;
    progress.push(h('label', { class: 'batch' }, h('span', {}, text), ' ',
      h('progress', { attrs: { max: Math.max(1, b.batches), value: Math.min(b.batch, b.batches), 'aria-label': text } })));
  }
  return h('li', { class: `run state-${run.state}`, data: { run: run.runId } }, h('div', {}, ...items), h('div', { class: 'run-figures' }, ...lines), ...progress);
}

function renderChart(spec: ChartSpec): HTMLElement {
  const scene = chartScene(spec);
  // A short spoken summary per series; every number is in the data table below.
  const description = spec.series.filter((s) => s.points.length > 0).map((s) => {
    const last = s.points[s.points.length - 1];
    return `${s.label}: ${formatNumber(last.y, 3)} at epoch ${last.x}`;
  }).join('; ');
  return h('figure', { class: 'chart' }, sceneToDom(scene, `${spec.title}. ${description || 'No data yet.'}`), h('figcaption', { class: 'visually-hidden' }, spec.title));
}

function renderDataTable(runs: readonly TrainingRunView[]): HTMLElement {
  const head = ['Run', 'Epoch', 'Train loss', 'Validation loss', 'Token accuracy', 'Exact match', 'Examples/s', 'Seconds'];
  const body = h('tbody');
  for (const run of runs) {
    for (const m of run.epochs) {
      body.appendChild(h('tr', {},
        h('th', {}, run.label),
        h('td', { class: 'num' }, String(m.epoch)),
        h('td', { class: 'num' }, formatNumber(m.trainLoss, 4)),
        h('td', { class: 'num' }, formatNumber(m.validationLoss, 4)),
        h('td', { class: 'num' }, formatPercent(m.tokenAccuracy)),
        h('td', { class: 'num' }, formatPercent(m.exactMatch)),
        h('td', { class: 'num' }, formatNumber(m.examplesPerSecond, 0)),
        h('td', { class: 'num' }, formatNumber(m.seconds, 1))));
    }
  }
  return h('details', { class: 'data-table', data: { focusKey: 'training-table' } },
    h('summary', {}, 'Data table (the numbers behind the charts)'),
    h('table', { class: 'metrics' }, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), body));
}
