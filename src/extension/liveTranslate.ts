/**
 * Live input (setting `liveTranslate`): once something was translated, editing that text, or selecting
 * another text in an editor, translates again after a pause, so the learner watches the heatmap follow
 * the input. Only the newest request counts: an older answer that arrives late is dropped, and one in
 * flight is marked cancelled when a newer edit comes. Failures go to the panel's status line, not to
 * notifications (a half-typed date is often not translatable).
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { log, messageOf } from './log';
import { settings } from './settings';
import { translateText, type TranslateDeps } from './translate';
import { followEdit } from '../shared/text/editSpan';

export const LIVE_DEBOUNCE_MS = 400;

export class LiveTranslation extends Disposable {
  private tracked: { uri: string; start: number; end: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private inFlight: vscode.CancellationTokenSource | undefined;
  private readonly doneEmitter = this._register(new vscode.EventEmitter<{ input: string; ok: boolean }>());
  /** A live translation finished (tests wait for it). */
  readonly onDidTranslate = this.doneEmitter.event;

  constructor(private readonly deps: TranslateDeps) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument(e => this.onEdit(e)));
    this._register(vscode.window.onDidChangeTextEditorSelection(e => this.onSelection(e)));
    this._register({ dispose: () => { clearTimeout(this.timer); this.inFlight?.cancel(); } });
  }

  /** Starts following the text the last translation command translated. */
  followLatest(): void {
    const record = this.deps.translations.latest();
    if (record) this.tracked = { uri: record.uri, start: record.offset, end: record.offset + record.input.length };
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (!settings.liveTranslate() || !this.tracked || e.document.uri.toString() !== this.tracked.uri || e.contentChanges.length === 0) return;
    let span: { start: number; end: number } | null = this.tracked;
    for (const change of e.contentChanges) span = span && followEdit(span.start, span.end, change);
    if (!span) {
      this.tracked = undefined;
      return;
    }
    this.tracked = { uri: this.tracked.uri, ...span };
    this.schedule(e.document);
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    if (!settings.liveTranslate() || !this.tracked) return;
    const selection = e.selections[0];
    // Typing collapses the selection; only a real new selection moves what is followed.
    if (!selection || selection.isEmpty || e.kind === vscode.TextEditorSelectionChangeKind.Command) return;
    const document = e.textEditor.document;
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    if (document.uri.toString() === this.tracked.uri && start === this.tracked.start && end === this.tracked.end) return;
    this.tracked = { uri: document.uri.toString(), start, end };
    this.schedule(document);
  }

  private schedule(document: vscode.TextDocument): void {
    clearTimeout(this.timer);
    this.inFlight?.cancel();
    this.timer = setTimeout(() => { void this.run(document); }, LIVE_DEBOUNCE_MS);
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    const tracked = this.tracked;
    // A comparison stays: live input re-translates with the active model only.
    if (!tracked || document.isClosed || this.deps.panel.currentView()?.kind === 'comparison') return;
    const raw = document.getText(new vscode.Range(document.positionAt(tracked.start), document.positionAt(tracked.end)));
    const text = raw.trim();
    if (!text || text.length > settings.maxSelectionLength()) return;
    const lead = raw.length - raw.trimStart().length;
    const range = new vscode.Range(document.positionAt(tracked.start + lead), document.positionAt(tracked.start + lead + text.length));
    const mine = ++this.generation;
    const source = new vscode.CancellationTokenSource();
    this.inFlight = source;
    try {
      const view = await translateText(this.deps, text, false);
      if (mine !== this.generation || source.token.isCancellationRequested) return;
      if (view.kind === 'translation') this.deps.translations.set(document, range, text, [view.entry]);
      this.deps.panel.show(view);
      this.doneEmitter.fire({ input: text, ok: true });
    } catch (error) {
      if (mine !== this.generation) return;
      log.info(`Live translation of '${text.slice(0, 40)}' failed: ${messageOf(error)}`);
      this.deps.panel.status('info', messageOf(error));
      this.doneEmitter.fire({ input: text, ok: false });
    } finally {
      source.dispose();
      if (this.inFlight === source) this.inFlight = undefined;
    }
  }
}
