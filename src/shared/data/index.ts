/**
 * Dataset readers: bytes in, sentence pairs out, with every malformed line reported and every cap named.
 * Pure (no vscode, no fs): the host reads files with `vscode.workspace.fs`, the CLI with `fs`.
 */
import { coded, type CodedMessage } from '../messages/coded';
import { PairCollector } from './collect';
import { readCsv } from './csv';
import { readFixedWidth } from './fixedWidth';
import { readJsonl } from './jsonl';
import { readLineAligned } from './lineAligned';
import { sniffDataset } from './sniff';
import { decodeDataset, HEAD_BYTES } from './text';
import { readChallengeTsv, readTatoebaTsv } from './tsv';
import { DatasetError, type DatasetFile, type DatasetFormat, type ReadOptions, type ReadResult } from './types';

export * from './types';
export { sniffDataset, lineAlignedPartner } from './sniff';
export { parseCsv } from './csv';
export { HEAD_BYTES } from './text';

export const DEFAULT_READ_OPTIONS: ReadOptions = {
  maxPairs: 200_000,
  maxSourceChars: 1000,
  maxTargetChars: 1000,
  maxBytes: 64 * 1024 * 1024,
};

export const FORMAT_LABELS: Record<DatasetFormat, string> = {
  'tsv-tatoeba': 'Tab-separated pairs (Tatoeba / manythings)',
  'tsv-challenge': 'Tatoeba Challenge TSV',
  'line-aligned': 'Line-aligned files',
  'csv': 'CSV with header',
  'jsonl': 'JSON Lines',
  'fixed-width': "Fixed-width 'question _answer' lines",
};

/** The format labels, coded (the host shows them in the display language). */
export const FORMAT_LABEL_MESSAGES: Record<DatasetFormat, CodedMessage> = {
  'tsv-tatoeba': coded('data.formatTatoeba'),
  'tsv-challenge': coded('data.formatChallenge'),
  'line-aligned': coded('data.formatLineAligned'),
  'csv': coded('data.formatCsv'),
  'jsonl': coded('data.formatJsonl'),
  'fixed-width': coded('data.formatFixedWidth'),
};

function detectFormat(file: DatasetFile): DatasetFormat {
  if (file.partner) return 'line-aligned';
  const sniffed = sniffDataset(file.name, file.bytes.subarray(0, HEAD_BYTES));
  if (!sniffed) throw new DatasetError(file.name, coded('data.unknownFormat'));
  if (sniffed.format === 'line-aligned') {
    throw new DatasetError(file.name, coded('data.onePartOfLineAligned', { partner: sniffed.partnerName ?? '' }));
  }
  return sniffed.format;
}

/**
 * Reads a dataset. The format comes from `options.format`, else from the partner (line-aligned), else from
 * `sniffDataset`. Throws `DatasetError` for files that cannot be read at all (empty, binary, not UTF-8,
 * larger than `maxBytes`, unknown format, mismatched line-aligned files, no usable pair); malformed lines are
 * skipped and reported in the result.
 */
export function readDataset(file: DatasetFile, options: Partial<ReadOptions> = {}): ReadResult {
  const opts: ReadOptions = { ...DEFAULT_READ_OPTIONS, ...options };
  const { text, invalidUtf8 } = decodeDataset(file.name, file.bytes, opts.maxBytes);
  const format = opts.format ?? detectFormat(file);
  let partnerInvalid = false;
  let partnerText = '';
  if (format === 'line-aligned') {
    if (!file.partner) throw new DatasetError(file.name, coded('data.needsPartner'));
    const decoded = decodeDataset(file.partner.name, file.partner.bytes, opts.maxBytes);
    partnerText = decoded.text;
    partnerInvalid = decoded.invalidUtf8;
  }
  const sink = new PairCollector(opts, invalidUtf8 || partnerInvalid);
  switch (format) {
    case 'tsv-tatoeba': readTatoebaTsv(file.name, text, sink); break;
    case 'tsv-challenge': readChallengeTsv(file.name, text, sink, opts); break;
    case 'line-aligned': readLineAligned(file, text, partnerText, sink); break;
    case 'csv': readCsv(file.name, text, sink, opts); break;
    case 'jsonl': readJsonl(file.name, text, sink, opts); break;
    case 'fixed-width': readFixedWidth(file.name, text, sink); break;
  }
  const result = sink.result(format);
  if (result.pairs.length === 0) {
    const first = result.issues[0];
    const n = result.skipped;
    const skipped = n === 0 ? [] : [first
      ? (n === 1 ? coded('data.skippedLineFirst', { line: first.line, reason: first.reason }) : coded('data.skippedLinesFirst', { count: n, line: first.line, reason: first.reason }))
      : (n === 1 ? coded('data.skippedLine') : coded('data.skippedLines', { count: n }))];
    const why = [...skipped, ...result.capped];
    throw new DatasetError(file.name, why.length
      ? coded('data.noUsablePairWhy', { format: FORMAT_LABEL_MESSAGES[format], why })
      : coded('data.noUsablePair', { format: FORMAT_LABEL_MESSAGES[format] }));
  }
  return result;
}

/**
 * A fast estimate of the number of pairs from the raw bytes (line breaks; minus the header for CSV), for
 * pickers that show "about N pairs" without parsing. CSV fields with line breaks make it an overestimate.
 */
export function countPairsEstimate(bytes: Uint8Array, format: DatasetFormat): number {
  if (bytes.length === 0) return 0;
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lines++;
  if (bytes[bytes.length - 1] !== 0x0a) lines++;
  return Math.max(0, format === 'csv' ? lines - 1 : lines);
}
export { generateDatePairs, toBookLine } from './dateGenerator';
export { splitBySource, splitReversed, sentenceKey, TRANSLATION_SPLIT } from './split';
export {
  DATE_FAMILIES, DATE_FAMILY_EXAMPLES, DATE_FORMATS, DATE_READING_RULE, calendarDate, fullYear, formatsOf,
} from './dateFormats';
export {
  generateDateFormatPairs, dateFormatSplit, exactMatchByFamily, DATE_FORMAT_SPLIT, DATE_FORMAT_TASK, type DatePair, type DateFormatSplit, type FamilyScore,
} from './dateFormatPairs';
