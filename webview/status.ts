/** The panel's aria-live status line: what the focused cell says, host info and errors. */
import { h } from './dom';

let line: HTMLElement | undefined;

export function statusElement(): HTMLElement {
  if (!line) line = h('p', { class: 'status', attrs: { id: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  return line;
}

export function announce(message: string, level: 'info' | 'error' = 'info'): void {
  const el = statusElement();
  el.textContent = message;
  el.classList.toggle('error', level === 'error');
}
