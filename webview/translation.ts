/** The translation view: the input, a fit notice when it does not fit the model, then one full-size card for the model's answer. */
import type { TranslationView } from '../src/shared/protocol/webview';
import { h } from './dom';
import { renderEntry } from './entryView';
import { fitNotice } from './quality';
import type { RenderedView } from './renderedView';
import { t } from './l10n/strings';

export function renderTranslation(view: TranslationView, onFocusCell: (entry: number, row: number, col: number) => void): RenderedView {
  const card = renderEntry(view.entry, { index: 0, compact: false, headingLevel: 'h3', onFocusCell });
  const r = view.entry.result;
  const fit = fitNotice(view.fit);
  const element = h('section', { class: 'translation', attrs: { 'aria-labelledby': 'view-title' } },
    h('h2', { attrs: { id: 'view-title' } }, t('translation.heading')),
    h('p', { class: 'input-line' }, h('span', { class: 'label' }, t('label.input')), h('span', { class: 'input-text' }, view.input)),
    fit?.element ?? null,
    card.element);
  const grid = r.attention !== null ? t('summary.grid', r.output.length, r.source.length) : t('summary.noGrid');
  const notes = [fit?.text, ...card.noticeText()].filter((t): t is string => Boolean(t));
  return {
    element,
    highlightSource: card.highlightSource,
    summary: `${view.entry.modelLabel}: ${r.text} (${grid}).${notes.length ? ` ${notes.join(' ')}` : ''}`,
    exportable: () => ({ ...view, entry: card.shownEntry() }),
  };
}
