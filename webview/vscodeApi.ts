/**
 * The webview side of the host bridge: typed postMessage, and the persisted state (the last view) that
 * lets the panel redraw at once after a reload, before the host answers `ready`.
 */
import type { PanelView, TrainingView, WebviewToHost } from '../src/shared/protocol/webview';
import type { SubwordView } from '../src/shared/text/wordMerge';

export interface PanelState {
  view?: PanelView;
  /** Pieces or words, until the host's `preferences` confirm it. */
  subwordView?: SubwordView;
  /** The host's last `strings` bundle and its language, so a reload draws in that language at once. */
  strings?: Record<string, string>;
  language?: string;
  /** The training view while another view is on screen (the panel's Training tab). */
  training?: TrainingView;
  /** The tab shown: the result or the training view. */
  tab?: 'result' | 'training';
  /** The training view's reference runs expanded or collapsed (absent: never toggled). */
  referenceOpen?: boolean;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page load: keep the handle here. */
let api: VsCodeApi | undefined;

function vscode(): VsCodeApi {
  if (!api) {
    api = typeof acquireVsCodeApi === 'function'
      ? acquireVsCodeApi()
      // Outside VS Code (a preview page without the fake): log instead of failing.
      : { postMessage: (m) => console.log('[webview -> host]', m), getState: () => undefined, setState: () => undefined };
  }
  return api;
}

export function post(message: WebviewToHost): void {
  vscode().postMessage(message);
}

export function loadState(): unknown {
  return vscode().getState();
}

export function saveState(state: PanelState): void {
  vscode().setState(state);
}
