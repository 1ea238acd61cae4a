/**
 * The link between the heatmap and the editor: a focused cell highlights its source token in the
 * editor (a decoration), and moving the editor selection inside the translated range highlights the
 * matching column in the panel.
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import type { PanelController } from './panel';
import type { TranslationStore } from './translationStore';

export class SourceHighlighter extends Disposable {
  private readonly decoration = this._register(vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightStrongBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('focusBorder'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.wordHighlightStrongForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  }));
  /** The decorated range, for tests and to clear it. */
  private current: { uri: string; range: vscode.Range } | undefined;

  constructor(private readonly translations: TranslationStore, private readonly panel: PanelController) {
    super();
    this._register(panel.onDidFocusCell(cell => this.onFocusCell(cell.entry, cell.col)));
    this._register(vscode.window.onDidChangeTextEditorSelection(e => this.onSelection(e.textEditor)));
    this._register(translations.onDidChange(uri => {
      if (this.current?.uri === uri.toString()) this.clear();
    }));
  }

  highlighted(): { uri: string; range: vscode.Range } | undefined {
    return this.current;
  }

  private onFocusCell(entryIndex: number, col: number): void {
    const record = this.translations.latest();
    const span = record?.entries[entryIndex]?.result.source[col];
    const editor = record && vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === record.uri);
    if (!record || !span || !editor || editor.document.version !== record.version) {
      this.clear();
      return;
    }
    const range = this.translations.rangeOf(editor.document, record, span);
    this.clear();
    editor.setDecorations(this.decoration, [range]);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.current = { uri: record.uri, range };
  }

  private onSelection(editor: vscode.TextEditor): void {
    const record = this.translations.get(editor.document);
    if (!record) return;
    const doc = editor.document;
    const sel = editor.selection;
    let index: number;
    if (sel.isEmpty) {
      const at = doc.offsetAt(sel.active);
      // The cursor right after a token's last character still points at that token.
      index = this.translations.tokenAt(record, at);
      if (index < 0) index = this.translations.tokenAt(record, at - 1);
    } else {
      // A selection highlights a column only when it lies within one token.
      const first = this.translations.tokenAt(record, doc.offsetAt(sel.start));
      const last = this.translations.tokenAt(record, doc.offsetAt(sel.end) - 1);
      index = first === last ? first : -1;
    }
    this.panel.highlightSource(index >= 0 ? index : null);
  }

  private clear(): void {
    if (!this.current) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === this.current.uri) editor.setDecorations(this.decoration, []);
    }
    this.current = undefined;
  }
}
