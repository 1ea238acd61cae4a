/**
 * The Get Started walkthrough's helpers: a sample of dates to translate (an untitled document, the first
 * line selected, so Translate Selection works at once) and a command that opens the walkthrough.
 */
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from './ids';

/** Dates as people type them (the default model's task), the book's format first. */
const SAMPLE_DATES = [
  'september 27, 1994',
  'August 19, 2003',
  '2/10/93',
  'TUESDAY, SEPTEMBER 25, 1984',
  'the 14th of November 1975',
  'Sun 20 Jan 2019',
].join('\n') + '\n';

export async function openSampleDates(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content: SAMPLE_DATES, language: 'plaintext' });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const first = document.lineAt(0).range;
  editor.selection = new vscode.Selection(first.start, first.end);
  return editor;
}

export async function openWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}
