/**
 * Fits a heatmap to the panel's width: when the grid is wider than its box it steps down to smaller
 * cells (the weights then show on hover and focus, as in compact cards), and when even the smallest cells
 * do not fit it says so under the grid ("columns 1-12 of 40 shown: scroll right") and keeps that line
 * current while the grid scrolls. Re-evaluated whenever the panel is resized.
 */
import { h } from './dom';
import { t } from './l10n/strings';

/** The size classes tried in order, from the table's own size to the smallest. */
const LEVELS = ['', 'fit-small', 'fit-tiny'] as const;

export interface HeatmapFit {
  /** The scroll box with the table, then the cue line (hidden while everything is visible). */
  element: HTMLElement;
  /** Fits again now (the observer does it on resize). */
  refit(): void;
}

export function fitHeatmap(table: HTMLTableElement, colHeaders: readonly HTMLElement[], startCompact: boolean): HeatmapFit {
  const scroller = h('div', { class: 'heatmap-scroll' }, table);
  const cue = h('p', { class: 'scroll-cue', attrs: { hidden: true } });
  const element = h('div', { class: 'heatmap-fit' }, scroller, cue);
  const levels = startCompact ? LEVELS.slice(1) : LEVELS;

  const overflows = (): boolean => scroller.scrollWidth > scroller.clientWidth + 1;

  function updateCue(): void {
    if (!overflows()) {
      cue.hidden = true;
      scroller.classList.remove('more-right', 'more-left');
      return;
    }
    const box = scroller.getBoundingClientRect();
    // Columns hidden under the sticky row headers count as hidden.
    const rowHead = table.querySelector('tbody th');
    const left = Math.max(box.left, rowHead ? rowHead.getBoundingClientRect().right : box.left);
    const visible = colHeaders.map((th) => {
      const r = th.getBoundingClientRect();
      return r.left >= left - 1 && r.right <= box.right + 1;
    });
    const first = visible.indexOf(true);
    const last = visible.lastIndexOf(true);
    cue.hidden = false;
    cue.textContent = first < 0 ? t('heatmap.scrollCueNone', colHeaders.length) : t('heatmap.scrollCue', first + 1, last + 1, colHeaders.length);
    scroller.classList.toggle('more-right', last < colHeaders.length - 1);
    scroller.classList.toggle('more-left', first > 0);
  }

  function refit(): void {
    if (!element.isConnected || scroller.clientWidth === 0) return;
    for (const level of LEVELS) if (level) table.classList.remove(level);
    for (const level of levels) {
      if (level) table.classList.add(level);
      if (!overflows()) break;
      if (level) table.classList.remove(level);
    }
    if (overflows() && levels[levels.length - 1]) table.classList.add(levels[levels.length - 1]);
    updateCue();
  }

  scroller.addEventListener('scroll', updateCue, { passive: true });
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => refit()).observe(scroller);
  return { element, refit };
}
