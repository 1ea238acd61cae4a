/**
 * The link between the heatmap and the editor: a focused cell highlights its source token in the
 * editor (a decoration), and moving the editor selection inside the translated range highlights the
 * matching column in the panel. In the word view of a subword model a column is a whole word: its cell
 * highlights the whole word, and a selection within one word highlights that word's column.
 */
import * as vscode from 'vscode';
import type { TokenSpan } from '../shared/engine/types';
import type { SubwordView } from '../shared/text/wordMerge';
import { isWordResult } from '../shared/text/wordMerge';
import { Disposable } from './dispose';
import type { PanelController } from './panel';
import { settings } from './settings';
import type { TranslationStore } from './translationStore';
import { shownResult, sourceAt } from './views';

export class SourceHighlighter extends Disposable {
  private readonly decoration = this._register(vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightStrongBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('focusBorder'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.wordHighlightStrongForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  }));
  /** The decorated range (and the token's span in the input, to follow the text when it moves), for tests and to clear it. */
  private current: { uri: string; range: vscode.Range; span: TokenSpan } | undefined;

  constructor(private readonly translations: TranslationStore, private readonly panel: PanelController) {
    super();
    this._register(panel.onDidFocusCell(cell => this.onFocusCell(cell.entry, cell.col, cell.subwordView ?? 'pieces')));
    this._register(vscode.window.onDidChangeTextEditorSelection(e => this.onSelection(e.textEditor)));
    this._register(translations.onDidChange(({ uri, kind }) => {
      if (this.current?.uri !== uri.toString()) return;
      // The decoration itself moves with the text; only the range reported to tests needs following.
      if (kind === 'moved') this.follow();
      else this.clear();
    }));
  }

  highlighted(): { uri: string; range: vscode.Range } | undefined {
    return this.current && { uri: this.current.uri, range: this.current.range };
  }

  private follow(): void {
    const current = this.current;
    const document = current && vscode.workspace.textDocuments.find(d => d.uri.toString() === current.uri);
    const record = document && this.translations.get(document);
    if (!current || !document || !record) {
      this.clear();
      return;
    }
    current.range = this.translations.rangeOf(document, record, current.span);
  }

  private onFocusCell(entryIndex: number, col: number, unit: SubwordView): void {
    const record = this.translations.latest();
    const entry = record?.entries[entryIndex];
    const span = entry && shownResult(entry, unit).source[col];
    const editor = record && vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === record.uri);
    if (!record || !span || !editor || editor.document.version !== record.version) {
      this.clear();
      return;
    }
    const range = this.translations.rangeOf(editor.document, record, span);
    this.clear();
    editor.setDecorations(this.decoration, [range]);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.current = { uri: record.uri, range, span };
  }

  private onSelection(editor: vscode.TextEditor): void {
    const record = this.translations.get(editor.document);
    if (!record?.entries[0]) return;
    const doc = editor.document;
    const sel = editor.selection;
    // Tokens as shown (words in the word view); the panel is told the first piece of the one found.
    const shown = shownResult(record.entries[0], settings.subwordView());
    const at = (offset: number): number => sourceAt(shown, offset - record.offset);
    let index: number;
    if (sel.isEmpty) {
      const cursor = doc.offsetAt(sel.active);
      // The cursor right after a token's last character still points at that token.
      index = at(cursor);
      if (index < 0) index = at(cursor - 1);
    } else {
      // A selection highlights a column only when it lies within one token.
      const first = at(doc.offsetAt(sel.start));
      const last = at(doc.offsetAt(sel.end) - 1);
      index = first === last ? first : -1;
    }
    if (index >= 0 && isWordResult(shown)) index = shown.pieceGroups.source[index][0];
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
