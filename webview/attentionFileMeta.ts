/**
 * The header of an entry read from another toolkit's attention file: the toolkit, the file and line,
 * what kind of alignment, which layers and heads, and the file's problems for it (as text, never markup).
 */
import type { TranslationEntry } from '../src/shared/protocol/webview';
import { h } from './dom';
import { attentionFormatText } from './labels';
import { t } from './l10n/strings';

/** The meta line: "fairseq generate/interactive output · gen.out, line 13 · soft attention · mean of 6 layers x 8 heads". */
export function attentionFileMetaText(entry: TranslationEntry): string {
  const f = entry.attentionFile;
  if (!f) return t('fileMeta.unknown');
  return [attentionFormatText(f.format, f.formatLabel), t('fileMeta.line', f.fileName, f.line), t(f.alignment === 'hard' ? 'fileMeta.hard' : 'fileMeta.soft'), f.heads]
    .filter(p => p !== '').join(' \u00b7 ');
}

export function attentionFileHeader(entry: TranslationEntry, level: 'h2' | 'h3', headingId: string): HTMLElement {
  const problems = entry.attentionFile?.problems ?? [];
  return h('header', { class: 'entry-head' },
    h(level, { attrs: { id: headingId } }, entry.modelLabel),
    h('p', { class: 'meta' }, attentionFileMetaText(entry)),
    ...(problems.length
      ? [h('ul', { class: 'file-problems', attrs: { 'aria-label': t('fileMeta.problems') } }, ...problems.map(p => h('li', {}, p)))]
      : []));
}
