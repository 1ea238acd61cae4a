/**
 * Rename Trained Model and Delete Trained Model: the models the user trained (never the shipped ones)
 * get a new name or are removed. The worker rewrites the label in the model file (it reads and writes
 * model files, so the host never blocks on one); deleting is a file operation the host does through
 * `workspace.fs`, into the trash where the system has one, after a modal confirmation.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { MAX_MODEL_LABEL_LENGTH, modelLabelProblem } from '../shared/engine/modelLabel';
import type { ModelInfo } from '../shared/engine/types';
import { mechanismLabel } from '../shared/messages/labels';
import { localized } from './messages';
import { Commands, DEFAULT_ACTIVE_MODEL } from './ids';
import { log, messageOf } from './log';
import type { ModelRegistry } from './models';
import { settings } from './settings';
import { showInfo, UserError } from './userErrors';
import type { WorkerClient } from './workerClient';

export interface ModelManagementDeps {
  registry: ModelRegistry;
  client: WorkerClient;
  /** The model a running training writes, if any. */
  trainingModelId(): string | undefined;
  /** Asks a yes/no question in a modal dialog; resolves with `action` when the user confirmed. */
  confirm(message: string, detail: string, action: string): Thenable<string | undefined>;
}

/** The input box's check of a model name: the reason in the display language, or undefined when fine. */
export function validateModelLabel(value: string): string | undefined {
  switch (modelLabelProblem(value)) {
    case null: return undefined;
    case 'empty': return vscode.l10n.t('Enter a name for the model.');
    case 'too-long': return vscode.l10n.t('A model name has at most {0} characters.', MAX_MODEL_LABEL_LENGTH);
    case 'control': return vscode.l10n.t('A model name is one line without tabs or control characters.');
  }
}

/** The modal confirmation VS Code draws (the test API replaces it with scripted answers). */
export function modalConfirm(message: string, detail: string, action: string): Thenable<string | undefined> {
  return vscode.window.showWarningMessage(message, { modal: true, detail }, action);
}

export async function renameTrainedModel(deps: ModelManagementDeps, id?: string, newLabel?: string): Promise<ModelInfo | undefined> {
  const title = vscode.l10n.t('Rename Trained Model');
  const info = await chooseTrainedModel(deps, id, title);
  if (!info) return undefined;
  refuseUnmanageable(deps, info, 'rename');
  const label = newLabel ?? await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('New name of {0}', info.id),
    value: info.label,
    validateInput: validateModelLabel,
  });
  if (label === undefined) return undefined;
  const problem = validateModelLabel(label);
  if (problem) throw new UserError(problem);
  if (label.trim() === info.label) return info;
  const renamed = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Renaming {0}…', info.label) },
    () => deps.client.call('renameModel', { modelId: info.id, label: label.trim() }));
  deps.registry.invalidate();
  log.info(`Renamed model ${info.id}: '${info.label}' -> '${renamed.label}'`);
  showInfo(vscode.l10n.t('Renamed "{0}" to "{1}".', info.label, renamed.label));
  return renamed;
}

/** Deletes a trained model's file after a modal confirmation; true when it was deleted. */
export async function deleteTrainedModel(deps: ModelManagementDeps, id?: string): Promise<boolean> {
  const info = await chooseTrainedModel(deps, id, vscode.l10n.t('Delete Trained Model'));
  if (!info) return false;
  refuseUnmanageable(deps, info, 'delete');
  // Only files in the folders trained models are saved to: a listing can never send the host elsewhere.
  const folders = [deps.registry.globalDir, deps.registry.workspaceDir].filter((d): d is string => d !== undefined).map(d => path.resolve(d));
  if (!folders.includes(path.dirname(path.resolve(info.path)))) {
    throw new UserError(vscode.l10n.t('{0} is not in a folder of trained models; it was not deleted.', info.path));
  }
  const action = vscode.l10n.t('Delete');
  const answer = await deps.confirm(
    vscode.l10n.t('Delete the model "{0}" ({1})?', info.label, info.id),
    vscode.l10n.t('Its file {0} is moved to the trash (deleted for good where the system has no trash).', info.path),
    action);
  if (answer !== action) return false;
  const uri = vscode.Uri.file(info.path);
  let trashed = true;
  try {
    try {
      await vscode.workspace.fs.delete(uri, { useTrash: true });
    } catch (error) {
      // No trash here (a container, some remotes): delete for good, as the confirmation said.
      log.info(`No trash for ${info.path} (${messageOf(error)}); deleting it`);
      trashed = false;
      await vscode.workspace.fs.delete(uri, { useTrash: false });
    }
  } finally {
    deps.registry.invalidate();
  }
  log.info(`Deleted model ${info.id} (${info.path}${trashed ? ', to the trash' : ''})`);
  if (settings.activeModel() === info.id) {
    await settings.setActiveModel(DEFAULT_ACTIVE_MODEL);
    showInfo(
      vscode.l10n.t('Deleted "{0}". It was the active model; the default model {1} is active now.', info.label, DEFAULT_ACTIVE_MODEL));
  } else {
    showInfo(vscode.l10n.t('Deleted "{0}".', info.label));
  }
  return true;
}

/** The model named by `id`, or the one the user picks among the trained ones. */
async function chooseTrainedModel(deps: ModelManagementDeps, id: string | undefined, title: string): Promise<ModelInfo | undefined> {
  const models = await deps.registry.list();
  if (id !== undefined) {
    const info = models.find(m => m.id === id);
    if (!info) throw new UserError(vscode.l10n.t("No model with the id '{0}' is installed.", id));
    return info;
  }
  const trained = models.filter(m => !m.shipped);
  if (trained.length === 0) {
    throw new UserError(vscode.l10n.t('There are no trained models yet; the models shipped with the extension cannot be renamed or deleted.'),
      [{ title: vscode.l10n.t('Train Model…'), command: Commands.trainFromWorkspace }]);
  }
  const choice = await vscode.window.showQuickPick(trained.map(m => ({
    label: m.label, description: `${m.id} · ${localized(mechanismLabel(m.mechanism))}`, detail: m.path, info: m,
  })), { title, placeHolder: vscode.l10n.t('Which of your trained models?'), matchOnDescription: true });
  return choice?.info;
}

function refuseUnmanageable(deps: ModelManagementDeps, info: ModelInfo, what: 'rename' | 'delete'): void {
  if (info.shipped) {
    throw new UserError(what === 'rename'
      ? vscode.l10n.t('"{0}" is shipped with the extension and cannot be renamed. Only the models you train can be renamed.', info.label)
      : vscode.l10n.t('"{0}" is shipped with the extension and cannot be deleted. Only the models you train can be deleted.', info.label));
  }
  if (deps.trainingModelId() === info.id) {
    throw new UserError(vscode.l10n.t('"{0}" is being trained; wait for the training to finish or cancel it.', info.label),
      [{ title: vscode.l10n.t('Cancel Training'), command: Commands.cancelTraining }]);
  }
}
