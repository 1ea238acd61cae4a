/**
 * The model registry: shipped models in `<extension>/media/models`, saved ones in the extension's global
 * storage (or the workspace's `.seq2seq/models` when the workspace is trusted and the setting asks for
 * it). The worker reads the files; the host keeps the list and offers the Select Model picker.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { MECHANISMS, type ModelInfo } from '../shared/engine/types';
import { mechanismLabel } from '../shared/messages/labels';
import { localized } from './messages';
import { qualityLine } from '../shared/quality/cardMarkdown';
import type { InitArgs } from '../shared/protocol/worker';
import { folderInside } from '../shared/regularFile';
import { Disposable } from './dispose';
import { log } from './log';
import { Commands } from './ids';
import { settings } from './settings';
import { UserError } from './userErrors';
import type { WorkerClient } from './workerClient';

export class ModelRegistry extends Disposable {
  private cached: Promise<ModelInfo[]> | undefined;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the list may have changed (a model was trained, folders changed). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: WorkerClient) {
    super();
  }

  get shippedDir(): string {
    return path.join(this.context.extensionPath, 'media', 'models');
  }

  get globalDir(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'models');
  }

  /** The workspace model folder, only when trusted and chosen in the settings. */
  get workspaceDir(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return undefined;
    if (settings.training().saveLocation !== 'workspace') return undefined;
    // A trusted workspace is still a checkout of someone's files: a committed symbolic link at
    // .seq2seq/models must not decide where models are written.
    const inside = folderInside(folder.uri.fsPath, ['.seq2seq', 'models']);
    if (!inside.ok) {
      log.warn(`Workspace model folder not used: ${inside.reason}. Models are saved in the extension's storage instead.`);
      return undefined;
    }
    return inside.dir;
  }

  /** What the worker needs to list, load and save models. */
  initArgs(): InitArgs {
    const workspaceDir = this.workspaceDir;
    return {
      modelDirs: [this.shippedDir, this.globalDir, ...(workspaceDir ? [workspaceDir] : [])],
      saveDir: workspaceDir ?? this.globalDir,
      wasmDir: path.join(this.context.extensionPath, 'dist'),
      backend: settings.backend(),
      nativeKernels: settings.nativeKernels(),
    };
  }

  list(): Promise<ModelInfo[]> {
    this.cached ??= this.client.call('listModels', {}).then(sortModels, error => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** Forgets the cached list and tells listeners the models changed (after training, a rename, new folders). */
  invalidate(): void {
    this.cached = undefined;
    this.changeEmitter.fire();
  }

  /**
   * Forgets the cached list without telling anyone: after a worker crash the list is only possibly stale,
   * and a listener that listed the models at once would start a fresh worker nobody asked for.
   */
  forget(): void {
    this.cached = undefined;
  }

  async find(id: string): Promise<ModelInfo | undefined> {
    return (await this.list()).find(m => m.id === id);
  }

  /** The active model, or a UserError that says what to do. */
  async active(): Promise<ModelInfo> {
    const id = settings.activeModel();
    const models = await this.list();
    const info = models.find(m => m.id === id);
    if (info) return info;
    throw new UserError(models.length
      ? vscode.l10n.t("The active model '{0}' is not installed. Choose one of the {1} available models.", id, models.length)
      : vscode.l10n.t("No models are installed yet (looked for '{0}'). Train one from a workspace dataset.", id),
    models.length
      ? [{ title: vscode.l10n.t('Select Model'), command: Commands.selectModel }]
      : [{ title: vscode.l10n.t('Train Model…'), command: Commands.trainFromWorkspace }]);
  }

  /** Every model of a task, in the canonical mechanism order (attention first, then baseline, peeky). */
  async ofTask(task: string): Promise<ModelInfo[]> {
    return (await this.list()).filter(m => m.task === task);
  }

  /**
   * The Select Model quick pick, grouped by task, each model with its held-out figures and a button that
   * opens its model card (`actions.openCard`); the models the user trained also have Rename and Delete
   * buttons, which close the picker and run that command. Returns the chosen id (already made active).
   */
  async pick(actions: ModelPickActions = {}): Promise<string | undefined> {
    const models = await this.list();
    if (models.length === 0) {
      throw new UserError(vscode.l10n.t('No models are installed yet. Train one from a workspace dataset.'),
        [{ title: vscode.l10n.t('Train Model…'), command: Commands.trainFromWorkspace }]);
    }
    const activeId = settings.activeModel();
    type Item = vscode.QuickPickItem & { id?: string };
    const cardButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('book'), tooltip: vscode.l10n.t('Open the model card') };
    const renameButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename this trained model') };
    const deleteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete this trained model') };
    const items: Item[] = [];
    let task: string | undefined;
    for (const m of models) {
      if (m.task !== task) {
        task = m.task;
        items.push({ label: vscode.l10n.t('Task: {0}', m.task), kind: vscode.QuickPickItemKind.Separator });
      }
      const buttons = [
        ...(actions.openCard ? [cardButton] : []),
        ...(!m.shipped && actions.rename ? [renameButton] : []),
        ...(!m.shipped && actions.delete ? [deleteButton] : []),
      ];
      items.push({
        id: m.id,
        label: `${m.id === activeId ? '$(check) ' : ''}${m.label}`,
        description: `${localized(mechanismLabel(m.mechanism))}${m.shipped ? '' : ` · ${vscode.l10n.t('trained by you')}`}`,
        detail: modelDetail(m),
        ...(buttons.length ? { buttons } : {}),
      });
    }
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = vscode.l10n.t('Select Model');
    quickPick.placeholder = vscode.l10n.t('Active: {0}. Models of one task are compared side by side.', activeId);
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = items;
    const active = items.find(i => i.id === activeId);
    if (active) quickPick.activeItems = [active];
    const choice = await new Promise<Item | undefined>(resolve => {
      quickPick.onDidAccept(() => { resolve(quickPick.selectedItems[0]); quickPick.hide(); });
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.onDidTriggerItemButton(e => {
        const id = e.item.id;
        if (!id) return;
        if (e.button === cardButton) {
          void actions.openCard?.(id);
          return;
        }
        // Rename and Delete ask their own questions: the picker makes way for them.
        quickPick.hide();
        if (e.button === renameButton) void actions.rename?.(id);
        else if (e.button === deleteButton) void actions.delete?.(id);
      });
      quickPick.show();
    });
    quickPick.dispose();
    if (!choice?.id) return undefined;
    await settings.setActiveModel(choice.id);
    return choice.id;
  }
}

/** What the Select Model picker's item buttons do, by model id. */
export interface ModelPickActions {
  openCard?: (id: string) => unknown;
  rename?: (id: string) => unknown;
  delete?: (id: string) => unknown;
}

/** A picker's second line: the held-out figures (not training-set ones), the shape, the description. */
function modelDetail(m: ModelInfo): string {
  const parts = [m.id, qualityLine(m, localized)];
  parts.push(vscode.l10n.t('{0}-level, hidden {1}', m.config.sourceTokenizer, m.config.hiddenSize));
  if (m.card?.caveat) parts.push(m.card.caveat);
  else if (m.description) parts.push(m.description);
  return parts.join(' · ');
}

/** By task, then mechanism in `MECHANISMS` order, then id. */
export function sortModels(models: ModelInfo[]): ModelInfo[] {
  return [...models].sort((a, b) =>
    a.task.localeCompare(b.task) || MECHANISMS.indexOf(a.mechanism) - MECHANISMS.indexOf(b.mechanism) || a.id.localeCompare(b.id));
}
