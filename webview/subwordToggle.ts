/**
 * The Pieces / Words toggle of the toolbar: two buttons in a labelled group, the current choice marked
 * with `aria-pressed` (read out as "pressed"), reachable with Tab and switched with Enter or Space like
 * any button. Shown only while the view has a subword model.
 */
import type { SubwordView } from '../src/shared/text/wordMerge';
import { h } from './dom';
import { t } from './l10n/strings';

export interface SubwordToggle {
  element: HTMLElement;
  /** Marks `unit` as the current choice (no callback). */
  set(unit: SubwordView): void;
  /** Shows the toggle (the view has subword pieces) or hides it. */
  setAvailable(available: boolean): void;
}

export function renderSubwordToggle(onChange: (unit: SubwordView) => void): SubwordToggle {
  const CHOICES: { unit: SubwordView; label: string; title: string }[] = [
    { unit: 'pieces', label: t('subwords.pieces'), title: t('subwords.pieces.title') },
    { unit: 'words', label: t('subwords.words'), title: t('subwords.words.title') },
  ];
  let current: SubwordView = 'pieces';
  const buttons = CHOICES.map(({ unit, label, title }) => h('button', {
    class: 'secondary segment',
    attrs: { type: 'button', title, 'aria-pressed': 'false' },
    data: { focusKey: `subwords-${unit}`, subwordView: unit },
    on: { click: () => { if (current !== unit) onChange(unit); } },
  }, label));
  const element = h('div', {
    class: 'segmented subword-toggle',
    attrs: { role: 'group', 'aria-label': t('subwords.group'), hidden: true },
  }, ...buttons);

  function set(unit: SubwordView): void {
    current = unit;
    buttons.forEach((b, k) => b.setAttribute('aria-pressed', String(CHOICES[k].unit === unit)));
  }
  set(current);
  return {
    element,
    set,
    setAvailable(available) { element.hidden = !available; },
  };
}
