/**
 * The comparison view: one compact card per model (or system read from an attention file), side by side
 * (wrapping on narrow panels), the positions where their outputs disagree marked in every card, plus a
 * summary line. The heading counts models and mechanisms apart (comparisonHeading.ts).
 */
import type { ComparisonView } from '../src/shared/protocol/webview';
import { h } from './dom';
import { comparedNoun, comparisonHeading } from './comparisonHeading';
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
  const kinds = view.entries.map((e) => e.mechanism);
  const heading = comparisonHeading(kinds);
  const summary = disagreementSummary(view.entries.map((e) => ({ label: e.modelLabel, output: e.result.output })), view.disagreements, undefined, comparedNoun(kinds));
  const fit = fitNotice(view.fit);
  const low = view.entries.filter((_, i) => cards[i].lowConfidence()).map((e) => e.modelLabel);
  const lowText = low.length ? ` ${t('summary.lowConfidence', low.join(', '))}` : '';
  const element = h('section', { class: 'comparison', attrs: { 'aria-labelledby': 'view-title' } },
    h('h2', { attrs: { id: 'view-title' } }, heading),
    h('p', { class: 'input-line' }, h('span', { class: 'label' }, t('label.input')), h('span', { class: 'input-text' }, view.input)),
    fit?.element ?? null,
    h('p', { class: view.disagreements.length ? 'summary disagree-summary' : 'summary', data: { disagreements: view.disagreements.join(',') } }, summary),
    renderLegend(),
    h('div', { class: 'cards' }, ...cards.map((c) => c.element)));
  return {
    element,
    summary: `${heading}. ${summary}${fit ? ` ${fit.text}` : ''}${lowText}`,
    highlightSource(index) { cards.forEach((c) => c.highlightSource(index)); },
    exportable: () => ({ ...view, entries: cards.map((c) => c.shownEntry()) }),
  };
}
