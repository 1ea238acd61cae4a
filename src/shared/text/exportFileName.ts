/**
 * The file name Export Attention suggests: the model, a slug of the input, the kind of picture and the
 * format (`date-formats-bahdanau-september-27-1994-heatmap.svg`), so exports of different inputs do not
 * overwrite each other. Pure, so it is unit-tested against hostile input.
 *
 * Letters and digits of every script are kept (Korean stays Korean: the file systems VS Code runs on
 * store Unicode names), everything else becomes one `-`, so no path separator, dot run, control or
 * bidirectional character can reach the name. The slug is bounded in UTF-8 bytes, not characters, as
 * file systems bound names (255 bytes; a Hangul syllable takes 3); an input cut short or with no letter
 * at all gets a short hash of its text, so two such inputs still get different names.
 */

export type ExportKind = 'heatmap' | 'comparison' | 'training' | 'not-fitting';

export interface ExportNameParts {
  /** The model (for a comparison, the task the models share). Null for views of no single model. */
  modelId: string | null;
  /** The translated text; null for views without one (the training chart). */
  input: string | null;
  kind: ExportKind;
  /** The file extension without the dot (`svg`, `csv`, ...). */
  extension: string;
  /** Extra words before the kind, such as the subword view (`words`, `pieces`). */
  qualifier?: string;
}

/** Longest slug of the input, in UTF-8 bytes (the whole name stays far below 255). */
export const INPUT_SLUG_BYTES = 60;
const MODEL_SLUG_BYTES = 60;

/** The suggested name: `<model>-<input>[-<qualifier>]-<kind>.<extension>`, each part a slug. */
export function exportFileName(parts: ExportNameParts): string {
  const words = [
    parts.modelId === null ? '' : slug(parts.modelId, MODEL_SLUG_BYTES).text,
    parts.input === null ? '' : inputSlug(parts.input),
    parts.qualifier ? slug(parts.qualifier, 20).text : '',
    parts.kind,
  ].filter((w) => w !== '');
  const extension = slug(parts.extension, 10).text.replace(/-/g, '') || 'out';
  return `${words.join('-')}.${extension}`;
}

/** The input's slug, with a hash of the whole text when the slug is empty or was cut short. */
export function inputSlug(input: string): string {
  const { text, cut } = slug(input, INPUT_SLUG_BYTES);
  if (text !== '' && !cut) return text;
  const hash = fnv1a(input.normalize('NFC')).toString(16).padStart(8, '0').slice(0, 6);
  return text === '' ? `input-${hash}` : `${text}-${hash}`;
}

/**
 * Lower-case letters and digits of any script joined by single `-`, at most `maxBytes` UTF-8 bytes,
 * cut at a word boundary when there is one in the second half, never inside a character.
 */
export function slug(text: string, maxBytes: number): { text: string; cut: boolean } {
  // NFKC folds full-width Latin and digits to ASCII and composes Hangul jamo into syllables.
  const words = text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u)
    // A combining mark is kept only after a letter it belongs to.
    .map((w) => w.replace(/^\p{M}+/u, ''))
    .filter((w) => w !== '');
  const full = words.join('-');
  if (utf8Length(full) <= maxBytes) return { text: full, cut: false };
  let out = '';
  let bytes = 0;
  for (const ch of full) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  const boundary = out.lastIndexOf('-');
  if (boundary >= out.length / 2) out = out.slice(0, boundary);
  return { text: out.replace(/\p{M}+$/u, '').replace(/-+$/, ''), cut: true };
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** 32-bit FNV-1a over the UTF-16 code units: a stable, short tag, not a security measure. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The model id of a comparison's name: the longest `-`-separated prefix its models share, else null. */
export function sharedModelPrefix(modelIds: readonly string[]): string | null {
  if (modelIds.length === 0) return null;
  if (modelIds.length === 1) return modelIds[0];
  const split = modelIds.map((id) => id.split('-'));
  const prefix: string[] = [];
  for (let i = 0; i < split[0].length; i++) {
    const part = split[0][i];
    if (!split.every((s) => s[i] === part)) break;
    prefix.push(part);
  }
  return prefix.length ? prefix.join('-') : null;
}
