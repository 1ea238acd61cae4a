/**
 * Coded messages (from the worker, the engine and the file readers, which cannot use `vscode`) in VS
 * Code's display language: the catalogue's English template looked up in this extension's l10n bundle,
 * keyed by the English text like every `vscode.l10n.t` string; the English where the bundle has none.
 */
import * as vscode from 'vscode';
import { ATTENTION_FILE_FORMATS } from '../shared/attentionFiles/types';
import { renderMessage, type CodedMessage } from '../shared/messages/coded';
import { attentionFormatLabel } from '../shared/messages/labels';
import type { AttentionFileOrigin } from '../shared/protocol/webview';

/** A bundle the integration tests render with instead of the display language's (the test API sets it). */
let bundleForTests: Record<string, string> | undefined;

/** Test mode only: coded messages render from `bundle` (a language pack's l10n bundle); undefined: VS Code's again. */
export function renderMessagesFromBundle(bundle: Record<string, string> | undefined): void {
  bundleForTests = bundle;
}

export function localized(message: CodedMessage): string {
  const bundle = bundleForTests ?? vscode.l10n.bundle;
  return renderMessage(message, english => bundle?.[english]);
}

/** An attention file's format in the display language (a view saved with an unknown format keeps its label). */
export function originFormatLabel(origin: Pick<AttentionFileOrigin, 'format' | 'formatLabel'>): string {
  const format = ATTENTION_FILE_FORMATS.find(f => f === origin.format);
  return format ? localized(attentionFormatLabel(format)) : origin.formatLabel;
}
