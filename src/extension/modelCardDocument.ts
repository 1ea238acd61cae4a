/**
 * Model cards as read-only Markdown documents: `seq2seq-model-card:/<id>.md` is rendered from the model's
 * header, in VS Code's display language, by a content provider (virtual documents cannot be edited or
 * saved), then shown in the Markdown preview, or as text where the preview is not available.
 */
import * as vscode from 'vscode';
import { cardMarkdown } from '../shared/quality/cardMarkdown';
import { Disposable } from './dispose';
import { log, messageOf } from './log';
import { localized } from './messages';
import type { ModelRegistry } from './models';
import { UserError } from './userErrors';

export const MODEL_CARD_SCHEME = 'seq2seq-model-card';

export function modelCardUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: MODEL_CARD_SCHEME, path: `/${encodeURIComponent(id)}.md` });
}

function idOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
}

export class ModelCardDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly registry: ModelRegistry) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(MODEL_CARD_SCHEME, this));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = idOf(uri);
    const info = await this.registry.find(id);
    return info ? cardMarkdown(info, localized)
      : `# ${vscode.l10n.t('Model card')}\n\n${vscode.l10n.t("The model '{0}' is not installed.", id.replace(/[\\`*_[\]<>|]/g, ''))}\n`;
  }

  /** Opens the card of `id` in the Markdown preview beside the editor; returns the card's URI. */
  async show(id: string): Promise<vscode.Uri> {
    if (!(await this.registry.find(id))) throw new UserError(vscode.l10n.t("The model '{0}' is not installed.", id));
    const uri = modelCardUri(id);
    // Shown again: from the file as it is now (a model retrained or re-carded since). Not on every registry
    // change: that would start a worker just to refresh a card nobody asked for (after a crash, say).
    this.changeEmitter.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch (error) {
      // No Markdown extension (it can be disabled): the text itself, still read-only.
      log.info(`Markdown preview unavailable (${messageOf(error)}); opening the card as text`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return uri;
  }
}
