/** The panel's strings in Korean as the host sends them: each table's English looked up in the l10n bundle. */
import { setStrings } from '../../../webview/l10n/strings';
import { ENGLISH_STRINGS } from '../../../webview/l10n/tables';
import { koreanBundle } from '../koreanBundle';

export { koreanBundle };

/** id -> Korean text, for every webview string (the English where the bundle has none, as the host does). */
export function koreanStrings(): Record<string, string> {
  const ko = koreanBundle();
  return Object.fromEntries(Object.entries(ENGLISH_STRINGS).map(([id, english]) => [id, ko[english] ?? english]));
}

/** Switches the webview's lookup to Korean (switch back with `setStrings('en', {})`). */
export function useKorean(): Record<string, string> {
  const strings = koreanStrings();
  setStrings('ko', strings);
  return strings;
}

/** Latin words of three letters or more in `text`, but for those `allowed` (names, units, data). */
export function englishWords(text: string, allowed: readonly string[] = []): string[] {
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}
