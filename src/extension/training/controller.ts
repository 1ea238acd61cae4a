/**
 * Runs one training at a time in the worker: a cancellable progress notification, a status bar item,
 * the live training view in the panel, malformed lines in the Problems panel, and at the end the model
 * listed and offered as the active one. Cancel or a crash keeps the last epoch's checkpoint (the worker
 * writes it every epoch).
 */
import * as vscode from 'vscode';
import { SIZE_PRESETS } from '../../shared/engine/config';
import { mechanismLabel } from '../../shared/messages/labels';
import { localized } from '../messages';
import { DEFAULT_READ_OPTIONS } from '../../shared/data/index';
import type { DatasetFile } from '../../shared/data/types';
import type { TrainEvent, TrainResult } from '../../shared/protocol/worker';
import type { TrainingRunView, TrainingView } from '../../shared/protocol/webview';
import { BatchCurve } from '../../shared/metrics/batchCurve';
import { Disposable } from '../dispose';
import { Commands, ContextKeys } from '../ids';
import { log } from '../log';
import type { ModelRegistry } from '../models';
import type { PanelController } from '../panel';
import { settings } from '../settings';
import { UserError } from '../userErrors';
import { isCancelled, WorkerCrashedError, type WorkerClient } from '../workerClient';
import { DatasetDiagnostics } from './diagnostics';
import { defaultLabel, makeModelId, taskFromFile, trainingThreads, type TrainOptions } from './options';

/** Runs shown in the training view (oldest dropped), so figure 8-26 style comparisons fit on one chart. */
const MAX_RUNS = 8;

interface ActiveRun {
  run: TrainingRunView;
  curve: BatchCurve;
  cancellation: vscode.CancellationTokenSource;
  lastCheckpoint?: string;
}

export class TrainingController extends Disposable {
  private readonly runs: TrainingRunView[] = [];
  /** Finished runs of installed models of the current task, for comparison. */
  private reference: TrainingRunView[] = [];
  private active: ActiveRun | undefined;
  private readonly diagnostics = this._register(new DatasetDiagnostics());
  private readonly statusItem = this._register(vscode.window.createStatusBarItem('seq2seqAttention.training', vscode.StatusBarAlignment.Left, 10));
  private readonly eventEmitter = this._register(new vscode.EventEmitter<{ runId: string; event: TrainEvent }>());
  /** Every progress event of every run (tests wait on it). */
  readonly onDidProgress = this.eventEmitter.event;

  constructor(private readonly client: WorkerClient, private readonly models: ModelRegistry, private readonly panel: PanelController) {
    super();
    this.statusItem.name = vscode.l10n.t('Seq2Seq Training');
    this.statusItem.command = Commands.cancelTraining;
  }

  get isTraining(): boolean {
    return this.active !== undefined;
  }

  /** The id of the model the running training writes (renaming or deleting it meanwhile is refused). */
  get trainingModelId(): string | undefined {
    return this.active?.run.runId;
  }

  /** This session's runs first (the newest on top), then the shipped models' curves marked as reference. */
  view(): TrainingView {
    const own = new Set(this.runs.map(r => r.runId));
    const reference = this.reference.filter(r => !own.has(r.runId)).map(r => ({ ...r, reference: true }));
    const copy = (r: TrainingRunView): TrainingRunView => ({ ...r, epochs: [...r.epochs], ...(r.batchLoss ? { batchLoss: r.batchLoss.map(p => ({ ...p })) } : {}) });
    return { kind: 'training', runs: [...[...this.runs].reverse(), ...reference].map(copy) };
  }

  /**
   * The training curves stored in the installed models of `task` (for the date task: baseline, peeky and
   * the attention mechanisms, i.e. the book's figure 8-26), shown beside new runs for comparison.
   */
  async loadReference(task: string): Promise<void> {
    const models = await this.models.ofTask(task);
    this.reference = models
      .filter(m => m.summary && m.summary.epochs.length > 0 && m.summary.stoppedBy !== 'error')
      .map(m => ({
        runId: m.id, label: m.label, mechanism: m.mechanism, state: 'completed' as const,
        epochs: m.summary?.epochs ?? [], lastBatch: null, totalEpochs: m.summary?.epochs.length ?? 0,
      }));
  }

  /**
   * The reference curves for a new run of `task`: its installed models', or, when it has none (a dataset
   * named `dates.txt` makes task 'dates', the shipped models' is 'date'), the active model's task's.
   */
  private async loadReferenceFor(task: string): Promise<void> {
    await this.loadReference(task);
    if (this.reference.length > 0) return;
    const active = await this.models.find(settings.activeModel()).catch(() => undefined);
    if (active && active.task !== task) await this.loadReference(active.task);
  }

  /** Asks the running training to stop after the current batch; false when nothing runs. */
  cancel(): boolean {
    if (!this.active) return false;
    log.info(`Cancelling training run ${this.active.run.runId}`);
    this.active.cancellation.cancel();
    return true;
  }

  async train(options: TrainOptions): Promise<TrainResult | undefined> {
    if (this.active) {
      throw new UserError(vscode.l10n.t('A training run ({0}) is already in progress.', this.active.run.label),
        [{ title: vscode.l10n.t('Cancel Training'), command: Commands.cancelTraining }]);
    }
    if (!vscode.workspace.isTrusted) {
      throw new UserError(vscode.l10n.t('Training reads and runs on workspace files, which needs a trusted workspace. Viewing and translating work without trust.'),
        [{ title: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' }]);
    }
    const names = new Map<string, vscode.Uri>();
    const dataset = await readDataset(options, names);
    const defaults = settings.training();
    const task = options.task ?? taskFromFile(options.file.path, options.reverseDirection);
    const modelId = options.modelId ?? makeModelId(task, options.mechanism);
    const label = options.label?.trim() || defaultLabel(options.mechanism, options.file.path, m => localized(mechanismLabel(m)));
    const epochs = options.epochs;
    await this.loadReferenceFor(task).catch(error => log.warn(`No reference curves: ${error instanceof Error ? error.message : String(error)}`));
    if (this.active) throw new UserError(vscode.l10n.t('Another training run started meanwhile; cancel it first.'), [{ title: vscode.l10n.t('Cancel Training'), command: Commands.cancelTraining }]);
    const run: TrainingRunView = {
      runId: modelId, label, mechanism: options.mechanism, state: 'running', epochs: [], lastBatch: null, totalEpochs: epochs, batchLoss: [],
    };
    this.runs.push(run);
    if (this.runs.length > MAX_RUNS) this.runs.splice(0, this.runs.length - MAX_RUNS);
    const active: ActiveRun = { run, curve: new BatchCurve(), cancellation: new vscode.CancellationTokenSource() };
    this.active = active;
    try {
      await vscode.commands.executeCommand('setContext', ContextKeys.training, true);
      this.showPanel();
      this.updateStatus(run);
      log.info(`Training ${modelId} on ${dataset.name} (${options.mechanism}, ${options.preset}, ${epochs} epochs)`);
      const result = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Training {0}', label),
        cancellable: true,
      }, async (progress, token) => {
        token.onCancellationRequested(() => active.cancellation.cancel());
        let done = 0;
        return this.client.call('train', {
          dataset,
          reverseDirection: options.reverseDirection,
          modelId,
          label,
          model: {
            ...SIZE_PRESETS[options.preset].model,
            task,
            mechanism: options.mechanism,
            sourceTokenizer: options.tokenizer,
            targetTokenizer: options.tokenizer,
          },
          train: {
            epochs,
            batchSize: options.batchSize ?? defaults.batchSize,
            learningRate: options.learningRate ?? defaults.learningRate,
            ...trainingThreads(defaults.parallelism),
          },
        }, {
          token: active.cancellation.token,
          onProgress: event => {
            const message = this.onEvent(active, event, names);
            if (event.kind === 'batch') {
              const p = event.progress;
              const fraction = Math.min(1, ((Math.max(1, p.epoch) - 1) * p.batches + p.batch + 1) / (p.batches * epochs));
              const increment = Math.max(0, fraction * 100 - done);
              done += increment;
              progress.report({ message, increment });
            } else {
              progress.report({ message });
            }
          },
        });
      });
      run.state = result.summary.stoppedBy === 'cancelled' ? 'cancelled' : 'completed';
      this.models.invalidate();
      this.announce(result, options.makeActive);
      return result;
    } catch (error) {
      run.state = isCancelled(error) ? 'cancelled' : 'failed';
      this.models.invalidate();
      if (active.lastCheckpoint && !isCancelled(error)) {
        const kept = vscode.l10n.t("The checkpoint of epoch {0} was kept as model '{1}'.", String(run.epochs.at(-1)?.epoch), modelId);
        if (error instanceof WorkerCrashedError) void vscode.window.showWarningMessage(vscode.l10n.t('Training stopped: {0}', kept));
        else if (error instanceof Error) error.message += ` ${kept}`;
      }
      if (isCancelled(error)) void vscode.window.showInformationMessage(error instanceof Error ? error.message : vscode.l10n.t('Training cancelled.'));
      throw error;
    } finally {
      this.active = undefined;
      active.cancellation.dispose();
      this.statusItem.hide();
      this.panel.updateTrainingView(this.view());
      await vscode.commands.executeCommand('setContext', ContextKeys.training, false);
    }
  }

  /** The live view is a bonus: a panel that cannot open must not stop the training. */
  private showPanel(): void {
    try {
      this.panel.show(this.view());
    } catch (error) {
      log.error(`Could not open the Attention Explorer for the training view: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Records one event; returns a line for the progress notification. */
  private onEvent(active: ActiveRun, event: TrainEvent, names: Map<string, vscode.Uri>): string {
    const run = active.run;
    this.eventEmitter.fire({ runId: run.runId, event });
    let message: string;
    switch (event.kind) {
      case 'dataset':
        this.diagnostics.set(names, event.issues, event.skipped);
        message = event.skipped
          ? vscode.l10n.t('{0} pairs, {1} malformed lines skipped (see Problems)', event.pairs, event.skipped)
          : vscode.l10n.t('{0} pairs', event.pairs);
        for (const note of event.capped) log.info(`Dataset: ${note.message}`);
        log.info(`Dataset read: ${message}`);
        break;
      case 'batch':
        run.lastBatch = event.progress;
        active.curve.addProgress(event.progress);
        run.batchLoss = active.curve.points();
        message = vscode.l10n.t('epoch {0}/{1} · batch {2}/{3} · loss {4}',
          event.progress.epoch, run.totalEpochs, event.progress.batch + 1, event.progress.batches, event.progress.loss.toFixed(3));
        break;
      case 'epoch':
        run.epochs.push(event.metrics);
        active.lastCheckpoint = event.checkpoint;
        message = vscode.l10n.t('epoch {0}/{1} · exact match {2} %', event.metrics.epoch, run.totalEpochs, (event.metrics.exactMatch * 100).toFixed(1));
        log.info(`Epoch ${event.metrics.epoch}: ${JSON.stringify(event.metrics)} -> ${event.checkpoint}`);
        break;
    }
    this.updateStatus(run, message);
    this.panel.updateTrainingView(this.view());
    return message;
  }

  private updateStatus(run: TrainingRunView, detail = vscode.l10n.t('starting')): void {
    this.statusItem.text = `$(sync~spin) ${vscode.l10n.t('Training: {0}', detail)}`;
    this.statusItem.tooltip = vscode.l10n.t('{0}: click to cancel training', run.label);
    this.statusItem.show();
  }

  private announce(result: TrainResult, makeActive: boolean | undefined): void {
    const last = result.summary.epochs.at(-1);
    const score = last ? ` ${vscode.l10n.t('Exact match {0} % after {1} epochs.', (last.exactMatch * 100).toFixed(1), result.summary.epochs.length)}` : '';
    const done = result.summary.stoppedBy === 'cancelled'
      ? vscode.l10n.t("Training cancelled; the last epoch was saved as model '{0}'.", result.model.id)
      : vscode.l10n.t("Trained model '{0}'.", result.model.id);
    const makeActiveTitle = vscode.l10n.t('Make Active');
    const selectTitle = vscode.l10n.t('Select Model');
    if (makeActive !== undefined) {
      if (makeActive) void settings.setActiveModel(result.model.id);
      return;
    }
    void vscode.window.showInformationMessage(`${done}${score}`, makeActiveTitle, selectTitle).then(choice => {
      if (choice === makeActiveTitle) void settings.setActiveModel(result.model.id);
      else if (choice === selectTitle) void vscode.commands.executeCommand(Commands.selectModel);
    });
  }
}

/** Reads the dataset (and its partner) with `workspace.fs`; `names` maps the names sent to the worker back to URIs. */
async function readDataset(options: TrainOptions, names: Map<string, vscode.Uri>): Promise<DatasetFile> {
  const read = async (uri: vscode.Uri): Promise<{ name: string; bytes: Uint8Array }> => {
    const name = vscode.workspace.asRelativePath(uri, false);
    names.set(name, uri);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (error) {
      throw new UserError(vscode.l10n.t('Cannot read {0}: {1}', name, error instanceof Error ? error.message : String(error)));
    }
    // Checked before reading: a named pipe would block the read, a device never end it, and a file over
    // the worker's limit would be read whole only to be refused.
    if ((stat.type & vscode.FileType.File) === 0) throw new UserError(vscode.l10n.t('Cannot read {0}: it is not a regular file.', name));
    if (stat.size > DEFAULT_READ_OPTIONS.maxBytes) {
      throw new UserError(vscode.l10n.t('Cannot read {0}: it is {1} MB, more than the {2} MB limit for datasets.', name,
        Math.round(stat.size / 1048576), DEFAULT_READ_OPTIONS.maxBytes / 1048576));
    }
    try {
      return { name, bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (error) {
      throw new UserError(vscode.l10n.t('Cannot read {0}: {1}', name, error instanceof Error ? error.message : String(error)));
    }
  };
  const main = await read(options.file);
  return options.partner ? { ...main, partner: await read(options.partner) } : main;
}
