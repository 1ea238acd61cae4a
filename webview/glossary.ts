/**
 * Glossary terms: a word of the panel that explains itself on hover and on keyboard focus. The
 * explanation is a real element (role=tooltip, linked by aria-describedby), so screen readers read it
 * with the term; CSS shows it on :hover and :focus-within.
 */
import { h, uid } from './dom';
import type { InspectorStringId } from './l10n/inspectorStrings';
import { t } from './l10n/strings';

export const GLOSSARY_TERMS = [
  'weight', 'score', 'softmax', 'context', 'query', 'key', 'entropy', 'coverage', 'teacherForcing', 'unk', 'eos', 'space', 'probability', 'reversed',
] as const;
export type GlossaryTerm = typeof GLOSSARY_TERMS[number];

/** The explanation of a term (plain text). */
export function explain(term: GlossaryTerm): string {
  return t(`term.${term}.text` as InspectorStringId);
}

/** A term as shown: `text` (default: the term's name), focusable, with its explanation on hover / focus. */
export function glossaryTerm(term: GlossaryTerm, text?: string): HTMLElement {
  const tipId = uid('term');
  return h('span', { class: 'term', attrs: { tabindex: 0, 'aria-describedby': tipId }, data: { term } },
    text ?? t(`term.${term}` as InspectorStringId),
    h('span', { class: 'term-tip', attrs: { role: 'tooltip', id: tipId } }, explain(term)));
}

/** The whole glossary as a definition list (the inspector's "Terms" section). */
export function renderGlossary(): HTMLElement {
  const dl = h('dl', { class: 'glossary' });
  for (const term of GLOSSARY_TERMS) {
    dl.appendChild(h('dt', {}, t(`term.${term}` as InspectorStringId)));
    dl.appendChild(h('dd', {}, explain(term)));
  }
  return dl;
}
