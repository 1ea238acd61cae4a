/**
 * CSV with a header row (RFC 4180): fields in double quotes may hold the delimiter, line breaks and doubled
 * quotes (`""`). The delimiter is `,`, or `;` when the header line has semicolons and no commas. Source and
 * target columns are chosen by `sourceKey` / `targetKey` (header names, case-insensitive), else columns
 * named source/target (or src/tgt), else the first two.
 */
import type { PairCollector } from './collect';
import { coded, type CodedMessage } from '../messages/coded';
import { DatasetError, type ReadOptions } from './types';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
  /** Set when the record is malformed (an unclosed quote, text after a closing quote). */
  error?: CodedMessage;
}

/**
 * Splits CSV text into records in one linear pass (no backtracking, so no pathological input can hang it).
 * A field is sliced out of the text in runs, never grown a character at a time: a quote that is never
 * closed makes the rest of the file one field, which then costs one slice, not a rope of millions of
 * one-character strings.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let error: CodedMessage | undefined;
  // 0 field start, 1 unquoted, 2 quoted, 3 quote seen inside a quoted field
  let state = 0;
  /** Where the current field's text not yet copied into `field` starts. */
  let run = 0;
  const flush = (end: number): void => {
    if (end > run) field += text.slice(run, end);
  };
  /** A CR inside the current quoted field: its line breaks become one LF each when the field ends. */
  let quotedCR = false;
  const endField = (): void => {
    fields.push(quotedCR ? field.replace(/\r\n?/g, '\n') : field);
    field = '';
    quotedCR = false;
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
    const c = text[i];
    const crlf = c === '\r' && text[i + 1] === '\n';
    const newline = c === '\n' || c === '\r';
    const next = i + (crlf ? 2 : 1);
    if (state === 0 && fields.length === 0 && field === '') startLine = line;
    switch (state) {
      case 0:
      case 1:
        if (c === '"' && state === 0) {
          state = 2;
          run = i + 1;
        } else if (c === delimiter) {
          flush(i);
          endField();
          run = i + 1;
        } else if (newline) {
          flush(i);
          endRecord();
          run = next;
        } else {
          if (state === 0) run = i;
          state = 1;
        }
        break;
      case 2: {
        // Straight to the next quote, counting the lines on the way.
        let j = text.indexOf('"', i);
        if (j === -1) j = text.length;
        for (let k = i; k < j; k++) {
          const code = text.charCodeAt(k);
          if (code === 10) line++;
          else if (code === 13) {
            quotedCR = true;
            if (text.charCodeAt(k + 1) !== 10) line++;
          }
        }
        if (j < text.length) {
          flush(j);
          state = 3;
        }
        i = j;
        continue;
      }
      case 3:
        if (c === '"') {
          field += '"';
          state = 2;
          run = i + 1;
        } else if (c === delimiter) {
          endField();
          run = i + 1;
        } else if (newline) {
          endRecord();
          run = next;
        } else {
          error ??= coded('data.lineCsvAfterQuote', { char: c });
          state = 1;
          run = i;
        }
        break;
    }
    if (crlf) i++;
    if (newline) line++;
  }
  if (state === 2) {
    flush(text.length);
    error = coded('data.lineCsvUnclosed', { line: startLine });
    endRecord();
  } else if (state === 1) {
    flush(text.length);
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
    if (k < 0) throw new DatasetError(file, coded('data.noColumn', { key, columns: header.map((h) => h.trim()).join(', ') }));
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
  if (!header || header.error) {
    throw new DatasetError(name, header?.error ? coded('data.csvHeaderMalformedWhy', { detail: header.error }) : coded('data.csvHeaderMalformed'));
  }
  if (header.fields.length < 2) {
    throw new DatasetError(name, coded('data.csvOneColumn', { count: header.fields.length }));
  }
  const s = chooseColumn(header.fields, options.sourceKey, ['source', 'src'], 0, name);
  const t = chooseColumn(header.fields, options.targetKey, ['target', 'tgt'], s === 0 ? 1 : 0, name);
  if (s === t) throw new DatasetError(name, coded('data.sameColumn', { column: header.fields[s].trim() }));
  const width = header.fields.length;
  for (const rec of records.slice(1)) {
    if (rec.error) sink.issue(name, rec.line, rec.error);
    else if (rec.fields.length !== width) {
      sink.issue(name, rec.line, coded(delimiter === ',' ? 'data.lineCsvFields' : 'data.lineCsvFieldsSemicolon', { count: width, found: rec.fields.length }));
    } else sink.add(name, { source: rec.fields[s].trim(), target: rec.fields[t].trim(), line: rec.line });
  }
}
