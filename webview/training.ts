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
import { t } from './l10n/strings';

const STATE_TEXT: Record<string, string> = { running: 'running', completed: 'completed', cancelled: 'cancelled', failed: 'failed' };

export function renderTraining(view: TrainingView, onCancel: () => void): RenderedView {
  const running = view.runs.filter((r) => r.state === 'running');
  const parts: Node[] = [h('h2', { attrs: { id: 'view-title' } }, 'Training')];
  if (view.runs.length === 0) {
    parts.push(h('p', { class: 'empty' }, t('training.none')));
    return { element: h('section', { class: 'training', attrs: { 'aria-labelledby': 'view-title' } }, ...parts), summary: t('training.noneSummary'), highlightSource: () => undefined };
  }
  if (running.length > 0) {
    parts.push(h('p', { class: 'actions' }, h('button', {
      attrs: { type: 'button', 'aria-describedby': 'run-list' }, data: { focusKey: 'cancel-training' }, on: { click: onCancel },
    }, t('training.cancel'))));
  }
  parts.push(h('ul', { class: 'runs', attrs: { id: 'run-list', 'aria-label': t('training.runs') } }, ...view.runs.map(renderRun)));
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
    lines.push(h('span', {}, t('training.epochLine', last.epoch, run.totalEpochs, formatNumber(last.trainLoss, 3), formatNumber(last.validationLoss, 3), formatPercent(last.tokenAccuracy), formatPercent(last.exactMatch), formatNumber(last.examplesPerSecond, 0))));
  } else {
    lines.push(h('span', {}, `0 of ${run.totalEpochs} epochs done`));
  }
  const progress: Node[] = [];
  if (run.state === 'running' && run.lastBatch) {
    const b = run.lastBatch;
    const text = t('training.batchLine', b.epoch, b.batch, b.batches, formatNumber(b.loss, 3));
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
  return h('figure', { class: 'chart' }, sceneToDom(scene, `${spec.title}. ${description || t('training.noData')}`), h('figcaption', { class: 'visually-hidden' }, spec.title));
}

function renderDataTable(runs: readonly TrainingRunView[]): HTMLElement {
  const head = [t('training.col.run'), t('training.col.epoch'), t('training.col.trainLoss'), t('training.col.validationLoss'), t('training.col.tokenAccuracy'), t('training.col.exactMatch'), t('training.col.examplesPerSecond'), t('training.col.seconds')];
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
    h('summary', {}, t('training.table')),
    h('table', { class: 'metrics' }, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), body));
}
