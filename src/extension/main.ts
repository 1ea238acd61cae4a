/**
 * Activation only wires things up (no model is loaded, no worker started: that happens on first use),
 * so activation stays instant. Everything created here is disposed through `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { AttentionFiles, type OpenAttentionFileArgs } from './attentionFiles';
import { AttentionHoverProvider } from './hover';
import { SourceHighlighter } from './decorations';
import { exportAttention, type ExportArgs } from './exportView';
import { Commands } from './ids';
import { createLog, log, messageOf } from './log';
import { ModelCardDocuments } from './modelCardDocument';
import { deleteTrainedModel, modalConfirm, renameTrainedModel, type ModelManagementDeps } from './modelManagement';
import { ModelRegistry } from './models';
import { PanelController } from './panel';
import { onDidChangeSettings, settings } from './settings';
import type { Seq2SeqTestApi } from './testApi';
import { TrainingController } from './training/controller';
import { trainOptionsFromArgs, type TrainCommandArgs } from './training/commandArgs';
import { runTrainingWizard } from './training/wizard';
import { compareMechanisms, retranslateCurrent, translateSelection, type TranslateDeps } from './translate';
import { TranslationStore } from './translationStore';
import { ViewStore } from './viewStore';
import { lastInfo, lastUserMessage, reportErrors, showError } from './userErrors';
import { scanWorkspace } from './training/scan';
import { StepInspectorHost } from './stepInspector';
import { openSampleDates, openWalkthrough } from './walkthrough';
import { LiveTranslation } from './liveTranslate';
import { WorkerClient } from './workerClient';
import type { InitArgs } from '../shared/protocol/worker';
import { inPanel } from './panelFailure';
import { ModelStatusItem } from './modelStatus';
import { renderMessagesFromBundle } from './messages';

/**
 * Returns the test API (`testApi.ts`) only when the extension runs in Test mode (an extension host
 * started with `--extensionTestsPath`, as the integration tests do); otherwise nothing.
 */
export function activate(context: vscode.ExtensionContext): Seq2SeqTestApi | undefined {
  const started = Date.now();
  context.subscriptions.push(createLog());
  try {
    const testMode = context.extensionMode === vscode.ExtensionMode.Test;
    const api = wire(context, testMode);
    const activationMs = Date.now() - started;
    log.info(`Activated in ${activationMs} ms`);
    return testMode ? { ...api(), activationMs } : undefined;
  } catch (error) {
    // VS Code shows nothing when activation throws; say it ourselves.
    log.error(`Activation failed: ${error instanceof Error && error.stack ? error.stack : messageOf(error)}`);
    void showError(vscode.l10n.t('Seq2Seq Attention Explorer could not start: {0}', messageOf(error)));
    return undefined;
  }
}

export function deactivate(): void {
  // The worker is terminated through context.subscriptions (WorkerClient.dispose).
}

/** Registers everything; returns how to build the test API (only called in Test mode). */
function wire(context: vscode.ExtensionContext, testMode: boolean): () => Omit<Seq2SeqTestApi, 'activationMs'> {
  const subs = context.subscriptions;
  // The client asks the registry for the model folders only when it starts a worker, after both exist.
  const client: WorkerClient = new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    (): InitArgs => registry.initArgs(), { testHooks: testMode });
  const registry = new ModelRegistry(context, client);
  const viewStore = new ViewStore(context.storageUri ?? context.globalStorageUri);
  const panel = new PanelController(context.extensionUri, viewStore);
  const translations = new TranslationStore();
  const highlighter = new SourceHighlighter(translations, panel);
  const training = new TrainingController(client, registry, panel);
  const cards = new ModelCardDocuments(registry);
  const inspector = new StepInspectorHost(panel, client);
  const attentionFiles = new AttentionFiles(panel, translations);
  const modelStatus = new ModelStatusItem(registry);
  subs.push(viewStore, client, registry, panel, translations, highlighter, training, cards, inspector, attentionFiles, modelStatus);
  const deps: TranslateDeps = { client, models: registry, panel, translations };
  const live = new LiveTranslation(deps);
  subs.push(live);

  subs.push(client.onDidCrash(message => {
    registry.forget();
    void showError(message);
  }));

  const command = <A extends unknown[], R>(id: string, what: string, body: (...args: A) => Promise<R>): void => {
    subs.push(vscode.commands.registerCommand(id, (...args: A) => reportErrors(what, () => body(...args))));
  };
  // Live input follows what a command translated (setting liveTranslate).
  const followed = <T>(run: Promise<T>): Promise<T> => run.then(v => { live.followLatest(); return v; });
  command(Commands.translateSelection, vscode.l10n.t('Translate Selection'), () => followed(inPanel(panel, () => translateSelection(deps))));
  command(Commands.compareMechanisms, vscode.l10n.t('Compare Attention Mechanisms'), () => inPanel(panel, () => compareMechanisms(deps)));
  command(Commands.selectModel, vscode.l10n.t('Select Model'), async () => {
    const id = await registry.pick({
      openCard: cardId => reportErrors(vscode.l10n.t('Show Model Card'), () => cards.show(cardId)),
      rename: modelId => vscode.commands.executeCommand(Commands.renameModel, modelId),
      delete: modelId => vscode.commands.executeCommand(Commands.deleteModel, modelId),
    });
    if (id) await inPanel(panel, () => retranslateCurrent(deps));
    return id;
  });
  // In Test mode a test may answer the next confirmations itself (a modal dialog cannot be clicked from a test).
  const confirmations: { scripted: boolean[]; last?: string } = { scripted: [] };
  const management: ModelManagementDeps = {
    registry, client,
    trainingModelId: () => training.trainingModelId,
    confirm: (message, detail, action) => {
      confirmations.last = message;
      const scripted = testMode ? confirmations.scripted.shift() : undefined;
      return scripted === undefined ? modalConfirm(message, detail, action) : Promise.resolve(scripted ? action : undefined);
    },
  };
  const idArg = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  command(Commands.renameModel, vscode.l10n.t('Rename Trained Model'), (id?: unknown, label?: unknown) =>
    renameTrainedModel(management, idArg(id), idArg(label)));
  command(Commands.deleteModel, vscode.l10n.t('Delete Trained Model'), (id?: unknown) => deleteTrainedModel(management, idArg(id)));
  command(Commands.showModelCard, vscode.l10n.t('Show Model Card'), async (id?: string) => cards.show(typeof id === 'string' ? id : settings.activeModel()));
  // A model the panel offers for an input that does not fit the active one: make it active, translate again.
  const useModel = (id: string): Promise<unknown> => reportErrors(vscode.l10n.t('Use Model'), async () => {
    await settings.setActiveModel(id);
    return inPanel(panel, () => retranslateCurrent(deps));
  });
  let lastModelSwitch: Promise<unknown> = Promise.resolve();
  subs.push(panel.onDidChooseModel(id => { lastModelSwitch = useModel(id); }));
  subs.push(panel.onDidRequestCard(id => { void reportErrors(vscode.l10n.t('Show Model Card'), () => cards.show(id)); }));
  command(Commands.showPanel, vscode.l10n.t('Show Attention Explorer'), async () => {
    if (!panel.currentView()) {
      // Nothing translated yet: show how the installed models of the active task trained (figure 8-26).
      const active = await registry.find(settings.activeModel()).catch(() => undefined);
      if (active) await training.loadReference(active.task);
      const history = training.view();
      panel.show(history.runs.length ? history : undefined, false);
    } else {
      panel.show(undefined, false);
    }
  });
  command(Commands.openSampleDates, vscode.l10n.t('Open Sample Dates'), () => openSampleDates());
  command(Commands.openWalkthrough, vscode.l10n.t('Open Walkthrough'), () => openWalkthrough());
  // From the explorer menu: (clicked Uri, selected Uris); two selected files compare two systems.
  command(Commands.openAttentionFile, vscode.l10n.t('Open Attention File'), (arg?: vscode.Uri | OpenAttentionFileArgs, selected?: vscode.Uri[]) => {
    if (arg instanceof vscode.Uri) {
      const other = selected?.find(u => u.toString() !== arg.toString());
      return attentionFiles.open({ uri: arg, ...(other ? { compareWith: other } : {}) });
    }
    return attentionFiles.open(arg ?? {});
  });
  command(Commands.toggleEosColumn, vscode.l10n.t('Hide EOS Column'), async () => {
    await settings.setHideEosColumn(!settings.hideEosColumn());
    return attentionFiles.reopen();
  });
  command(Commands.chooseAttentionHeads, vscode.l10n.t('Choose Layer and Head'), () => attentionFiles.chooseHeads());
  command(Commands.exportAttention, vscode.l10n.t('Export Attention'), (args?: ExportArgs) => exportAttention(panel, args));
  command(Commands.trainFromWorkspace, vscode.l10n.t('Train Model'), async (args?: TrainCommandArgs | vscode.Uri) => {
    // A Uri comes from the explorer's context menu; an object from scripts and tests.
    const options = args instanceof vscode.Uri || args === undefined ? await runTrainingWizard(args) : trainOptionsFromArgs(args);
    return options ? training.train(options) : undefined;
  });
  command(Commands.cancelTraining, vscode.l10n.t('Cancel Training'), async () => {
    if (!training.cancel()) void vscode.window.showInformationMessage(vscode.l10n.t('No training is running.'));
  });

  subs.push(vscode.languages.registerHoverProvider('*', new AttentionHoverProvider(translations)));

  // Settings apply without a reload: the client re-sends `init` (backend, model folders) whenever they
  // changed before its next call; the model list is refreshed here.
  subs.push(onDidChangeSettings(changed => {
    if (changed('training.saveLocation')) registry.invalidate();
    if (changed('subwords.view')) panel.sendPreferences();
  }));
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => registry.invalidate()));

  return () => ({
    workerClient: client,
    lastView: () => panel.currentView(),
    deliveredView: () => panel.deliveredView(),
    panelReady: () => panel.isReady,
    highlightedSource: () => highlighter.highlighted(),
    highlightedColumn: () => panel.highlightedColumn,
    focusCell: (entry, row, col, subwordView) => panel.simulateFocusCell(entry, row, col, subwordView),
    chooseSubwordView: view => panel.simulateSubwordView(view),
    useOfferedModel: async (id) => {
      panel.simulateUseModel(id);
      await lastModelSwitch;
      return panel.currentView();
    },
    listModels: () => registry.list(),
    isTraining: () => training.isTraining,
    trainingView: () => training.view(),
    onDidTrainingProgress: training.onDidProgress,
    lastUserMessage,
    lastInformation: lastInfo,
    modelStatusText: () => modelStatus.text,
    scanDatasets: () => scanWorkspace(),
    saveDir: () => registry.initArgs().saveDir,
    traceStep: (request) => {
      const answered = inspector.nextTrace();
      panel.simulateTraceRequest({ requestId: 0, ...request });
      return answered;
    },
    lastTrace: () => inspector.lastTrace(),
    onDidLiveTranslate: live.onDidTranslate,
    answerNextConfirmation: (confirm) => { confirmations.scripted.push(confirm); },
    lastConfirmation: () => confirmations.last,
    attentionFileProblems: (uri) => attentionFiles.problemsOf(uri).map(d => ({ line: d.range.start.line + 1, message: d.message })),
    renderMessagesFromBundle,
  });
}
