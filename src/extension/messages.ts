/**
 * Coded messages (from the worker, the engine and the file readers, which cannot use `vscode`) in VS
 * Code's display language: the catalogue's English template looked up in this extension's l10n bundle,
 * keyed by the English text like every `vscode.l10n.t` string; the English where the bundle has none.
 */
import * as vscode from 'vscode';
import { renderMessage, type CodedMessage } from '../shared/messages/coded';

export function localized(message: CodedMessage): string {
  const bundle = vscode.l10n.bundle;
  return renderMessage(message, english => bundle?.[english]);
}
