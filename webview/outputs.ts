/**
 * The output tokens as a strip of buttons (probability under each, disagreements marked), and the panel
 * that lists one step's top-k alternatives on demand.
 */
import type { DecodeResult } from '../src/shared/engine/types';
import type { ConfidenceAssessment } from '../src/shared/quality/confidence';
import { lowTokenNote, outputChipTitle, outputTokenLabel } from './qualityText';
import { h, replaceChildren, uid } from './dom';
import { displayToken, formatProbability, spokenToken } from './format';
import { announce } from './status';
import { piecesOfWord } from './wordView';
import { t } from './l10n/strings';

export interface OutputStripOptions {
  disagreements?: ReadonlySet<number>;
  /** Positions below the token threshold: marked by a dotted underline and a "?" badge, and said in the label. */
  lowTokens?: ReadonlySet<number>;
  assessment?: ConfidenceAssessment;
  onShowAlternatives?: (row: number) => void;
}

export function renderOutputStrip(result: DecodeResult, opts: OutputStripOptions): HTMLElement {
  const list = h('ol', { class: 'output-strip', attrs: { 'aria-label': t('outputs.strip') } });
  result.output.forEach((tok, i) => {
    const p = result.probabilities[i] ?? NaN;
    const disagree = opts.disagreements?.has(i) ?? false;
    const low = opts.lowTokens?.has(i) ?? false;
    const lowNote = low && opts.assessment ? lowTokenNote(opts.assessment) : '';
    const classes = [disagree ? 'disagree' : '', low ? 'low' : ''].filter(Boolean).join(' ');
    list.appendChild(h('li', { class: classes || undefined, data: { row: i, low: low ? 'true' : 'false' } },
      h('button', {
        class: 'out-chip',
        attrs: {
          type: 'button',
          'aria-label': outputTokenLabel(i, spokenToken(tok), formatProbability(p), lowNote, disagree),
          title: outputChipTitle(formatProbability(p), low, disagree),
        },
        on: { click: () => opts.onShowAlternatives?.(i) },
      }, h('span', { class: 'tok' }, displayToken(tok)),
      h('span', { class: 'prob', attrs: { 'aria-hidden': 'true' } }, formatProbability(p), low ? h('span', { class: 'low-mark' }, '?') : null))));
  });
  return list;
}

export interface AlternativesPanel {
  element: HTMLElement;
  show(row: number): void;
}

/** The top-k alternatives of one decoding step (`result.topK[row]`), hidden until asked for. */
export function renderAlternatives(result: DecodeResult): AlternativesPanel {
  const headingId = uid('alt');
  const heading = h('h3', { attrs: { id: headingId } });
  const body = h('div');
  let shownRow: number | null = null;
  const element = h('section', { class: 'alternatives', attrs: { 'aria-labelledby': headingId, hidden: true } },
    h('div', { class: 'alt-head' }, heading,
      h('button', { class: 'secondary', attrs: { type: 'button', 'aria-label': t('outputs.close.label') }, on: { click: () => hide() } }, t('outputs.close'))),
    body);

  function hide(): void {
    element.hidden = true;
    shownRow = null;
  }

  function show(row: number): void {
    if (shownRow === row && !element.hidden) { hide(); return; }
    shownRow = row;
    const tok = result.output[row] ?? '';
    heading.textContent = t('alternatives.heading', row + 1, displayToken(tok), formatProbability(result.probabilities[row] ?? NaN));
    const alts = result.topK?.[row] ?? [];
    if (alts.length === 0) {
      replaceChildren(body, h('p', { class: 'note' }, noAlternativesNote(result, row)));
    } else {
      const tbody = h('tbody');
      alts.forEach((a, k) => {
        const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } });
        bar.style.setProperty('--w', String(Math.max(0, Math.min(1, a.probability))));
        tbody.appendChild(h('tr', { class: a.token === tok ? 'chosen' : undefined },
          h('td', {}, String(k + 1)),
          h('th', { class: 'tok', attrs: { 'aria-label': spokenToken(a.token) } }, displayToken(a.token)),
          h('td', { class: 'num' }, formatProbability(a.probability)),
          h('td', { class: 'bar-cell' }, bar)));
      });
      replaceChildren(body, h('table', { class: 'alt-table' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t('outputs.col.token')),
          h('th', {}, t('outputs.col.probability')), h('th', { class: 'bar-cell' }, ''))),
        tbody));
    }
    element.hidden = false;
    announce(t('alternatives.status', row + 1, alts.map((a) => `${spokenToken(a.token)} ${formatProbability(a.probability)}`).join(', ') || t('alternatives.none')));
  }

  return { element, show };
}

/** Why a step lists no alternatives: a merged word has none of its own (the model chose its pieces). */
function noAlternativesNote(result: DecodeResult, row: number): string {
  const pieces = piecesOfWord(result, row);
  if (pieces === null) return t('outputs.noAlternatives');
  return t('outputs.pieceByPiece', pieces.map((p) => `'${displayToken(p)}'`).join(' '));
}
