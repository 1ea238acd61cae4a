/**
 * The Attention Explorer panel: one webview panel, created on demand or revived after a reload by the
 * serializer. The host keeps the current view; the webview asks for it with `ready` (sent when its script
 * runs, again after every reload) and gets it by message. Every message from the webview is validated.
 */
import * as vscode from 'vscode';
import {
  isHostToWebview, isWebviewToHost, type ExportFormat, type PanelAction, type HostToWebview, type PanelView, type TrainingView, type WebviewToHost,
} from '../shared/protocol/webview';
import { isRecord } from '../shared/protocol/guards';
import type { SubwordView } from '../shared/text/wordMerge';
import type { TraceRequest } from '../shared/protocol/trace';
import { Disposable } from './dispose';
import { Commands, ContextKeys, PANEL_VIEW_TYPE } from './ids';
import { log, messageOf } from './log';
import { createNonce, renderPanelHtml } from './panelHtml';
import { settings } from './settings';
import type { ViewStore } from './viewStore';
import { webviewStrings } from './webviewStrings';

const EXPORT_TIMEOUT_MS = 20_000;

export interface ExportedData {
  format: ExportFormat;
  data: string;
  encoding: 'utf8' | 'base64';
}

/** A focused heatmap cell; `subwordView: 'words'` when the grid showed merged words (row and col count words). */
export interface FocusedCell {
  entry: number;
  row: number;
  col: number;
  subwordView?: SubwordView;
}

export class PanelController extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private ready = false;
  private view: PanelView | undefined;
  /** The latest training view: the panel's Training tab, kept while another view is on screen. */
  private training: TrainingView | undefined;
  /** The last view the webview accepted (posted after its `ready`). */
  private delivered: PanelView | undefined;
  private highlight: number | null = null;
  /** The webview's Pieces / Words choice while its settings write is in flight. */
  private pendingSubwordView: SubwordView | undefined;
  private pendingExport: { requestId: number; resolve(d: ExportedData): void; reject(e: Error): void } | undefined;
  private nextExportId = 1;
  private readonly focusEmitter = this._register(new vscode.EventEmitter<FocusedCell>());
  /** A heatmap cell got focus in the webview. */
  readonly onDidFocusCell = this.focusEmitter.event;
  private readonly readyEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly useModelEmitter = this._register(new vscode.EventEmitter<string>());
  /** The user chose one of the models the current view offers (its id; checked against the offer). */
  readonly onDidChooseModel = this.useModelEmitter.event;
  private readonly cardEmitter = this._register(new vscode.EventEmitter<string>());
  /** The user asked for a model's card (the id of a model the current view shows or offers). */
  readonly onDidRequestCard = this.cardEmitter.event;

  private readonly traceEmitter = this._register(new vscode.EventEmitter<TraceRequest>());
  /** The step inspector asked for a traced decode of an entry of the current view (stepInspector.ts answers). */
  readonly onDidRequestTrace = this.traceEmitter.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly store?: ViewStore) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.revive(panel, state),
    }));
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** The current view (what the panel shows or will show when it opens). */
  currentView(): PanelView | undefined {
    return this.view;
  }

  /** The last view the webview received after its `ready` handshake. */
  deliveredView(): PanelView | undefined {
    return this.delivered;
  }

  /** The source column highlighted from the editor selection (null: none). */
  get highlightedColumn(): number | null {
    return this.highlight;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Opens (or reveals) the panel beside the editor and shows `view` (or the current one). */
  show(view?: PanelView, preserveFocus = true): void {
    if (view) this.setView(view);
    if (this.panel) {
      // The heatmap belongs beside the text it explains: when it shares the active editor's group
      // (hidden behind it, or hiding it), move it to the side.
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      if (editorColumn !== undefined && this.panel.viewColumn === editorColumn) this.panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
      else if (!this.panel.visible) this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('Attention Explorer'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel);
  }

  /** Replaces the current view; the webview gets it now if it is ready, else after its `ready`. */
  setView(view: PanelView): void {
    this.view = view;
    if (view.kind === 'training') this.training = view;
    this.store?.save(view);
    this.highlight = null;
    void vscode.commands.executeCommand('setContext', ContextKeys.hasView, true);
    this.post({ type: 'view', view });
  }

  /**
   * Training progress: replaces the view while the panel shows training (or nothing); while it shows a
   * translation made during a run, only the panel's Training tab gets it. Never opens the panel.
   */
  updateTrainingView(view: TrainingView): void {
    this.training = view;
    if (this.view && this.view.kind !== 'training') {
      this.post({ type: 'training', view });
      return;
    }
    this.view = view;
    this.store?.save(view);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasView, true);
    this.post({ type: 'view', view });
  }

  highlightSource(index: number | null): void {
    if (index === this.highlight) return;
    this.highlight = index;
    this.post({ type: 'highlightSource', index });
  }

  /**
   * A request for a new view failed: the panel (when open) shows why, with `actions`, and marks what it
   * still shows as an earlier result. Nothing is opened for it: the notification says it too.
   */
  showFailure(message: string, actions: PanelAction[], input?: string): void {
    this.post(input === undefined ? { type: 'failure', message, actions } : { type: 'failure', message, actions, input });
  }

  status(level: 'info' | 'error', message: string): void {
    this.post({ type: 'status', level, message });
  }

  /** Tells the webview the user's choice of pieces or words (on `ready` and when the setting changes). */
  sendPreferences(): void {
    this.post({ type: 'preferences', subwordView: this.pendingSubwordView ?? settings.subwordView() });
  }

  /** Test hook: the same path as the webview's `focusCell` message. */
  simulateFocusCell(entry: number, row: number, col: number, subwordView?: SubwordView): void {
    this.handle(subwordView ? { type: 'focusCell', entry, row, col, subwordView } : { type: 'focusCell', entry, row, col });
  }

  /** Test hook: the same path as the webview's `setSubwordView` message (a click on Pieces or Words). */
  simulateSubwordView(view: SubwordView): void {
    this.handle({ type: 'setSubwordView', view });
  }

  /** Test hook: the same path as the webview's `useModel` message (a click on an offered model). */
  simulateUseModel(modelId: string): void {
    this.handle({ type: 'useModel', modelId });
  }

  /** Answers a `trace` request of the webview. */
  answerTrace(message: Extract<HostToWebview, { type: 'trace' | 'traceFailed' }>): void {
    this.post(message);
  }

  /** Test hook: the same path as the webview's `trace` message. */
  simulateTraceRequest(request: TraceRequest): void {
    this.handle({ type: 'trace', ...request });
  }

  /** Asks the webview to render the current view in `format`; resolves with what it produced. */
  async requestExport(format: ExportFormat): Promise<ExportedData> {
    if (!this.view) throw new Error(vscode.l10n.t('There is no view to export.'));
    this.pendingExport?.reject(new Error(vscode.l10n.t('Superseded by a newer export.')));
    this.show(undefined, true);
    await this.waitReady();
    return new Promise<ExportedData>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingExport = undefined;
        reject(new Error(vscode.l10n.t('The panel did not produce the {0} export within {1} s.', format.toUpperCase(), EXPORT_TIMEOUT_MS / 1000)));
      }, EXPORT_TIMEOUT_MS);
      const requestId = this.nextExportId++;
      this.pendingExport = {
        requestId,
        resolve: d => { clearTimeout(timer); resolve(d); },
        reject: e => { clearTimeout(timer); reject(e); },
      };
      this.post({ type: 'export', requestId, format });
    });
  }

  /** Resolves when the webview has said `ready` (or rejects after a timeout). */
  waitReady(timeoutMs = 20_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { sub.dispose(); reject(new Error(vscode.l10n.t('The Attention Explorer panel did not load.'))); }, timeoutMs);
      const sub = this.onDidBecomeReady(() => { clearTimeout(timer); sub.dispose(); resolve(); });
    });
  }

  private async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The webview stores `{view}` in its state; the host keeps a copy on disk in case that state was lost.
    // Either is adopted only if the host has nothing newer.
    if (!this.view) {
      const view = isRecord(state) && isHostToWebview({ type: 'view', view: state.view }) ? state.view as PanelView : await this.store?.load();
      if (view && !this.view) {
        this.view = view;
        void vscode.commands.executeCommand('setContext', ContextKeys.hasView, true);
      }
    }
    if (this.panel) {
      // Only one panel: a second restored one is closed.
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.delivered = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.title = vscode.l10n.t('Attention Explorer');
    const webview = panel.webview;
    try {
      webview.html = renderPanelHtml({
        cspSource: webview.cspSource,
        nonce: createNonce(),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.css')).toString(),
      });
    } catch (error) {
      // A blank panel helps nobody: close it and let the command report why.
      this.panel = undefined;
      panel.dispose();
      throw error;
    }
    this.panelDisposables.push(
      webview.onDidReceiveMessage(message => this.onMessage(message)),
      panel.onDidDispose(() => this.detach()),
      // A hidden panel's page is destroyed (no retainContextWhenHidden: cheaper); shown again, it reloads
      // and says `ready` again, and only then can it take messages.
      panel.onDidChangeViewState(e => {
        if (!e.webviewPanel.visible) {
          this.ready = false;
          this.delivered = undefined;
        }
      }),
    );
  }

  private detach(): void {
    this.panel = undefined;
    this.ready = false;
    this.delivered = undefined;
    this.pendingExport?.reject(new Error(vscode.l10n.t('The panel was closed.')));
    this.pendingExport = undefined;
    while (this.panelDisposables.length) this.panelDisposables.pop()?.dispose();
  }

  private onMessage(message: unknown): void {
    if (!isWebviewToHost(message)) {
      log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'strings', ...webviewStrings() });
        this.sendPreferences();
        if (this.training && this.view?.kind !== 'training') this.post({ type: 'training', view: this.training });
        if (this.view) this.post({ type: 'view', view: this.view });
        if (this.highlight !== null) this.post({ type: 'highlightSource', index: this.highlight });
        this.readyEmitter.fire();
        return;
      case 'focusCell':
        this.focusEmitter.fire({ entry: message.entry, row: message.row, col: message.col, subwordView: message.subwordView });
        return;
      case 'setSubwordView': {
        // Until the settings write lands, a `ready` (the panel reloads when Select Model moves or reveals
        // it) must send this choice, not the old setting: that race switched Words back to Pieces.
        const choice = message.view;
        this.pendingSubwordView = choice;
        settings.setSubwordView(choice)
          .catch(error => log.warn(`Could not keep the Pieces / Words choice: ${messageOf(error)}`))
          .finally(() => { if (this.pendingSubwordView === choice) this.pendingSubwordView = undefined; });
        return;
      }
      case 'exportData':
        if (this.pendingExport?.requestId === message.requestId) {
          const pending = this.pendingExport;
          this.pendingExport = undefined;
          pending.resolve({ format: message.format, data: message.data, encoding: message.encoding });
        } else {
          log.warn(`Ignored unrequested ${message.format} export data from the panel.`);
        }
        return;
      case 'exportFailed':
        if (this.pendingExport?.requestId === message.requestId) {
          const pending = this.pendingExport;
          this.pendingExport = undefined;
          pending.reject(new Error(vscode.l10n.t('The panel could not produce the {0} export: {1}', message.format.toUpperCase(), message.message)));
        }
        return;
      case 'useModel':
        // Only a model the view offers: a message cannot switch to anything else.
        if (offeredModels(this.view).includes(message.modelId)) this.useModelEmitter.fire(message.modelId);
        else log.warn(`Ignored a request for model '${message.modelId}', which the panel does not offer.`);
        return;
      case 'openModelCard':
        if (shownModels(this.view).includes(message.modelId)) this.cardEmitter.fire(message.modelId);
        else log.warn(`Ignored a request for the card of '${message.modelId}', which the panel does not show.`);
        return;
      case 'trace': {
        const { type: _type, ...request } = message;
        this.traceEmitter.fire(request);
        return;
      }
      case 'command': {
        const command = {
          selectModel: Commands.selectModel,
          export: Commands.exportAttention,
          cancelTraining: Commands.cancelTraining,
          trainModel: Commands.trainFromWorkspace,
          openSettings: 'workbench.action.openSettings',
        }[message.command];
        if (message.command === 'openSettings') void vscode.commands.executeCommand(command, '@ext:seq2seq-explorer.seq2seq-attention-explorer');
        else void vscode.commands.executeCommand(command);
        return;
      }
    }
  }

  private post(message: HostToWebview): void {
    if (!this.panel || !this.ready) return;
    const view = message.type === 'view' ? message.view : undefined;
    void this.panel.webview.postMessage(message).then(ok => {
      if (ok && view) this.delivered = view;
    });
  }
}

/** The models a view offers to switch to (its fit report's candidates). */
export function offeredModels(view: PanelView | undefined): string[] {
  if (!view || view.kind === 'training') return [];
  return (view.fit?.candidates ?? []).map(c => c.modelId);
}

/** The models whose card a view can open: those it shows and those it offers. */
export function shownModels(view: PanelView | undefined): string[] {
  if (!view || view.kind === 'training') return [];
  const shown = view.kind === 'translation' ? [view.entry.modelId] : view.kind === 'comparison' ? view.entries.map(e => e.modelId) : [view.modelId];
  return [...shown, ...offeredModels(view)];
}
