/**
 * What was translated where: the last translated range per document with its entries, so the hover and
 * the decorations can map between editor offsets and source tokens. A record is dropped as soon as its
 * document is edited (its offsets would be stale).
 */
import * as vscode from 'vscode';
import type { TokenSpan } from '../shared/engine/types';
import type { TranslationEntry } from '../shared/protocol/webview';
import { Disposable } from './dispose';

export interface TranslatedRange {
  uri: string;
  version: number;
  /** Document offset of the input's first character. */
  offset: number;
  input: string;
  entries: TranslationEntry[];
}

export class TranslationStore extends Disposable {
  private readonly records = new Map<string, TranslatedRange>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length && this.records.delete(e.document.uri.toString())) this.changeEmitter.fire(e.document.uri);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument(doc => this.records.delete(doc.uri.toString())));
  }

  set(document: vscode.TextDocument, range: vscode.Range, input: string, entries: TranslationEntry[]): void {
    // Re-inserting moves the record to the end, which `latest()` relies on.
    this.records.delete(document.uri.toString());
    this.records.set(document.uri.toString(), {
      uri: document.uri.toString(), version: document.version, offset: document.offsetAt(range.start), input, entries,
    });
    this.changeEmitter.fire(document.uri);
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
