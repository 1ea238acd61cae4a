/**
 * The view for an input the active model refused while other installed models fit it: what the model
 * said, and one button per fitting model (switches the active model and translates the input again).
 */
import type { MismatchView } from '../src/shared/protocol/webview';
import { h } from './dom';
import { candidateButtons } from './quality';
import { fitReasonText } from './qualityText';
import type { RenderedView } from './renderedView';
import { t } from './l10n/strings';

export function mismatchSummary(view: MismatchView): string {
  const offer = view.fit.candidates.map((c) => c.label).join(', ');
  return t('mismatch.summary', view.modelLabel, view.message, offer);
}

export function renderMismatch(view: MismatchView): RenderedView {
  const reason = view.fit.active && !view.fit.active.fits ? fitReasonText(view.fit.active) : null;
  const element = h('section', { class: 'mismatch', attrs: { 'aria-labelledby': 'view-title' } },
    h('h2', { attrs: { id: 'view-title' } }, t('mismatch.heading')),
    h('p', { class: 'input-line' }, h('span', { class: 'label' }, t('label.input')), h('span', { class: 'input-text' }, view.input)),
    h('div', { class: 'notice fit', attrs: { role: 'note' }, data: { notice: 'fit' } },
      h('span', { class: 'notice-icon', attrs: { 'aria-hidden': 'true' } }, '\u26a0'),
      h('div', { class: 'notice-body' },
        h('p', { class: 'notice-text' }, t('mismatch.refused', view.modelLabel, view.modelId, view.message)),
        reason ? h('p', { class: 'note' }, t('mismatch.reason', reason)) : null,
        h('p', {}, t(view.fit.candidates.length === 1 ? 'mismatch.fitsOne' : 'mismatch.fitsMany')),
        candidateButtons(view.fit))));
  return { element, summary: mismatchSummary(view), highlightSource: () => undefined };
}
