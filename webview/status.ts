/**
 * The panel's aria-live status line: what the focused cell says, host info and errors. A view with a
 * lot to say (the training view: every run's figures) gives a short line to show and the full text to
 * speak: the sticky line stays one line high instead of covering the panel.
 */
import { h, replaceChildren } from './dom';

let line: HTMLElement | undefined;
let shortPart: HTMLElement | undefined;

export function statusElement(): HTMLElement {
  if (!line) line = h('p', { class: 'status', attrs: { id: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  return line;
}

/** Says `message`; with `short`, shows only that (full text as tooltip) and speaks only `message`. */
export function announce(message: string, level: 'info' | 'error' = 'info', short?: string): void {
  const el = statusElement();
  el.classList.toggle('error', level === 'error');
  el.classList.toggle('compact', short !== undefined);
  if (short === undefined) {
    shortPart = undefined;
    el.removeAttribute('title');
    el.textContent = message;
    return;
  }
  shortPart = h('span', { class: 'status-short', attrs: { 'aria-hidden': 'true' } }, short);
  replaceChildren(el, shortPart, h('span', { class: 'visually-hidden' }, message));
  el.setAttribute('title', message);
}

/**
 * Updates the shown short line without a new announcement (per-batch progress would otherwise be read
 * out several times a second); false when the status line shows something else now.
 */
export function updateShortStatus(short: string): boolean {
  if (!shortPart || !line?.contains(shortPart)) return false;
  shortPart.textContent = short;
  return true;
}
