/**
 * CSV with a header row (RFC 4180): fields in double quotes may hold the delimiter, line breaks and doubled
 * quotes (`""`). The delimiter is `,`, or `;` when the header line has semicolons and no commas. Source and
 * target columns are chosen by `sourceKey` / `targetKey` (header names, case-insensitive), else columns
 * named source/target (or src/tgt), else the first two.
 */
import type { PairCollector } from './collect';
import { DatasetError, type ReadOptions } from './types';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
  /** Set when the record is malformed (an unclosed quote, text after a closing quote). */
  error?: string;
}

/** Splits CSV text into records in one linear pass (no backtracking, so no pathological input can hang it). */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let error: string | undefined;
  // 0 field start, 1 unquoted, 2 quoted, 3 quote seen inside a quoted field
  let state = 0;
  const endField = (): void => {
    fields.push(field);
    field = '';
    state = 0;
  };
  const endRecord = (): void => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '' && !error)) records.push({ fields, line: startLine, ...(error ? { error } : {}) });
    fields = [];
    error = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    const newline = c === '\n' || c === '\r';
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (newline) c = '\n';
    if (state === 0 && fields.length === 0 && field === '') startLine = line;
    switch (state) {
      case 0:
      case 1:
        if (c === '"' && state === 0) state = 2;
        else if (c === delimiter) endField();
        else if (c === '\n') endRecord();
        else {
          field += c;
          state = 1;
        }
        break;
      case 2:
        if (c === '"') state = 3;
        else field += c;
        break;
      case 3:
        if (c === '"') {
          field += '"';
          state = 2;
        } else if (c === delimiter) endField();
        else if (c === '\n') endRecord();
        else {
          error ??= `unexpected '${c}' after a closing quote (double the quote inside a quoted field: "")`;
          field += c;
          state = 1;
        }
        break;
    }
    if (newline) line++;
  }
  if (state === 2) {
    error = `a quoted field that starts on line ${startLine} is never closed`;
    endRecord();
  } else if (state !== 0 || field !== '' || fields.length > 0) {
    endRecord();
  }
  return records;
}

function chooseColumn(header: string[], key: string | undefined, fallbacks: string[], fallbackIndex: number, file: string): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  if (key !== undefined) {
    const k = lower.indexOf(key.trim().toLowerCase());
    if (k < 0) throw new DatasetError(file, `no column '${key}' in the header (columns: ${header.map((h) => h.trim()).join(', ')})`);
    return k;
  }
  for (const name of fallbacks) {
    const k = lower.indexOf(name);
    if (k >= 0) return k;
  }
  return fallbackIndex;
}

export function readCsv(name: string, text: string, sink: PairCollector, options: ReadOptions): void {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records = parseCsv(text, delimiter);
  const header = records[0];
  if (!header || header.error) throw new DatasetError(name, `the CSV header row is malformed${header?.error ? `: ${header.error}` : ''}`);
  if (header.fields.length < 2) {
    throw new DatasetError(name, `the CSV header has ${header.fields.length} column; a dataset needs at least two (source and target)`);
  }
  const s = chooseColumn(header.fields, options.sourceKey, ['source', 'src'], 0, name);
  const t = chooseColumn(header.fields, options.targetKey, ['target', 'tgt'], s === 0 ? 1 : 0, name);
  if (s === t) throw new DatasetError(name, `source and target are the same column ('${header.fields[s].trim()}')`);
  const width = header.fields.length;
  const sep = delimiter === ',' ? 'comma' : 'semicolon';
  for (const rec of records.slice(1)) {
    if (rec.error) sink.issue(name, rec.line, rec.error);
    else if (rec.fields.length !== width) {
      sink.issue(name, rec.line, `expected ${width} ${sep}-separated fields as in the header, found ${rec.fields.length} ` +
        '(quote fields that contain the delimiter)');
    } else sink.add(name, { source: rec.fields[s].trim(), target: rec.fields[t].trim(), line: rec.line });
  }
}
