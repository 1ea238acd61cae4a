/**
 * The comparison view: one compact card per mechanism, side by side (wrapping on narrow panels), the
 * positions where their outputs disagree marked in every card, plus a summary line.
 */
import type { ComparisonView } from '../src/shared/protocol/webview';
import { h } from './dom';
import { disagreementSummary } from './disagreement';
import { renderLegend } from './heatmap';
import { renderEntry, type EntryCard } from './entryView';
import { fitNotice } from './quality';
import type { RenderedView } from './renderedView';
import { t } from './l10n/strings';

export function renderComparison(view: ComparisonView, onFocusCell: (entry: number, row: number, col: number) => void): RenderedView {
  const disagreements = new Set(view.disagreements);
  const cards: EntryCard[] = view.entries.map((entry, index) => renderEntry(entry, {
    index, compact: true, headingLevel: 'h3', disagreements, onFocusCell,
  }));
  const summary = disagreementSummary(view.entries.map((e) => ({ label: e.modelLabel, output: e.result.output })), view.disagreements);
  const fit = fitNotice(view.fit);
  const low = view.entries.filter((_, i) => cards[i].lowConfidence()).map((e) => e.modelLabel);
  const lowText = low.length ? ` Low confidence: ${low.join(', ')}.` : '';
  const element = h('section', { class: 'comparison', attrs: { 'aria-labelledby': 'view-title' } },
    h('h2', { attrs: { id: 'view-title' } }, t(view.entries.length === 1 ? 'comparison.heading.one' : 'comparison.heading.many', view.entries.length)),
    h('p', { class: 'input-line' }, h('span', { class: 'label' }, t('label.input')), h('span', { class: 'input-text' }, view.input)),
    fit?.element ?? null,
    h('p', { class: view.disagreements.length ? 'summary disagree-summary' : 'summary', data: { disagreements: view.disagreements.join(',') } }, summary),
    renderLegend(),
    h('div', { class: 'cards' }, ...cards.map((c) => c.element)));
  return {
    element,
    summary: `${summary}${fit ? ` ${fit.text}` : ''}${lowText}`,
    highlightSource(index) { cards.forEach((c) => c.highlightSource(index)); },
    exportable: () => ({ ...view, entries: cards.map((c) => c.shownEntry()) }),
  };
}
