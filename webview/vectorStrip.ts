/**
 * A vector drawn as a strip of small cells (colour = sign, strength = |x| / max |x| of the vector),
 * with its norm beside it. The strip is an image with a text alternative: its name, size, norm and
 * values; `vectorDetails` adds every value as text.
 */
import { h } from './dom';
import { formatNumber } from './format';
import { t } from './l10n/strings';

/** Values written into the text alternative; the rest is counted. */
const SPOKEN_VALUES = 12;

export function norm(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

export function vectorText(name: string, v: readonly number[]): string {
  const shown = v.slice(0, SPOKEN_VALUES).map((x) => formatNumber(x, 3)).join(', ');
  const more = v.length > SPOKEN_VALUES ? ` ${t('inspector.vector.more', v.length - SPOKEN_VALUES)}` : '';
  return t('inspector.vector.label', name, v.length, formatNumber(norm(v), 3), shown + more);
}

export function vectorStrip(name: string, v: readonly number[], scale?: number): HTMLElement {
  const max = scale ?? Math.max(1e-9, ...v.map((x) => Math.abs(x)));
  // data-values: the exact numbers, for copying and for the UI tests that check the arithmetic.
  const strip = h('span', { class: 'vec', attrs: { role: 'img', 'aria-label': vectorText(name, v), title: vectorText(name, v) }, data: { values: v.join(' '), name } });
  for (const x of v) {
    const cell = h('span', { class: x < 0 ? 'vc neg' : 'vc' });
    cell.style.setProperty('--v', Math.min(1, Math.abs(x) / max).toFixed(3));
    strip.appendChild(cell);
  }
  return strip;
}

/** The strip, its norm, and every value folded away as text. */
export function vectorBlock(name: string, v: readonly number[]): HTMLElement {
  return h('div', { class: 'vec-block' },
    h('div', { class: 'vec-line' }, h('span', { class: 'vec-name' }, name), vectorStrip(name, v),
      h('span', { class: 'vec-norm', attrs: { 'aria-hidden': 'true' } }, `\u2016\u00b7\u2016 = ${formatNumber(norm(v), 3)}`)),
    h('details', { class: 'vec-values' }, h('summary', {}, t('inspector.vector.all', name)),
      h('p', { class: 'vec-numbers' }, v.map((x) => formatNumber(x, 4)).join(' '))));
}
