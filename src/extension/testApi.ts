/**
 * What `activate()` returns: a small surface for the integration tests (and other extensions), so they
 * observe real outcomes without reaching into module internals.
 */
import type * as vscode from 'vscode';
import type { PanelView, TrainingView } from '../shared/protocol/webview';
import type { ModelInfo } from '../shared/engine/types';
import type { SubwordView } from '../shared/text/wordMerge';
import type { TrainEvent } from '../shared/protocol/worker';
import type { DatasetCandidate } from './training/scan';
import type { WorkerClient } from './workerClient';

export interface Seq2SeqTestApi {
  /** Wall time of `activate()` (wiring only: the worker starts on first use). */
  activationMs: number;
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
  /** Simulates the webview's `useModel` message (a click on an offered model); resolves with the view after the switch. */
  useOfferedModel(modelId: string): Promise<PanelView | undefined>;
  listModels(): Promise<ModelInfo[]>;
  isTraining(): boolean;
  trainingView(): TrainingView;
  onDidTrainingProgress: vscode.Event<{ runId: string; event: TrainEvent }>;
  /** The last error or warning the extension showed (notifications cannot be read through the API). */
  lastUserMessage(): { level: 'error' | 'warning'; text: string } | undefined;
  /** The text of the status bar item naming the active model. */
  modelStatusText(): string;
  /** The Train Model picker's dataset candidates. */
  scanDatasets(): Promise<DatasetCandidate[]>;
  /** Where trained models are saved. */
  saveDir(): string;
}
