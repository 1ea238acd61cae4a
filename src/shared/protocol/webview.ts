/**
 * The host <-> webview protocol. The webview sends `ready` once its script runs; the host then sends the
 * current view. Every message is checked with the guards below on arrival: the webview is untrusted
 * from the host's side, and dataset text inside views is only ever rendered as text.
 */
import type { AttentionStats, DecodeResult, EpochMetrics, BatchProgress, Mechanism, TokenizerKind } from '../engine/types';
import { SUBWORD_VIEWS, type SubwordView } from '../text/wordMerge';
import type { ModelCardView } from '../quality/card';
import type { ConfidenceAssessment } from '../quality/confidence';
import type { FitReport } from '../quality/fit';
import { isArrayOf, isNonNegativeInt, isOneOf, isRecord, isString } from './guards';
import type { TracedDecode } from '../engine/traceTypes';
import { isTracedDecode, isTraceRequest, type TraceRequest } from './trace';
import type { CurvePoint } from '../metrics/batchCurve';

/** One model's answer for one input, as the panel draws it. */
export interface TranslationEntry {
  modelId: string;
  modelLabel: string;
  /** 'external': attention read from another toolkit's file (`attentionFile` says which). */
  mechanism: Mechanism | 'external';
  result: DecodeResult;
  /** null when the model has no attention (baseline, peeky). */
  stats: AttentionStats | null;
  /** Other beam hypotheses, best first (the first equals `result`); empty for greedy. */
  beams: DecodeResult[];
  /** The beam width `result` was decoded with (1: greedy); absent in older views and for attention files. */
  beamWidth?: number;
  /**
   * The model's tokenizer per side, which tells the panel whether pieces can be merged into words
   * (absent in views saved before it was sent: the `▁` marks tell instead).
   */
  tokenizers?: { source: TokenizerKind; target: TokenizerKind };
  /** The model's card without its fit profile (null: the model has none; absent in older views). */
  card?: ModelCardView | null;
  /** `result`'s confidence against the card's calibrated threshold. */
  confidence?: ConfidenceAssessment;
  /** For attention read from a file (Open Attention File...): where it came from, shown instead of the mechanism. */
  attentionFile?: AttentionFileOrigin;
}

/** The file an external entry was read from. */
export interface AttentionFileOrigin {
  /** The toolkit's format ('fairseq', 'marian', 'opennmt', 'json') and a label for it. */
  format: string;
  formatLabel: string;
  /** The file's name (not its path) and the line of the sentence. */
  fileName: string;
  line: number;
  sentenceId: number;
  rank: number;
  alignment: 'soft' | 'hard';
  /** What is shown: 'mean of 6 layers x 8 heads', 'layer 2, head 3', '' for single matrices. */
  heads: string;
  /** The file's problems for this sentence and in total, said in the panel. */
  problems: string[];
}

export interface TranslationView {
  kind: 'translation';
  input: string;
  entry: TranslationEntry;
  /** Whether the input fits the model, and the models that fit when it does not (absent: not assessed). */
  fit?: FitReport | null;
}

export interface ComparisonView {
  kind: 'comparison';
  input: string;
  entries: TranslationEntry[];
  /** Output positions (0-based) where at least two entries produce a different token. */
  disagreements: number[];
  /** Whether the input fits the active model (the task's models share their training data). */
  fit?: FitReport | null;
}

/** The active model refused the input and other models fit it: the reason, and those models to switch to. */
export interface MismatchView {
  kind: 'mismatch';
  input: string;
  modelId: string;
  modelLabel: string;
  /** Why the model did not translate it (the worker's message). */
  message: string;
  fit: FitReport;
}

export type RunState = 'running' | 'completed' | 'cancelled' | 'failed';

export interface TrainingRunView {
  runId: string;
  label: string;
  mechanism: Mechanism;
  state: RunState;
  epochs: EpochMetrics[];
  lastBatch: BatchProgress | null;
  totalEpochs: number;
  /**
   * The train loss per batch so far, downsampled to a bounded number of points (x in epochs, see
   * shared/metrics/batchCurve.ts); absent for runs without it (shipped models, older saved views).
   */
  batchLoss?: CurvePoint[];
  /** A shipped model's stored curves, shown for comparison (not a run of this session). */
  reference?: boolean;
}

export interface TrainingView {
  kind: 'training';
  runs: TrainingRunView[];
}

export type PanelView = TranslationView | ComparisonView | TrainingView | MismatchView;

export const EXPORT_FORMATS = ['svg', 'png', 'json', 'csv'] as const;
export type ExportFormat = typeof EXPORT_FORMATS[number];

export type HostToWebview =
  | { type: 'view'; view: PanelView }
  /**
   * Training progress while the panel shows another view (a translation made during a run): the
   * panel's Training tab takes it without leaving the view on screen.
   */
  | { type: 'training'; view: TrainingView }
  /** The editor selection covers this source token of entry 0 (null: none). */
  | { type: 'highlightSource'; index: number | null }
  | { type: 'status'; level: 'info' | 'error'; message: string }
  /**
   * Asks the webview to render the current view in this format and answer with `exportData` or
   * `exportFailed` carrying the same `requestId` (the host matches the answer by it).
   */
  | { type: 'export'; requestId: number; format: ExportFormat }
  /** The user's choice (setting `subwords.view`): subword models shown as their pieces or as whole words. */
  | { type: 'preferences'; subwordView: SubwordView }
  /** The answer to the webview's `trace` request (same `requestId`). */
  | { type: 'trace'; requestId: number; traced: TracedDecode }
  | { type: 'traceFailed'; requestId: number; message: string }

  /**
   * The panel's strings in VS Code's display language (`language`, e.g. 'ko'): string id -> text, from
   * the webview's English tables translated by the host's l10n bundle. Sent on every `ready`, first.
   */
  | { type: 'strings'; language: string; strings: Record<string, string> }
  /**
   * A request for a new view failed (`input`: what was asked, when known): the panel shows `message` with
   * buttons for `actions` and marks the view it still shows as a result of an earlier request.
   */
  | { type: 'failure'; message: string; input?: string; actions: PanelAction[] };

/** What the panel can offer after a failed request (each runs a host command). */
export const PANEL_ACTIONS = ['selectModel', 'openSettings', 'trainModel'] as const;
export type PanelAction = typeof PANEL_ACTIONS[number];

export type WebviewToHost =
  | { type: 'ready' }
  /**
   * A heatmap cell got focus: highlight source token `col` of entry `entry` in the editor. With
   * `subwordView: 'words'` the grid shows merged words and `row`/`col` count words, not pieces.
   */
  | { type: 'focusCell'; entry: number; row: number; col: number; subwordView?: SubwordView }
  | { type: 'exportData'; requestId: number; format: ExportFormat; data: string; encoding: 'utf8' | 'base64' }
  /** The answer to `export` when the webview could not produce it (the host stops waiting at once). */
  | { type: 'exportFailed'; requestId: number; format: ExportFormat; message: string }
  | { type: 'command'; command: 'selectModel' | 'export' | 'cancelTraining' | 'openSettings' | 'trainModel' }
  /** The user flipped the Pieces / Words toggle: the host keeps the choice in the settings. */
  | { type: 'setSubwordView'; view: SubwordView }
  /** Make this model (one the view offers) active and translate the view's input again. */
  | { type: 'useModel'; modelId: string }
  /** Open this model's card as a read-only document. */
  | { type: 'openModelCard'; modelId: string }
  /** The step inspector asks for the traced decode of entry `entry` of the current view (optionally forced). */
  | ({ type: 'trace' } & TraceRequest);

/** Longest model id accepted from the panel (ids are at most 100 characters, see the CLI's --id). */
const MAX_MODEL_ID = 200;
const isModelId = (v: unknown): v is string => isString(v) && v.length > 0 && v.length <= MAX_MODEL_ID;

export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'ready': return true;
    case 'focusCell': return isNonNegativeInt(m.entry) && isNonNegativeInt(m.row) && isNonNegativeInt(m.col)
      && (m.subwordView === undefined || isOneOf(m.subwordView, SUBWORD_VIEWS));
    case 'exportData':
      return isNonNegativeInt(m.requestId) && isOneOf(m.format, EXPORT_FORMATS) && isString(m.data) &&
        isOneOf(m.encoding, ['utf8', 'base64'] as const);
    case 'exportFailed': return isNonNegativeInt(m.requestId) && isOneOf(m.format, EXPORT_FORMATS) && isString(m.message);
    case 'command': return isOneOf(m.command, ['selectModel', 'export', 'cancelTraining', 'openSettings', 'trainModel'] as const);
    case 'setSubwordView': return isOneOf(m.view, SUBWORD_VIEWS);
    case 'useModel': case 'openModelCard': return isModelId(m.modelId);
    case 'trace': return isTraceRequest(m);
    default: return false;
  }
}

function isPanelView(v: unknown): v is PanelView {
  if (!isRecord(v)) return false;
  switch (v.kind) {
    case 'translation': return isString(v.input) && isRecord(v.entry);
    case 'comparison': return isString(v.input) && Array.isArray(v.entries) && isArrayOf(v.disagreements, isNonNegativeInt);
    case 'training': return Array.isArray(v.runs);
    case 'mismatch': return isString(v.input) && isString(v.modelId) && isString(v.modelLabel) && isString(v.message) && isRecord(v.fit);
    default: return false;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every(isString);
}

export function isHostToWebview(m: unknown): m is HostToWebview {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'view': return isPanelView(m.view);
    case 'training': return isPanelView(m.view) && m.view.kind === 'training';
    case 'highlightSource': return m.index === null || isNonNegativeInt(m.index);
    case 'status': return isOneOf(m.level, ['info', 'error'] as const) && isString(m.message);
    case 'export': return isNonNegativeInt(m.requestId) && isOneOf(m.format, EXPORT_FORMATS);
    case 'preferences': return isOneOf(m.subwordView, SUBWORD_VIEWS);
    case 'trace': return isNonNegativeInt(m.requestId) && isTracedDecode(m.traced);
    case 'traceFailed': return isNonNegativeInt(m.requestId) && isString(m.message);
    case 'strings': return isString(m.language) && isStringRecord(m.strings);
    case 'failure': return isString(m.message) && (m.input === undefined || isString(m.input)) && isArrayOf(m.actions, (a): a is PanelAction => isOneOf(a, PANEL_ACTIONS));
    default: return false;
  }
}
