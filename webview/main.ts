/**
 * Entry of the panel's script (bundled to dist/webview.js, loaded by nonce under a strict CSP).
 * Draws the last view from the saved state at once, then posts `ready`; every host message is checked
 * with `isHostToWebview` (and the view's shapes with `checkView`) before anything is drawn.
 */
import { isHostToWebview, type ExportFormat, type HostToWebview, type PanelAction, type PanelView, type TrainingView } from '../src/shared/protocol/webview';
import { isOneOf, isRecord } from '../src/shared/protocol/guards';
import { SUBWORD_VIEWS, type SubwordView } from '../src/shared/text/wordMerge';
import { renderComparison } from './comparison';
import { renderMismatch } from './mismatch';
import { h, replaceChildren } from './dom';
import { exportView } from './exportRunner';
import type { RenderedView } from './renderedView';
import { announce, statusElement, updateShortStatus } from './status';
import { renderTabs, type PanelTab } from './tabs';
import { renderTraining } from './training';
import { renderSubwordToggle } from './subwordToggle';
import { renderTranslation } from './translation';
import { checkView } from './viewCheck';
import { currentStrings, setStrings, stringsLanguage, t } from './l10n/strings';
import type { StringId } from './l10n/tables';
import { loadState, post, saveState, type PanelState } from './vscodeApi';
import { deliverTrace } from './traceRequests';
import { exportParts, shownSourceIndex, shownView, viewHasSubwords } from './wordView';

/** The view on screen as the host sent it (subword models in pieces); what is drawn is `shownView` of it. */
let currentView: PanelView | null = null;
let rendered: RenderedView | null = null;
let lastSummary = '';
/**
 * The panel's two tabs: the last result (translation, comparison or mismatch) and the last training
 * view. A translation made during a run shows in the first while progress keeps arriving in the second.
 */
let resultView: PanelView | null = null;
let trainingView: TrainingView | null = null;
let activeTab: PanelTab = 'result';
/** The last view the host sent with `view` (saved, so a reload draws it at once). */
let hostView: PanelView | null = null;
/** Reference runs shown or collapsed (undefined: not chosen, the training view's default). */
let referenceOpen: boolean | undefined;
const tabs = renderTabs((tab) => showTab(tab, true));

function persist(): void {
  const state: PanelState = { view: hostView ?? undefined, subwordView, strings: currentStrings(), language: stringsLanguage(), tab: activeTab };
  if (trainingView && trainingView !== hostView) state.training = trainingView;
  if (referenceOpen !== undefined) state.referenceOpen = referenceOpen;
  saveState(state);
}

/** Shows the tab's view; the tabs themselves only while there are both a result and a training view. */
function showTab(tab: PanelTab, byUser = false): void {
  const view = tab === 'training' ? trainingView : resultView;
  if (!view) return;
  activeTab = tab;
  updateTabs();
  render(view);
  if (tab === 'result' && sourceHighlight !== null) rendered?.highlightSource(shownSourceIndex(view, subwordView, sourceHighlight));
  if (byUser) {
    persist();
    window.scrollTo(0, 0);
  }
}

function updateTabs(): void {
  tabs.update({
    visible: resultView !== null && trainingView !== null,
    active: activeTab,
    running: trainingView?.runs.some((r) => r.state === 'running' && !r.reference) ?? false,
  });
  markTabPanel();
}

/** The view on screen is the tab panel while the tabs show (and a plain section otherwise). */
function markTabPanel(): void {
  const el = rendered?.element;
  if (!el) return;
  if (tabs.isVisible()) {
    el.setAttribute('role', 'tabpanel');
    el.id = 'tab-panel';
    el.setAttribute('aria-labelledby', tabs.tabId(activeTab));
  } else if (el.getAttribute('role') === 'tabpanel') {
    el.removeAttribute('role');
    el.removeAttribute('id');
    el.setAttribute('aria-labelledby', 'view-title');
  }
}
const viewRoot = h('main', { class: 'view', attrs: { id: 'view', 'aria-label': t('panel.title') } });
let exportButton: HTMLButtonElement | null = null;
/** Pieces or words for subword models: the host's setting, kept in the state too for an instant redraw. */
let subwordView: SubwordView = 'pieces';
/** The host's last `highlightSource` (a piece of entry 0), drawn again when the toggle redraws the view. */
let sourceHighlight: number | null = null;
function makeSubwordToggle(): ReturnType<typeof renderSubwordToggle> {
  const toggle = renderSubwordToggle((unit) => {
    setSubwordView(unit);
    post({ type: 'setSubwordView', view: unit });
    announce(unit === 'words' ? t('subwords.showingWords') : t('subwords.showingPieces'));
  });
  toggle.set(subwordView);
  return toggle;
}
let subwordToggle = makeSubwordToggle();

/** Whether the grid currently shows merged words (so its rows and columns count words). */
function showsWords(): boolean {
  return subwordView === 'words' && currentView !== null && viewHasSubwords(currentView);
}

function onFocusCell(entry: number, row: number, col: number): void {
  post(showsWords() ? { type: 'focusCell', entry, row, col, subwordView: 'words' } : { type: 'focusCell', entry, row, col });
}

function setSubwordView(unit: SubwordView): void {
  if (unit === subwordView) return;
  subwordView = unit;
  subwordToggle.set(unit);
  persist();
  if (currentView) {
    if (currentView.kind !== 'training') {
      render(currentView);
      rendered?.highlightSource(shownSourceIndex(currentView, subwordView, sourceHighlight));
    }
  }
}

function buildShell(): void {
  viewRoot.setAttribute('aria-label', t('panel.title'));
  const toolbar = h('div', { class: 'toolbar', attrs: { role: 'group', 'aria-label': t('panel.actions') } },
    h('button', { class: 'secondary', attrs: { type: 'button', title: t('toolbar.selectModel.title') }, data: { focusKey: 'select-model' }, on: { click: () => post({ type: 'command', command: 'selectModel' }) } }, t('toolbar.selectModel')));
  // The host owns the format pick and the save dialog (command 'export'), then asks us with `export`.
  exportButton = h('button', {
    class: 'secondary',
    attrs: { type: 'button', title: t('toolbar.export.title'), disabled: currentView === null },
    data: { focusKey: 'export' },
    on: { click: () => post({ type: 'command', command: 'export' }) },
  }, t('toolbar.export'));
  toolbar.appendChild(exportButton);
  toolbar.insertBefore(subwordToggle.element, toolbar.firstChild);
  const header = h('header', { class: 'panel-head' }, h('h1', {}, t('panel.title')), toolbar);
  tabs.relabel();
  replaceChildren(document.body, header, tabs.element, errorBanner, viewRoot, statusElement());
  updateTabs();
  if (currentView) render(currentView);
  else showEmpty();
}

function showEmpty(): void {
  replaceChildren(viewRoot, h('section', { class: 'empty' },
    h('h2', {}, t('empty.heading')),
    h('p', {}, t('empty.body'))));
}

/** Host errors stay on screen (role=alert) until dismissed or the next view arrives. */
const errorBanner = h('div', { class: 'error-banner', attrs: { role: 'alert', hidden: true } });
const ACTION_LABELS: Record<PanelAction, StringId> = {
  selectModel: 'failure.selectModel',
  openSettings: 'failure.openSettings',
  trainModel: 'failure.trainModel',
};

function showError(message: string, actions: readonly PanelAction[] = []): void {
  replaceChildren(errorBanner,
    h('span', { class: 'error-text' }, message),
    ...actions.map((action) => h('button', {
      class: 'secondary', attrs: { type: 'button' }, data: { action },
      on: { click: () => post({ type: 'command', command: action }) },
    }, t(ACTION_LABELS[action]))),
    h('button', { class: 'secondary', attrs: { type: 'button', 'aria-label': t('error.dismiss.label') }, on: { click: () => clearError() } }, t('error.dismiss')));
  errorBanner.hidden = false;
}
function clearError(): void {
  errorBanner.hidden = true;
  replaceChildren(errorBanner);
}

/** After a failed request the view on screen is an earlier answer: say so above it, and dim it. */
function markStale(): void {
  if (!currentView || viewRoot.classList.contains('stale')) return;
  viewRoot.classList.add('stale');
  viewRoot.insertBefore(h('p', { class: 'stale-note', attrs: { role: 'note' } }, t('failure.stale')), viewRoot.firstChild);
}

/** Answers the host's `export` with the data, or with `exportFailed` so that it does not wait in vain. */
function runExport(requestId: number, format: ExportFormat): void {
  const fail = (message: string): void => {
    post({ type: 'exportFailed', requestId, format, message });
    announce(t('export.failed', format.toUpperCase(), message), 'error');
  };
  if (!currentView) return fail(t('export.noView'));
  try {
    const parts = exportParts(rendered?.exportable?.() ?? shownView(currentView, subwordView), subwordView);
    const { data, encoding } = exportView(parts.view, format, parts.subwords);
    post({ type: 'exportData', requestId, format, data, encoding });
    announce(t('export.prepared', format.toUpperCase()));
  } catch (err) {
    console.error('[attention explorer] export failed', err);
    fail(err instanceof Error ? err.message : String(err));
  }
}

/** Focus survives a live refresh (training updates arrive per batch): remember a stable key. */
function focusKeyOf(el: Element | null): string | null {
  if (!(el instanceof HTMLElement) || !viewRoot.contains(el)) return null;
  if (el.dataset.focusKey) return el.dataset.focusKey;
  if (el.getAttribute('role') === 'gridcell') {
    const table = el.closest('table');
    return `cell:${table?.dataset.entry ?? ''}:${el.dataset.row ?? ''}:${el.dataset.col ?? ''}`;
  }
  return null;
}

function findByFocusKey(key: string): HTMLElement | null {
  if (key.startsWith('cell:')) {
    const [, entry, row, col] = key.split(':');
    return viewRoot.querySelector<HTMLElement>(`table[data-entry="${CSS.escape(entry)}"] [role="gridcell"][data-row="${CSS.escape(row)}"][data-col="${CSS.escape(col)}"]`);
  }
  return viewRoot.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
}

function render(view: PanelView): void {
  const focusKey = focusKeyOf(document.activeElement);
  const openDetails = new Set([...viewRoot.querySelectorAll<HTMLDetailsElement>('details[data-focus-key]')].filter((d) => d.open).map((d) => d.dataset.focusKey));
  const sameKind = currentView?.kind === view.kind;
  currentView = view;
  subwordToggle.setAvailable(viewHasSubwords(view));
  const shown = shownView(view, subwordView);
  switch (shown.kind) {
    case 'translation': rendered = renderTranslation(shown, onFocusCell); break;
    case 'comparison': rendered = renderComparison(shown, onFocusCell); break;
    case 'training': rendered = renderTraining(shown, {
      onCancel: () => post({ type: 'command', command: 'cancelTraining' }),
      referenceOpen,
      onToggleReference: (open) => {
        referenceOpen = open;
        persist();
        if (trainingView) render(trainingView);
      },
    }); break;
    case 'mismatch': rendered = renderMismatch(shown); break;
  }
  viewRoot.classList.remove('stale');
  markTabPanel();
  replaceChildren(viewRoot, rendered.element);
  for (const d of viewRoot.querySelectorAll<HTMLDetailsElement>('details[data-focus-key]')) if (openDetails.has(d.dataset.focusKey)) d.open = true;
  // Keep the keyboard where it was, but only when the panel has it: an element focused here earlier
  // stays document.activeElement after focus left the panel, and focusing it again would pull focus
  // out of the editor or close an open quick pick (seen when a training run finished).
  if (focusKey && sameKind && document.hasFocus()) findByFocusKey(focusKey)?.focus({ preventScroll: true });
  if (exportButton) exportButton.disabled = false;
  const statusLine = rendered.statusLine;
  if (rendered.summary !== lastSummary) {
    lastSummary = rendered.summary;
    announce(rendered.summary, 'info', statusLine);
  } else if (statusLine !== undefined) {
    updateShortStatus(statusLine);
  }
}

/** Training progress can arrive per batch: draw at most once per frame, the latest view wins. */
let renderPending = false;
function scheduleTrainingRender(): void {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    if (activeTab === 'training' && trainingView) render(trainingView);
  });
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'view': {
      const problem = checkView(message.view);
      if (problem) {
        console.warn('[attention explorer] ignored a malformed view:', problem);
        announce(t('view.malformed', problem), 'error');
        return;
      }
      clearError();
      sourceHighlight = null;
      hostView = message.view;
      if (message.view.kind === 'training') {
        trainingView = message.view;
        activeTab = 'training';
        updateTabs();
        scheduleTrainingRender();
      } else {
        resultView = message.view;
        showTab('result');
        // A new result opens at its top (the previous one may have been scrolled far down).
        window.scrollTo(0, 0);
      }
      persist();
      break;
    }
    case 'training': {
      const problem = checkView(message.view);
      if (problem) {
        console.warn('[attention explorer] ignored a malformed training view:', problem);
        return;
      }
      trainingView = message.view;
      updateTabs();
      if (activeTab === 'training') scheduleTrainingRender();
      persist();
      break;
    }
    case 'highlightSource':
      sourceHighlight = message.index;
      rendered?.highlightSource(currentView ? shownSourceIndex(currentView, subwordView, message.index) : message.index);
      break;
    case 'preferences':
      setSubwordView(message.subwordView);
      break;
    case 'status':
      if (message.level === 'error') showError(message.message);
      else announce(message.message);
      break;
    case 'export':
      runExport(message.requestId, message.format);
      break;
    case 'trace':
      deliverTrace(message.requestId, message.traced);
      break;
    case 'traceFailed':
      deliverTrace(message.requestId, null, message.message);
      break;
    case 'failure':
      showError(message.message, message.actions);
      markStale();
      announce(message.message, 'error');
      break;
    case 'strings':
      applyStrings(message.language, message.strings);
      persist();
      break;
  }
}

/** Draws the shell (and the view) again in the host's display language. */
function applyStrings(language: string, strings: Record<string, string>): void {
  setStrings(language, strings);
  document.documentElement.lang = language;
  subwordToggle = makeSubwordToggle();
  subwordToggle.setAvailable(currentView !== null && viewHasSubwords(currentView));
  buildShell();
}

function restore(): void {
  const state = loadState();
  if (isRecord(state) && typeof state.language === 'string' && isRecord(state.strings)
    && Object.values(state.strings).every((v) => typeof v === 'string')) {
    applyStrings(state.language, state.strings as Record<string, string>);
  }
  if (isRecord(state) && isOneOf(state.subwordView, SUBWORD_VIEWS)) {
    subwordView = state.subwordView;
    subwordToggle.set(subwordView);
  }
  if (!isRecord(state)) return;
  if (typeof state.referenceOpen === 'boolean') referenceOpen = state.referenceOpen;
  const saved = { type: 'training', view: state.training };
  if (state.training !== undefined && isHostToWebview(saved) && saved.type === 'training' && checkView(saved.view) === null) trainingView = saved.view;
  if (state.view === undefined) return;
  const candidate = { type: 'view', view: state.view };
  if (isHostToWebview(candidate) && candidate.type === 'view' && checkView(candidate.view) === null) {
    hostView = candidate.view;
    if (candidate.view.kind === 'training') trainingView = candidate.view;
    else resultView = candidate.view;
    const tab: PanelTab = state.tab === 'training' && trainingView ? 'training' : resultView ? 'result' : 'training';
    showTab(tab);
  } else {
    console.warn('[attention explorer] ignored a saved state that is not a view');
  }
}

function start(): void {
  buildShell();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isHostToWebview(data)) {
      console.warn('[attention explorer] ignored an invalid message', data);
      return;
    }
    try {
      handle(data);
    } catch (err) {
      console.error('[attention explorer] failed to handle a message', err);
      announce(t('view.drawFailed', err instanceof Error ? err.message : String(err)), 'error');
    }
  });
  restore();
  post({ type: 'ready' });
}

start();
