/**
 * Activation only wires things up (no model is loaded, no worker started: that happens on first use),
 * so activation stays instant. Everything created here is disposed through `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { AttentionHoverProvider } from './hover';
import { SourceHighlighter } from './decorations';
import { exportAttention, type ExportArgs } from './exportView';
import { Commands } from './ids';
import { createLog, log, messageOf } from './log';
import { ModelRegistry } from './models';
import { PanelController } from './panel';
import { onDidChangeSettings, settings } from './settings';
import type { Seq2SeqTestApi } from './testApi';
import { TrainingController } from './training/controller';
import { trainOptionsFromArgs, type TrainCommandArgs } from './training/commandArgs';
import { runTrainingWizard } from './training/wizard';
import { compareMechanisms, retranslateCurrent, translateSelection, type TranslateDeps } from './translate';
import { TranslationStore } from './translationStore';
import { lastUserMessage, reportErrors, showError } from './userErrors';
import { scanWorkspace } from './training/scan';
import { WorkerClient } from './workerClient';

export function activate(context: vscode.ExtensionContext): Seq2SeqTestApi | undefined {
  const started = Date.now();
  context.subscriptions.push(createLog());
  try {
    const api = wire(context);
    log.info(`Activated in ${Date.now() - started} ms`);
    return api;
  } catch (error) {
    // VS Code shows nothing when activation throws; say it ourselves.
    log.error(`Activation failed: ${error instanceof Error && error.stack ? error.stack : messageOf(error)}`);
    void showError(`Seq2Seq Attention Explorer could not start: ${messageOf(error)}`);
    return undefined;
  }
}

export function deactivate(): void {
  // The worker is terminated through context.subscriptions (WorkerClient.dispose).
}

function wire(context: vscode.ExtensionContext): Seq2SeqTestApi {
  const subs = context.subscriptions;
  // The client asks the registry for the model folders only when it starts a worker, after both exist.
  // eslint-disable-next-line prefer-const
  let registry: ModelRegistry;
  const client = new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    () => registry.initArgs());
  registry = new ModelRegistry(context, client);
  const panel = new PanelController(context.extensionUri);
  const translations = new TranslationStore();
  const highlighter = new SourceHighlighter(translations, panel);
  const training = new TrainingController(client, registry, panel);
  subs.push(client, registry, panel, translations, highlighter, training);
  const deps: TranslateDeps = { client, models: registry, panel, translations };

  subs.push(client.onDidCrash(message => {
    registry.invalidate();
    void showError(message);
  }));

  const command = <A extends unknown[], R>(id: string, what: string, body: (...args: A) => Promise<R>): void => {
    subs.push(vscode.commands.registerCommand(id, (...args: A) => reportErrors(what, () => body(...args))));
  };
  command(Commands.translateSelection, 'Translate Selection', () => translateSelection(deps));
  command(Commands.compareMechanisms, 'Compare Attention Mechanisms', () => compareMechanisms(deps));
  command(Commands.selectModel, 'Select Model', async () => {
    const id = await registry.pick();
    if (id) await retranslateCurrent(deps);
    return id;
  });
  command(Commands.showPanel, 'Show Attention Explorer', async () => {
    panel.show(panel.currentView() ?? (training.view().runs.length ? training.view() : undefined), false);
  });
  command(Commands.exportAttention, 'Export Attention', (args?: ExportArgs) => exportAttention(panel, args));
  command(Commands.trainFromWorkspace, 'Train Model', async (args?: TrainCommandArgs) => {
    const options = args ? trainOptionsFromArgs(args) : await runTrainingWizard();
    return options ? training.train(options) : undefined;
  });
  command(Commands.cancelTraining, 'Cancel Training', async () => {
    if (!training.cancel()) void vscode.window.showInformationMessage('No training is running.');
  });

  subs.push(vscode.languages.registerHoverProvider('*', new AttentionHoverProvider(translations)));

  subs.push(onDidChangeSettings(changed => {
    if (changed('backend') && client.isRunning) {
      void client.call('setBackend', { backend: settings.backend() }).then(
        ({ backend }) => log.info(`Backend is now ${backend}`),
        error => void showError(`Could not switch the backend: ${messageOf(error)}`));
    }
    if (changed('training.saveLocation')) {
      registry.invalidate();
      void client.reinit().catch(error => log.error(`Re-initialising the worker failed: ${messageOf(error)}`));
    }
  }));
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    registry.invalidate();
    void client.reinit().catch(error => log.error(`Re-initialising the worker failed: ${messageOf(error)}`));
  }));

  return {
    workerClient: client,
    lastView: () => panel.currentView(),
    deliveredView: () => panel.deliveredView(),
    panelReady: () => panel.isReady,
    highlightedSource: () => highlighter.highlighted(),
    highlightedColumn: () => panel.highlightedColumn,
    focusCell: (entry, row, col) => panel.simulateFocusCell(entry, row, col),
    listModels: () => registry.list(),
    isTraining: () => training.isTraining,
    trainingView: () => training.view(),
    onDidTrainingProgress: training.onDidProgress,
    lastUserMessage,
    scanDatasets: () => scanWorkspace(),
    saveDir: () => registry.initArgs().saveDir,
  };
}
