/**
 * The panel's quality notices as DOM: the model's caveat, the low-confidence notice, the fit notice with
 * the models that fit as buttons, and the "Model card" section. Notices are marked by an icon and words,
 * never by colour alone, and are part of the view's announced summary.
 */
import type { ModelCardView } from '../src/shared/quality/card';
import type { ConfidenceAssessment } from '../src/shared/quality/confidence';
import type { FitReport } from '../src/shared/quality/fit';
import { h } from './dom';
import { openModelCard, useModel } from './modelActions';
import { candidateHeldOutText, caveatText, fitNoticeText, fitShortText, heldOutScoresText, heldOutText, lowConfidenceText, uncalibratedText } from './qualityText';
import { t } from './l10n/strings';

/** A notice: an icon (hidden from screen readers: the text says it) and its text. */
function notice(kind: 'low-confidence' | 'caveat' | 'fit' | 'uncalibrated', icon: string, text: string, ...extra: (Node | null)[]): HTMLElement {
  return h('div', { class: `notice ${kind}`, attrs: { role: 'note' }, data: { notice: kind } },
    h('span', { class: 'notice-icon', attrs: { 'aria-hidden': 'true' } }, icon),
    h('div', { class: 'notice-body' }, h('p', { class: 'notice-text' }, text), ...extra));
}

/**
 * The notices of one shown output (caveat first: it holds for every output of the model), and the short
 * words the status line announces for them (the notices themselves say the rest, as notes in the view).
 */
export function confidenceNotices(card: ModelCardView | null | undefined, a: ConfidenceAssessment, compact: boolean): { elements: HTMLElement[]; text: string[] } {
  const elements: HTMLElement[] = [];
  const text: string[] = [];
  if (card?.caveat) {
    elements.push(notice('caveat', '\u26a0', caveatText(card.caveat)));
    text.push(t('caveat.short'));
  }
  const low = lowConfidenceText(a, card);
  if (low) {
    elements.push(notice('low-confidence', '\u26a0', low));
    text.push(t('lowConfidence.short'));
  }
  const uncalibrated = compact ? null : uncalibratedText(card);
  if (uncalibrated) elements.push(h('p', { class: 'note uncalibrated', data: { notice: 'uncalibrated' } }, uncalibrated));
  return { elements, text };
}

/** The fit notice with one button per model that fits (and its short announcement), or null when the input fits. */
export function fitNotice(fit: FitReport | null | undefined): { element: HTMLElement; text: string } | null {
  const text = fitNoticeText(fit);
  if (!text || !fit?.active) return null;
  const n = fit.candidates.length;
  return { element: notice('fit', '\u26a0', text, n ? candidateButtons(fit) : null), text: fitShortText(fit) };
}

/** "Use <model>" buttons (they switch the active model and translate again) and card links. */
export function candidateButtons(fit: FitReport): HTMLElement {
  const list = h('ul', { class: 'candidates', attrs: { 'aria-label': t('fit.list') } });
  for (const c of fit.candidates) {
    const heldOut = candidateHeldOutText(c);
    list.appendChild(h('li', { data: { model: c.modelId } },
      h('button', {
        class: 'use-model',
        attrs: { type: 'button', title: t('fit.use.title', c.modelId) },
        data: { focusKey: `use-model:${c.modelId}`, model: c.modelId },
        on: { click: () => useModel(c.modelId) },
      }, t('fit.use', c.label)),
      heldOut ? h('span', { class: 'note' }, ` ${heldOut}`) : null,
      ' ',
      h('button', {
        class: 'secondary link-button',
        attrs: { type: 'button', 'aria-label': t('card.open.label', c.label) },
        data: { focusKey: `card:${c.modelId}` },
        on: { click: () => openModelCard(c.modelId) },
      }, t('card.button'))));
  }
  return list;
}

/** The "Model card" section: what the model learned from, its held-out scores and limits. */
export function modelCardSection(modelId: string, card: ModelCardView | null | undefined, beamWidth?: number): HTMLElement {
  const body: Node[] = [];
  if (!card) {
    body.push(h('p', {}, t('card.none')));
  } else {
    body.push(h('p', {}, card.summary));
    const facts = h('dl', { class: 'stats card-facts' },
      h('dt', {}, t('card.trainingData')), h('dd', {}, t('card.trainingPairs', card.training.data, card.training.pairs.toLocaleString('en-US'))),
      h('dt', {}, t('card.licence')), h('dd', {}, card.training.license));
    body.push(facts);
    if (card.heldOut.length) {
      // A list, not a table: the split descriptions are sentences, and the panel is often narrow.
      body.push(h('p', { class: 'label' }, t('card.heldOutHeading')));
      body.push(h('ul', { class: 'held-out' }, ...card.heldOut.map((s) => h('li', {},
        h('strong', {}, s.data), `: ${heldOutScoresText(s)} `,
        h('span', { class: 'note' }, t('card.heldOutSplit', s.split))))));
    }
    if (card.limits.length) {
      body.push(h('p', { class: 'label' }, t('card.limits')));
      body.push(h('ul', { class: 'limits' }, ...card.limits.map((l) => h('li', {}, l))));
    }
  }
  body.push(h('p', {}, h('button', {
    class: 'secondary', attrs: { type: 'button' }, data: { focusKey: `open-card:${modelId}` }, on: { click: () => openModelCard(modelId) },
  }, t('card.openFull'))));
  return h('details', { class: 'model-card', data: { focusKey: `model-card:${modelId}` } },
    h('summary', {}, `${t('card.button')} \u00b7 ${heldOutText(card, beamWidth)}`), ...body);
}
