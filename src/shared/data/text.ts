/**
 * Bytes to text for dataset readers: size, emptiness, binary and encoding checks that turn a bad file into a
 * clear `DatasetError` before any parsing, and a line splitter for LF, CRLF and lone CR.
 */
import { DatasetError } from './types';

/** How much of a file the binary / encoding checks (and `sniffDataset`) look at. */
export const HEAD_BYTES = 64 * 1024;

export interface DecodedText {
  text: string;
  /** The file has byte sequences that are not UTF-8 past the first `HEAD_BYTES`; they decode to U+FFFD. */
  invalidUtf8: boolean;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why these bytes are not a UTF-8 text file, or null when the head looks like text. */
export function binaryReason(head: Uint8Array): string | null {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'is UTF-16 text; save it as UTF-8 to use it as a dataset';
  }
  if (head.subarray(0, HEAD_BYTES).indexOf(0) !== -1) return 'looks like a binary file (it contains NUL bytes), not a text dataset';
  try {
    // stream: true tolerates a multi-byte character cut at the end of the head.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, HEAD_BYTES), { stream: true });
  } catch {
    return 'is not UTF-8 text (invalid byte sequences near the start); save it as UTF-8 to use it as a dataset';
  }
  return null;
}

/** Decodes a dataset file, refusing empty, oversized, binary and non-UTF-8 files. Strips a UTF-8 BOM. */
export function decodeDataset(name: string, bytes: Uint8Array, maxBytes: number): DecodedText {
  if (bytes.length === 0) throw new DatasetError(name, 'the file is empty');
  if (bytes.length > maxBytes) {
    throw new DatasetError(name, `the file is ${formatBytes(bytes.length)}, more than the ${formatBytes(maxBytes)} limit for datasets; ` +
      'use a smaller file or raise the limit');
  }
  const reason = binaryReason(bytes);
  if (reason) throw new DatasetError(name, `the file ${reason}`);
  let text: string;
  let invalidUtf8 = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    invalidUtf8 = true;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DatasetError(name, 'the file has no data (only white space)');
  return { text, invalidUtf8 };
}

/** Splits on LF, CRLF or a lone CR (as VS Code counts lines); a final line break does not add an empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Length in code points (a Hangul syllable or an emoji counts as one character). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
