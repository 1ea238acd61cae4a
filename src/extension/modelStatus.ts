/**
 * The status bar item naming the active model; a click runs Select Model. Follows the setting (and the
 * model list, which training and the save location change).
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { Commands } from './ids';
import type { ModelRegistry } from './models';
import { onDidChangeSettings, settings } from './settings';

export class ModelStatusItem extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('seq2seqAttention.activeModel', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly registry: ModelRegistry) {
    super();
    this.item.name = vscode.l10n.t('Seq2Seq active model');
    this.item.command = Commands.selectModel;
    this._register(onDidChangeSettings(changed => { if (changed('activeModel')) void this.refresh(); }));
    // A renamed or deleted model changes what the tooltip says.
    this._register(registry.onDidChange(() => void this.refresh()));
    this.show(settings.activeModel());
    void this.refresh();
  }

  /** The text shown (for tests): the model's id. */
  get text(): string {
    return this.item.text;
  }

  async refresh(): Promise<void> {
    const id = settings.activeModel();
    const info = await this.registry.find(id).catch(() => undefined);
    this.show(id, info?.label);
  }

  private show(id: string, label?: string): void {
    this.item.text = `$(symbol-namespace) ${id}`;
    this.item.tooltip = label
      ? vscode.l10n.t('Active model: {0} ({1}). Click to select another model.', label, id)
      : vscode.l10n.t('Active model: {0}. Click to select another model.', id);
    this.item.show();
  }
}
