/** Splitting text into numbered lines: LF, CRLF and a lone CR all end a line; a leading BOM is dropped. */
import type { Line } from './types';

export function splitLines(text: string, firstLine = 1): Line[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split(/\r\n|\n|\r/);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ text: t, no: firstLine + i }));
}

/** Whitespace-separated tokens (runs of spaces and tabs; none for a blank string). */
export function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}
