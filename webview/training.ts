/**
 * The training view: this session's runs first (state, per-batch progress, a Cancel button while one
 * runs), the shipped models' reference curves behind a disclosure, the charts (exact match per run = the
 * book's figure 8-26, loss per batch and per epoch, token accuracy) and the same numbers as a data table
 * for screen readers and copy-paste.
 */
import { mechanismText } from './labels';
import type { TrainingRunView, TrainingView } from '../src/shared/protocol/webview';
import { chartScene, legendSwatch, runLabel, trainingCharts, type ChartSpec } from './chartModel';
import { h, type Child } from './dom';
import { formatNumber, formatPercent } from './format';
import { sceneToDom } from './sceneDom';
import type { RenderedView } from './renderedView';
import { t } from './l10n/strings';
import type { StringId } from './l10n/tables';

const STATE_TEXT: Record<string, StringId> = {
  running: 'training.state.running', completed: 'training.state.completed', cancelled: 'training.state.cancelled', failed: 'training.state.failed',
};

function stateText(state: string): string {
  const id = STATE_TEXT[state];
  return id ? t(id) : state;
}

export interface TrainingOptions {
  onCancel(): void;
  /** Whether the reference runs are shown (undefined: the default, shown only when there is no run of one's own). */
  referenceOpen: boolean | undefined;
  onToggleReference(open: boolean): void;
}

/** The reference disclosure's default: open when the shipped curves are all there is to see. */
export function referenceShown(view: TrainingView, open: boolean | undefined): boolean {
  return open ?? !view.runs.some((r) => !r.reference);
}

/** The runs the charts draw: this session's first, the reference runs only when shown. */
export function chartedRuns(view: TrainingView, open: boolean | undefined): TrainingRunView[] {
  const own = view.runs.filter((r) => !r.reference);
  return referenceShown(view, open) ? [...own, ...view.runs.filter((r) => r.reference)] : own;
}

export function renderTraining(view: TrainingView, options: TrainingOptions): RenderedView & { statusLine: string } {
  const own = view.runs.filter((r) => !r.reference);
  const reference = view.runs.filter((r) => r.reference);
  const parts: Node[] = [h('h2', { attrs: { id: 'view-title' } }, t('training.heading'))];
  const section = (): HTMLElement => h('section', { class: 'training', attrs: { 'aria-labelledby': 'view-title' } }, ...parts);
  if (view.runs.length === 0) {
    parts.push(h('p', { class: 'empty' }, t('training.none')));
    return { element: section(), summary: t('training.noneSummary'), statusLine: t('training.noneSummary'), highlightSource: () => undefined };
  }
  const running = own.filter((r) => r.state === 'running');
  if (running.length > 0) {
    parts.push(h('p', { class: 'actions' }, h('button', {
      attrs: { type: 'button', 'aria-describedby': 'run-list' }, data: { focusKey: 'cancel-training' }, on: { click: options.onCancel },
    }, t('training.cancel'))));
  }
  // Styles follow the order the charts use: this session's runs, then the reference runs.
  const ordered = [...own, ...reference];
  const styleOf = (run: TrainingRunView): number => ordered.indexOf(run);
  if (own.length > 0) {
    parts.push(h('h3', { class: 'runs-heading' }, t('training.yourRuns')));
    parts.push(h('ul', { class: 'runs own', attrs: { id: 'run-list', 'aria-label': t('training.runs') } }, ...own.map((r) => renderRun(r, styleOf(r)))));
  }
  const shown = referenceShown(view, options.referenceOpen);
  if (reference.length > 0) {
    const list = h('ul', { class: 'runs reference', attrs: { id: 'reference-list', hidden: !shown, 'aria-label': t('training.reference.toggle', reference.length) } },
      ...reference.map((r) => renderRun(r, styleOf(r))));
    const toggle = h('button', {
      class: 'disclosure',
      attrs: { type: 'button', 'aria-expanded': String(shown), 'aria-controls': 'reference-list' },
      data: { focusKey: 'reference-toggle' },
      on: { click: () => options.onToggleReference(!shown) },
    }, h('span', { class: 'disclosure-mark', attrs: { 'aria-hidden': 'true' } }, shown ? '\u25be' : '\u25b8'), ' ', t('training.reference.toggle', reference.length));
    parts.push(h('div', { class: 'reference-runs' }, h('h3', { class: 'runs-heading' }, toggle), list,
      !shown ? h('p', { class: 'note' }, t('training.reference.hiddenNote')) : null));
  }
  const charts = h('div', { class: 'charts' });
  for (const spec of trainingCharts(chartedRuns(view, options.referenceOpen))) charts.appendChild(renderChart(spec));
  parts.push(charts);
  parts.push(renderDataTable(ordered));
  const summary = ordered.map((r) => runSummary(r)).join('. ');
  return { element: section(), summary, statusLine: statusLine(view), highlightSource: () => undefined };
}

function lastEpoch(run: TrainingRunView) {
  return run.epochs.length ? run.epochs[run.epochs.length - 1] : null;
}

export function runSummary(run: TrainingRunView): string {
  const last = lastEpoch(run);
  if (!last) return `${runLabel(run)} ${stateText(run.state)}`;
  return t('training.summaryOne', runLabel(run), stateText(run.state), last.epoch, run.totalEpochs, formatNumber(last.trainLoss, 3), formatPercent(last.exactMatch));
}

/** One short line for the sticky status bar: the running run's progress, or how many runs there are. */
export function statusLine(view: TrainingView): string {
  const own = view.runs.filter((r) => !r.reference);
  const running = own.find((r) => r.state === 'running');
  if (running?.lastBatch) {
    const b = running.lastBatch;
    return t('training.status.running', running.label, b.epoch, running.totalEpochs, Math.min(b.batch + 1, b.batches), b.batches, formatNumber(b.loss, 3));
  }
  const refs = view.runs.length - own.length;
  const parts: string[] = [];
  if (own.length > 0) parts.push(t('training.status.runs', own.length, own.filter((r) => r.state === 'running').length));
  if (refs > 0) parts.push(t('training.status.reference', refs));
  return parts.join(' \u00b7 ');
}

/** The run's look in the charts (line, dash and marker), so the list says which curve is which. */
function runSwatch(run: TrainingRunView, style: number): SVGSVGElement {
  const svg = sceneToDom({ width: 28, height: 12, title: '', prims: legendSwatch({ label: run.label, style, points: [], reference: run.reference }, 2, 6) }, '');
  svg.setAttribute('aria-hidden', 'true');
  svg.removeAttribute('role');
  svg.removeAttribute('aria-label');
  svg.classList.add('run-swatch');
  return svg;
}

function renderRun(run: TrainingRunView, style: number): HTMLElement {
  const last = lastEpoch(run);
  const items: Child[] = [
    runSwatch(run, style),
    h('strong', {}, runLabel(run)), ' ',
    h('span', { class: 'meta' }, mechanismText(run.mechanism)), ' ',
    h('span', { class: `badge state-${run.state}` }, stateText(run.state)),
  ];
  const lines: Node[] = [];
  if (last) {
    lines.push(h('span', {}, t('training.epochLine', last.epoch, run.totalEpochs, formatNumber(last.trainLoss, 3), formatNumber(last.validationLoss, 3), formatPercent(last.tokenAccuracy), formatPercent(last.exactMatch), formatNumber(last.examplesPerSecond, 0))));
  } else {
    lines.push(h('span', {}, t('training.noEpochYet', run.totalEpochs)));
  }
  const progress: Node[] = [];
  if (run.state === 'running' && run.lastBatch) {
    const b = run.lastBatch;
    const text = t('training.batchLine', b.epoch, Math.min(b.batch + 1, b.batches), b.batches, formatNumber(b.loss, 3));
    progress.push(h('label', { class: 'batch' }, h('span', {}, text), ' ',
      h('progress', { attrs: { max: Math.max(1, b.batches), value: Math.min(b.batch + 1, b.batches), 'aria-label': text } })));
  }
  return h('li', { class: `run state-${run.state}${run.reference ? ' is-reference' : ''}`, data: { run: run.runId, batchPoints: run.batchLoss?.length ?? 0 } },
    h('div', {}, ...items), h('div', { class: 'run-figures' }, ...lines), ...progress);
}

function renderChart(spec: ChartSpec): HTMLElement {
  const scene = chartScene(spec);
  // A short spoken summary per run; every number is in the data table below.
  const description = spec.series.filter((s) => s.points.length > 0 && s.legend !== false).map((s) => {
    const last = s.points[s.points.length - 1];
    return t('chart.lastPoint', s.label, formatNumber(last.y, 3), last.x);
  }).join('; ');
  return h('figure', { class: 'chart' }, sceneToDom(scene, `${spec.title}. ${description || t('training.noData')}`), h('figcaption', { class: 'visually-hidden' }, spec.title));
}

function renderDataTable(runs: readonly TrainingRunView[]): HTMLElement {
  const head = [t('training.col.run'), t('training.col.epoch'), t('training.col.trainLoss'), t('training.col.validationLoss'), t('training.col.tokenAccuracy'), t('training.col.exactMatch'), t('training.col.examplesPerSecond'), t('training.col.seconds')];
  const body = h('tbody');
  for (const run of runs) {
    for (const m of run.epochs) {
      body.appendChild(h('tr', {},
        h('th', {}, runLabel(run)),
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
    h('table', { class: 'metrics' }, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))), body));
}
