/**
 * What was translated where: the last translated range per document with its entries, so the hover and
 * the decorations can map between editor offsets and source tokens. Edits elsewhere in the document keep
 * the record (one before the range moves it, `keepThroughEdits`); an edit that touches the translated
 * text drops it, since the translation no longer describes that text.
 */
import * as vscode from 'vscode';
import type { TokenSpan } from '../shared/engine/types';
import type { TranslationEntry } from '../shared/protocol/webview';
import { keepThroughEdits } from '../shared/text/editSpan';
import { Disposable } from './dispose';

export interface TranslatedRange {
  uri: string;
  version: number;
  /** Document offset of the input's first character, and the range's length (the input's). */
  offset: number;
  length: number;
  input: string;
  entries: TranslationEntry[];
}

/** 'set': a new translation; 'moved': an edit before it shifted it; 'dropped': an edit touched it. */
export interface TranslationChange {
  uri: vscode.Uri;
  kind: 'set' | 'moved' | 'dropped';
}

export class TranslationStore extends Disposable {
  private readonly records = new Map<string, TranslatedRange>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TranslationChange>());
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument(e => this.onEdit(e)));
    this._register(vscode.workspace.onDidCloseTextDocument(doc => this.records.delete(doc.uri.toString())));
  }

  set(document: vscode.TextDocument, range: vscode.Range, input: string, entries: TranslationEntry[]): void {
    // Re-inserting moves the record to the end, which `latest()` relies on.
    this.records.delete(document.uri.toString());
    const offset = document.offsetAt(range.start);
    this.records.set(document.uri.toString(), {
      uri: document.uri.toString(), version: document.version, offset, length: document.offsetAt(range.end) - offset, input, entries,
    });
    this.changeEmitter.fire({ uri: document.uri, kind: 'set' });
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const record = this.records.get(e.document.uri.toString());
    if (!record) return;
    // Every change event of the document passes here, so the record follows its versions one by one.
    const span = keepThroughEdits(record.offset, record.offset + record.length, e.contentChanges);
    if (!span) {
      this.records.delete(record.uri);
      this.changeEmitter.fire({ uri: e.document.uri, kind: 'dropped' });
      return;
    }
    const moved = span.start !== record.offset;
    record.offset = span.start;
    record.version = e.document.version;
    if (moved) this.changeEmitter.fire({ uri: e.document.uri, kind: 'moved' });
  }

  /** The record for this document, unless the document changed since. */
  get(document: vscode.TextDocument): TranslatedRange | undefined {
    const record = this.records.get(document.uri.toString());
    return record && record.version === document.version ? record : undefined;
  }

  /** The latest record of any document (the panel's focus events refer to it). */
  latest(): TranslatedRange | undefined {
    return [...this.records.values()].at(-1);
  }

  /** The index of the source token (of entry 0) at a document offset, or -1. */
  tokenAt(record: TranslatedRange, documentOffset: number, entry = 0): number {
    const source = record.entries[entry]?.result.source ?? [];
    const local = documentOffset - record.offset;
    return source.findIndex(s => local >= s.start && local < s.end);
  }

  /** The document range of a source token. */
  rangeOf(document: vscode.TextDocument, record: TranslatedRange, span: TokenSpan): vscode.Range {
    return new vscode.Range(document.positionAt(record.offset + span.start), document.positionAt(record.offset + span.end));
  }
}
