/**
 * The header of an entry read from another toolkit's attention file: the toolkit, the file and line,
 * what kind of alignment, which layers and heads, and the file's problems for it (as text, never markup).
 */
import type { TranslationEntry } from '../src/shared/protocol/webview';
import { h } from './dom';
import { attentionFormatText } from './labels';

/** The meta line: "fairseq generate/interactive output · gen.out, line 13 · soft attention · mean of 6 layers x 8 heads". */
export function attentionFileMetaText(entry: TranslationEntry): string {
  const f = entry.attentionFile;
  if (!f) return 'attention file';
  return [attentionFormatText(f.format, f.formatLabel), `${f.fileName}, line ${f.line}`, f.alignment === 'hard' ? 'hard alignment (0/1 links)' : 'soft attention', f.heads]
    .filter(p => p !== '').join(' \u00b7 ');
}

export function attentionFileHeader(entry: TranslationEntry, level: 'h2' | 'h3', headingId: string): HTMLElement {
  const problems = entry.attentionFile?.problems ?? [];
  return h('header', { class: 'entry-head' },
    h(level, { attrs: { id: headingId } }, entry.modelLabel),
    h('p', { class: 'meta' }, attentionFileMetaText(entry)),
    ...(problems.length
      ? [h('ul', { class: 'file-problems', attrs: { 'aria-label': 'Problems in the file' } }, ...problems.map(p => h('li', {}, p)))]
      : []));
}
