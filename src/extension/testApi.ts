/**
 * What `activate()` returns in Test mode only (`ExtensionMode.Test`: the integration tests), so tests
 * observe real outcomes without reaching into module internals. In Development and Production it
 * returns nothing, and the worker does not serve its test hooks.
 */
import type * as vscode from 'vscode';
import type { PanelView, TrainingView } from '../shared/protocol/webview';
import type { ModelInfo } from '../shared/engine/types';
import type { SubwordView } from '../shared/text/wordMerge';
import type { TrainEvent } from '../shared/protocol/worker';
import type { DatasetCandidate } from './training/scan';
import type { WorkerClient } from './workerClient';
import type { TraceRequest } from '../shared/protocol/trace';
import type { AnsweredTrace } from './stepInspector';

export interface Seq2SeqTestApi {
  /** Wall time of `activate()` (wiring only: the worker starts on first use). */
  activationMs: number;
  /** The raw worker client, started with the test hooks (`crash`). */
  workerClient: WorkerClient;
  /** The panel's current view, and the last one the webview received after its `ready`. */
  lastView(): PanelView | undefined;
  deliveredView(): PanelView | undefined;
  panelReady(): boolean;
  /** The document range highlighted for a focused heatmap cell. */
  highlightedSource(): { uri: string; range: vscode.Range } | undefined;
  /** The source column the panel was asked to highlight from the editor selection (null: none). */
  highlightedColumn(): number | null;
  /** Simulates the webview's `focusCell` message (what a click on a cell sends; in the word view with 'words'). */
  focusCell(entry: number, row: number, col: number, subwordView?: SubwordView): void;
  /** Simulates the webview's `setSubwordView` message (a click on Pieces or Words). */
  chooseSubwordView(view: SubwordView): void;
  /** Simulates the webview's `useModel` message (a click on an offered model); resolves with the view after the switch. */
  useOfferedModel(modelId: string): Promise<PanelView | undefined>;
  listModels(): Promise<ModelInfo[]>;
  isTraining(): boolean;
  trainingView(): TrainingView;
  onDidTrainingProgress: vscode.Event<{ runId: string; event: TrainEvent }>;
  /** The last error or warning the extension showed (notifications cannot be read through the API). */
  lastUserMessage(): { level: 'error' | 'warning'; text: string } | undefined;
  /** The last information message of the commands that report one through `showInfo` (Rename, Delete Trained Model). */
  lastInformation(): string | undefined;
  /** The text of the status bar item naming the active model. */
  modelStatusText(): string;
  /** The Train Model picker's dataset candidates. */
  scanDatasets(): Promise<DatasetCandidate[]>;
  /** Where trained models are saved. */
  saveDir(): string;
  /** Simulates the step inspector's `trace` message for an entry of the current view; resolves with the host's answer. */
  traceStep(request: Omit<TraceRequest, 'requestId'>): Promise<AnsweredTrace>;
  /** The step inspector's last answered request (from the panel or `traceStep`). */
  lastTrace(): AnsweredTrace | undefined;
  /** A live re-translation (setting liveTranslate) finished. */
  onDidLiveTranslate: vscode.Event<{ input: string; ok: boolean }>;
  /** Answers the next modal confirmation (Delete Trained Model) instead of the user: true confirms, false cancels. */
  answerNextConfirmation(confirm: boolean): void;
  /** The question of the last confirmation asked, answered by a test or not. */
  lastConfirmation(): string | undefined;
  /** The problems of an attention file's last read, as the Problems panel lists them (1-based lines). */
  attentionFileProblems(uri: vscode.Uri): { line: number; message: string }[];
  /**
   * Renders coded messages (the readers', the worker's) from this l10n bundle, as in a display language
   * whose bundle it is (`vscode.l10n.t` strings stay in VS Code's); undefined: the display language again.
   */
  renderMessagesFromBundle(bundle: Record<string, string> | undefined): void;
}
