/**
 * The webview's string lookup: `t(id, ...args)` gives the host's translation of `id` (sent in the
 * `strings` message, in VS Code's display language) or the English default. `{n}` is replaced by the
 * n-th argument, as text (the caller renders it as text, never HTML).
 */
import { ENGLISH_STRINGS, type StringId } from './tables';

let current: Record<string, string> = {};
let language = 'en';

/** Adopts the host's bundle; only known ids whose placeholders match the English text are kept. */
export function setStrings(lang: string, strings: Record<string, string>): void {
  const kept: Record<string, string> = {};
  for (const [id, text] of Object.entries(strings)) {
    const english = (ENGLISH_STRINGS as Record<string, string>)[id];
    if (english !== undefined && samePlaceholders(english, text)) kept[id] = text;
  }
  current = kept;
  language = lang;
}

/** The display language the strings are in ('en' until the host says otherwise). */
export function stringsLanguage(): string {
  return language;
}

/** The bundle in use (saved in the webview state, so a reload draws in the same language at once). */
export function currentStrings(): Record<string, string> {
  return { ...current };
}

export function t(id: StringId, ...args: Array<string | number>): string {
  const template = current[id] ?? ENGLISH_STRINGS[id];
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const value = args[Number(n)];
    return value === undefined ? whole : String(value);
  });
}

/** The sorted placeholders of a template, numbered or named ("{1} {0}" -> "0,1", "{file}: {reason}" -> "file,reason"). */
export function placeholders(template: string): string {
  return [...new Set([...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map(m => m[1]))].sort().join(',');
}

function samePlaceholders(english: string, translated: string): boolean {
  return placeholders(english) === placeholders(translated);
}
