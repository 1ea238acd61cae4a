/**
 * The panel's strings in VS Code's display language: the webview's English tables (webview/l10n/tables.ts,
 * pure data) looked up in this extension's l10n bundle (l10n/bundle.l10n.<language>.json, keyed by the
 * English text like every `vscode.l10n.t` string). The webview gets them in its `strings` message.
 */
import * as vscode from 'vscode';
import { ENGLISH_STRINGS } from '../../webview/l10n/tables';

export function webviewStrings(): { language: string; strings: Record<string, string> } {
  const bundle = vscode.l10n.bundle ?? {};
  const strings: Record<string, string> = {};
  for (const [id, english] of Object.entries(ENGLISH_STRINGS)) strings[id] = bundle[english] ?? english;
  return { language: vscode.env.language, strings };
}
