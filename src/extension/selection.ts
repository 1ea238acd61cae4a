/**
 * The text a command works on: the editor's selection, trimmed of surrounding white space (the range is
 * narrowed too, so token offsets still map onto the document), or a UserError saying why there is none.
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
  if (!editor) throw new UserError('Open a file and select the text to translate first.');
  const selection = editor.selection;
  if (selection.isEmpty) throw new UserError('Select the text to translate first (for example a date such as "september 27, 1994").');
  const document = editor.document;
  const raw = document.getText(selection);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text) throw new UserError('The selection contains only white space.');
  const max = settings.maxSelectionLength();
  if (text.length > max) {
    throw new UserError(`The selection has ${text.length} characters; the limit is ${max} (setting "seq2seqAttention.maxSelectionLength").`);
  }
  const startOffset = document.offsetAt(selection.start) + lead;
  const range = new vscode.Range(document.positionAt(startOffset), document.positionAt(startOffset + text.length));
  return { document, range, text };
}
