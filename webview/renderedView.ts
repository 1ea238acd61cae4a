/** What every view renderer hands back to main.ts. */
import type { PanelView } from '../src/shared/protocol/webview';

export interface RenderedView {
  element: HTMLElement;
  /** The host's `highlightSource`: mark this source column (null clears). */
  highlightSource(index: number | null): void;
  /** Announced on the status line when the view first appears (not on live refreshes with the same text). */
  summary: string;
  /** A short line shown instead of `summary` (which is still what screen readers hear); updated on every refresh. */
  statusLine?: string;
  /** The view as currently shown, for exports (e.g. with the beam hypothesis the user picked). */
  exportable?(): PanelView;
}
