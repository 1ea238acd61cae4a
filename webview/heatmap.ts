/**
 * The attention heatmap: a real `<table role="grid">` (testing contract: column headers = source tokens,
 * row headers = output tokens, every `role="gridcell"` has an aria-label with its weight as a decimal
 * number). Colour comes from the `--w` custom property (set through CSSOM, allowed by the CSP), the weight
 * is also written in the cell, and focus roves with the arrow keys.
 */
import type { DecodeResult } from '../src/shared/engine/types';
import type { ConfidenceAssessment } from '../src/shared/quality/confidence';
import { lowTokenNote, outputTokenLabel, outputTokenTitle, sourceTokenLabel, sourceTokenTitle } from './qualityText';
import { h } from './dom';
import { cellLabel, cellStatus, cellText, cellTitle, clampWeight, displayToken, formatProbability, formatWeight, spokenToken } from './format';
import { argmax, moveInGrid, type GridPos } from './gridNav';
import { announce } from './status';
import { glossaryTerm } from './glossary';
import { t } from './l10n/strings';
import { fitHeatmap } from './heatmapFit';

export interface HeatmapOptions {
  /** Index of the entry in the view (sent back in `focusCell`). */
  entry: number;
  result: DecodeResult & { attention: number[][] };
  /** Accessible name of the grid, e.g. the model's label. */
  label: string;
  /** Smaller cells; weights shown on focus/hover only (comparison cards). */
  compact?: boolean;
  /** Output positions where the compared outputs disagree (comparison). */
  disagreements?: ReadonlySet<number>;
  /** A cell got focus (keyboard or click). */
  onFocusCell?: (row: number, col: number) => void;
  /** The user asked for the alternatives of an output step (row header button or Enter on a cell). */
  onShowAlternatives?: (row: number) => void;
  /** Output positions below the token threshold (marked in their row header), and the verdict they come from. */
  lowTokens?: ReadonlySet<number>;
  assessment?: ConfidenceAssessment;
}

export interface Heatmap {
  element: HTMLElement;
  table: HTMLTableElement;
  /** Marks source column `index` (null clears), e.g. for the editor selection. */
  highlightSource(index: number | null): void;
  /** Moves the roving focus (and DOM focus when `focus` is true). */
  setActive(pos: GridPos, focus: boolean): void;
}

export function renderHeatmap(opts: HeatmapOptions): Heatmap {
  const { result } = opts;
  const rows = result.output.length;
  const cols = result.source.length;
  const colHeaders: HTMLTableCellElement[] = [];
  const rowHeaders: HTMLTableCellElement[] = [];
  const rowButtons: HTMLButtonElement[] = [];
  const cells: HTMLTableCellElement[][] = [];
  const columnCells: HTMLTableCellElement[][] = Array.from({ length: cols }, () => []);

  const headRow = h('tr', {}, h('td', { class: 'corner', attrs: { 'aria-hidden': 'true' } }, t('heatmap.corner')));
  result.source.forEach((tok, j) => {
    // Read as <unk>: a badge and a dashed frame (shape, not colour) and the words in its label.
    const unknown = result.sourceUnknown?.[j] === true;
    const th = h('th', {
      class: unknown ? 'src-tok unknown' : 'src-tok',
      attrs: {
        scope: 'col',
        'aria-label': sourceTokenLabel(j, spokenToken(tok.text), unknown),
        title: sourceTokenTitle(j, tok.text, tok.start, tok.end, unknown),
      },
      data: { token: tok.text, col: j, unknown: unknown ? 'true' : 'false' },
    }, displayToken(tok.text), unknown ? h('span', { class: 'unk-badge', attrs: { 'aria-hidden': 'true' } }, 'unk') : null);
    colHeaders.push(th);
    headRow.appendChild(th);
  });

  const body = h('tbody');
  result.output.forEach((out, i) => {
    const p = result.probabilities[i] ?? NaN;
    const disagree = opts.disagreements?.has(i) ?? false;
    const low = opts.lowTokens?.has(i) ?? false;
    const lowNote = low && opts.assessment ? lowTokenNote(opts.assessment) : '';
    const btn = h('button', {
      class: 'out-tok',
      attrs: {
        type: 'button',
        tabindex: -1,
        'aria-label': outputTokenLabel(i, spokenToken(out), formatProbability(p), lowNote, disagree),
        title: outputTokenTitle(i, out, formatProbability(p), low),
      },
      on: { click: () => opts.onShowAlternatives?.(i), focus: () => setActive({ row: i, col: -1 }, false) },
    }, h('span', { class: 'tok' }, displayToken(out)), h('span', { class: 'prob', attrs: { 'aria-hidden': 'true' } }, formatProbability(p)));
    if (low) btn.appendChild(h('span', { class: 'low-mark', attrs: { 'aria-hidden': 'true' } }, '?'));
    if (disagree) btn.appendChild(h('span', { class: 'disagree-mark', attrs: { 'aria-hidden': 'true' } }, '\u2260'));
    rowButtons.push(btn);
    const headClass = ['out-head', disagree ? 'disagree' : '', low ? 'low' : ''].filter(Boolean).join(' ');
    const th = h('th', { class: headClass, attrs: { scope: 'row' }, data: { token: out, row: i, low: low ? 'true' : 'false' } }, btn);
    rowHeaders.push(th);
    const tr = h('tr', {}, th);
    const rowCells: HTMLTableCellElement[] = [];
    const weights = result.attention[i];
    result.source.forEach((src, j) => {
      const w = clampWeight(weights[j]);
      const td = h('td', {
        class: w >= 0.5 ? 'cell strong' : 'cell',
        attrs: { role: 'gridcell', tabindex: -1, 'aria-label': cellLabel(out, src.text, w), title: cellTitle(out, src.text, w) },
        data: { row: i, col: j, weight: formatWeight(w) },
      }, h('span', { class: 'w', attrs: { 'aria-hidden': 'true' } }, cellText(w)));
      td.style.setProperty('--w', w.toFixed(4));
      rowCells.push(td);
      columnCells[j].push(td);
      tr.appendChild(td);
    });
    cells.push(rowCells);
    body.appendChild(tr);
  });

  const table = h('table', {
    class: opts.compact ? 'heatmap compact' : 'heatmap',
    attrs: {
      role: 'grid',
      'aria-label': t('grid.label', opts.label),
    },
    data: { entry: opts.entry },
  }, h('thead', {}, headRow), body);

  // Roving tabindex: exactly one focusable element in the grid; start on the first row's strongest cell.
  let active: GridPos = { row: 0, col: rows > 0 ? Math.max(0, argmax(result.attention[0])) : 0 };
  let hover: GridPos | null = null;

  function elementAt(pos: GridPos): HTMLElement | undefined {
    return pos.col < 0 ? rowButtons[pos.row] : cells[pos.row]?.[pos.col];
  }

  let hasFocus = false;
  function paintCross(): void {
    // The active cell only marks its headers while the grid has focus (idle grids stay quiet).
    const marks = [hasFocus ? active : null, hover].filter((p): p is GridPos => p !== null);
    rowHeaders.forEach((th, i) => th.classList.toggle('hl', marks.some((m) => m.row === i)));
    colHeaders.forEach((th, j) => th.classList.toggle('hl', marks.some((m) => m.col === j)));
  }

  function setActive(pos: GridPos, focus: boolean): void {
    const prev = elementAt(active);
    const next = elementAt(pos);
    if (!next) return;
    if (prev && prev !== next) prev.tabIndex = -1;
    next.tabIndex = 0;
    active = pos;
    paintCross();
    if (focus) next.focus();
  }

  function onCellFocus(i: number, j: number): void {
    setActive({ row: i, col: j }, false);
    const src = result.source[j].text;
    announce(cellStatus(result.output[i], result.probabilities[i] ?? NaN, src, result.attention[i][j]));
    opts.onFocusCell?.(i, j);
  }

  cells.forEach((rowCells, i) => rowCells.forEach((td, j) => {
    td.addEventListener('focus', () => onCellFocus(i, j));
    td.addEventListener('click', () => td.focus());
    td.addEventListener('mouseenter', () => { hover = { row: i, col: j }; paintCross(); });
    td.addEventListener('mouseleave', () => { hover = null; paintCross(); });
  }));

  table.addEventListener('focusin', () => { hasFocus = true; paintCross(); });
  table.addEventListener('focusout', (ev) => {
    if (ev.relatedTarget instanceof Node && table.contains(ev.relatedTarget)) return;
    hasFocus = false;
    paintCross();
  });

  table.addEventListener('keydown', (ev) => {
    if ((ev.key === 'Enter' || ev.key === ' ') && active.col >= 0 && ev.target === elementAt(active)) {
      ev.preventDefault();
      opts.onShowAlternatives?.(active.row);
      return;
    }
    const next = moveInGrid(active, ev.key, rows, cols, ev.ctrlKey || ev.metaKey);
    if (!next) return;
    ev.preventDefault();
    setActive(next, true);
  });

  if (rows > 0 && cols > 0) setActive(active, false);

  let sourceMark: number | null = null;
  function highlightSource(index: number | null): void {
    if (sourceMark !== null) {
      colHeaders[sourceMark]?.classList.remove('src-hl');
      columnCells[sourceMark]?.forEach((td) => td.classList.remove('src-hl'));
    }
    sourceMark = index !== null && index < cols ? index : null;
    if (sourceMark !== null) {
      colHeaders[sourceMark].classList.add('src-hl');
      columnCells[sourceMark].forEach((td) => td.classList.add('src-hl'));
      // Wide (word-level) grids scroll: bring the column into view without moving focus.
      if (colHeaders[sourceMark].isConnected) colHeaders[sourceMark].scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  const { element } = fitHeatmap(table, colHeaders, opts.compact === true);
  return { element, table, highlightSource, setActive };
}

/** The colour legend: a 0..1 ramp in the same colour as the cells, with its scale written out. */
export function renderLegend(): HTMLElement {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  const ramp = h('div', { class: 'legend-ramp', attrs: { 'aria-hidden': 'true' } });
  for (const w of stops) {
    const swatch = h('span', { class: 'legend-swatch' }, w.toFixed(2));
    swatch.style.setProperty('--w', String(w));
    ramp.appendChild(swatch);
  }
  return h('figure', { class: 'legend', attrs: { 'aria-label': t('heatmap.legend.label') } },
    h('figcaption', {}, glossaryTerm('weight', t('heatmap.legend'))), ramp);
}
