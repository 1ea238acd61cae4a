/**
 * Bytes to text for dataset readers: size, emptiness, binary and encoding checks that turn a bad file into a
 * clear `DatasetError` before any parsing, and a line splitter for LF, CRLF and lone CR.
 */
import { coded, type CodedMessage } from '../messages/coded';
import { DatasetError } from './types';

/** How much of a file the binary / encoding checks (and `sniffDataset`) look at. */
export const HEAD_BYTES = 64 * 1024;

export interface DecodedText {
  text: string;
  /** The file has byte sequences that are not UTF-8 (on a few lines); they decode to U+FFFD. */
  invalidUtf8: boolean;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** UTF-16 or UTF-32 by the byte-order mark or, without one, by where the NUL bytes of ASCII text fall. */
function wideEncoding(head: Uint8Array): 'UTF-16' | 'UTF-32' | null {
  if ((head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) || (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff)) return 'UTF-32';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'UTF-16';
  const n = Math.min(head.length, HEAD_BYTES) & ~3;
  if (n < 8) return null;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (head[i] === 0) zeros[i % 4]++;
  const quarter = n / 4;
  // ASCII in UTF-32: three NULs in every four bytes; in UTF-16: one in every two, at the same parity.
  if (zeros.filter(z => z > 0.9 * quarter).length === 3) return 'UTF-32';
  if ((zeros[0] > 0.9 * quarter && zeros[2] > 0.9 * quarter && zeros[1] + zeros[3] < 0.1 * quarter)
    || (zeros[1] > 0.9 * quarter && zeros[3] > 0.9 * quarter && zeros[0] + zeros[2] < 0.1 * quarter)) return 'UTF-16';
  return null;
}

/** The head's lines that hold a NUL byte or bytes that are not UTF-8, and how many lines it has. */
function badHeadLines(head: Uint8Array): { lines: number; bad: number; nul: boolean } {
  const bytes = head.subarray(0, HEAD_BYTES);
  let lines = 0;
  let bad = 0;
  let nul = false;
  let start = 0;
  const cut = head.length > HEAD_BYTES;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    // The last line of a cut head may end inside a character: decoded as a stream, it does not count as bad.
    const last = end === -1;
    if (last) end = bytes.length;
    const line = bytes.subarray(start, end);
    let isBad = line.indexOf(0) !== -1;
    if (isBad) nul = true;
    if (!isBad) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(line, { stream: last && cut });
      } catch {
        isBad = true;
      }
    }
    lines++;
    if (isBad) bad++;
    start = end + 1;
  }
  return { lines, bad, nul };
}

/**
 * Why these bytes are not a UTF-8 text file, or null when they may be one. Only a file whose head is
 * mostly not text is refused as a whole (binary, another encoding); a NUL byte or an invalid sequence on
 * a few lines is reported on those lines by the readers, wherever in the file they are.
 */
export function binaryReason(head: Uint8Array): CodedMessage | null {
  const wide = wideEncoding(head);
  if (wide) return coded('data.wideEncoding', { encoding: wide });
  const { lines, bad, nul } = badHeadLines(head);
  if (bad === 0 || bad * 2 <= lines) return null;
  return nul ? coded('data.binary') : coded('data.notUtf8');
}

/** Decodes a dataset file, refusing empty, oversized, binary and non-UTF-8 files. Strips a UTF-8 BOM. */
export function decodeDataset(name: string, bytes: Uint8Array, maxBytes: number): DecodedText {
  if (bytes.length === 0) throw new DatasetError(name, coded('data.empty'));
  if (bytes.length > maxBytes) {
    throw new DatasetError(name, coded('data.tooLarge', { size: formatBytes(bytes.length), max: formatBytes(maxBytes) }));
  }
  const reason = binaryReason(bytes);
  if (reason) throw new DatasetError(name, reason);
  let text: string;
  let invalidUtf8 = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    invalidUtf8 = true;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DatasetError(name, coded('data.onlyWhiteSpace'));
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
