/**
 * The text a command works on: the editor's selection, or the cursor's line when nothing is selected,
 * trimmed of surrounding white space (the range is narrowed too, so token offsets still map onto the
 * document), or a UserError saying why there is none.
 */
import * as vscode from 'vscode';
import { settings } from './settings';
import { UserError } from './userErrors';

export interface SelectedText {
  document: vscode.TextDocument;
  range: vscode.Range;
  text: string;
}

export function selectedText(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): SelectedText {
  if (!editor) throw new UserError(vscode.l10n.t('Open a file and select the text to translate first.'));
  const document = editor.document;
  // No selection: the line the cursor is on (a keybinding on a line of dates needs no selecting first).
  const selection = editor.selection.isEmpty ? document.lineAt(editor.selection.active.line).range : editor.selection;
  if (editor.selection.isEmpty && document.getText(selection).trim() === '') {
    throw new UserError(vscode.l10n.t('The current line is empty: select the text to translate (for example a date such as "september 27, 1994") or put the cursor on a line with text.'));
  }
  const raw = document.getText(selection);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text) throw new UserError(vscode.l10n.t('The selection contains only white space.'));
  const max = settings.maxSelectionLength();
  if (text.length > max) {
    throw new UserError(vscode.l10n.t('The selection has {0} characters; the limit is {1} (setting "seq2seqAttention.maxSelectionLength").', text.length, max));
  }
  const startOffset = document.offsetAt(selection.start) + lead;
  const range = new vscode.Range(document.positionAt(startOffset), document.positionAt(startOffset + text.length));
  return { document, range, text };
}
