/**
 * Large attention files on the host: a fairseq output is indexed from a Node read stream (one chunk at a
 * time, with progress and cancellation; never read whole), and a sentence is read on demand from its
 * byte range. Files that are not on the local disk are read through workspace.fs instead (whole, within
 * the limit of attentionFiles.ts).
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { IndexedSentence } from '../shared/attentionFiles/fairseqIndex';
import { indexFairseqPath, readPathRange } from './attentionFileStream';

/** Local fairseq files from this size on are indexed instead of read whole. */
export const INDEX_FROM_BYTES = 16 * 1024 * 1024;

export function canIndex(uri: vscode.Uri): boolean {
  return uri.scheme === 'file';
}

/** The first bytes of a local file (format detection reads only these). */
export async function readHead(uri: vscode.Uri, bytes = 256 * 1024): Promise<string> {
  const handle = await fs.promises.open(uri.fsPath, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    // Cut at the last complete line, so no sentence is seen half.
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.lastIndexOf('\n');
    return bytesRead < bytes || nl < 0 ? text : text.slice(0, nl + 1);
  } finally {
    await handle.close();
  }
}

/** Indexes a local fairseq file; `onProgress` gets the bytes read so far. Rejects when cancelled. */
export function indexFairseqFile(uri: vscode.Uri, onProgress: (bytes: number) => void, token?: vscode.CancellationToken): Promise<IndexedSentence[]> {
  const abort = new AbortController();
  const cancel = token?.onCancellationRequested(() => abort.abort());
  return indexFairseqPath(uri.fsPath, onProgress, abort.signal).then(
    index => { cancel?.dispose(); return index; },
    (e: unknown) => { cancel?.dispose(); throw abort.signal.aborted ? new vscode.CancellationError() : e; });
}

/** The text of bytes [start, end) of a local file. */
export function readRange(uri: vscode.Uri, start: number, end: number): Promise<string> {
  return readPathRange(uri.fsPath, start, end);
}
