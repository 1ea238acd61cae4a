/**
 * Finds dataset candidates in the workspace: a capped `findFiles`, then only the head of each file is read
 * and sniffed (format, a few sample pairs); the pair count is exact for small files and estimated from
 * the head for big ones. The extension's own CSV exports (Export Attention) are tables with a header that
 * would sniff as CSV datasets: they are recognised by their header and never offered.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { countPairsEstimate, readDataset, sniffDataset } from '../../shared/data/index';
import { localized } from '../messages';
import type { DatasetFormat, Pair } from '../../shared/data/types';
import { ownExportKind } from '../../shared/data/ownExports';
import { log, messageOf } from '../log';
import { UserError } from '../userErrors';

/** Files looked at, at most: a big monorepo must not stall the picker. */
const MAX_FILES = 400;
/** Bytes sniffed per file. */
const HEAD = 16 * 1024;
/** Files up to this size are read whole to count pairs exactly. */
const COUNT_WHOLE = 4 * 1024 * 1024;
/** Bigger files than this are not offered (the worker refuses them too). */
const MAX_SIZE = 64 * 1024 * 1024;
const EXCLUDE = '**/{node_modules,.git,out,dist,dist-vsix,.vscode-test,test-results,.seq2seq}/**';
const EXTENSIONS = '**/*.{tsv,tab,txt,csv,jsonl,ndjson,text,dat,data,src,tgt,trg,source,target,' +
  'en,fr,de,es,it,pt,nl,ru,ja,ko,zh,ar,hi,vi,th,tr,pl,uk,sv,fi,da,no,cs,el,he,hu,ro,id,eng,kor,fra,deu,spa}';

export interface DatasetCandidate {
  uri: vscode.Uri;
  partner?: vscode.Uri;
  format: DatasetFormat;
  /** Sniffer's description, e.g. "Tab-separated pairs (Tatoeba / manythings), with attribution". */
  label: string;
  pairs: number;
  /** True when `pairs` was estimated from the head of a big file. */
  approximate: boolean;
  /** The first pairs of the head, for the direction and tokenizer choices. */
  sample: Pair[];
}

export async function scanWorkspace(token?: vscode.CancellationToken): Promise<DatasetCandidate[]> {
  const uris = await vscode.workspace.findFiles(EXTENSIONS, EXCLUDE, MAX_FILES, token);
  const byFolder = new Map<string, vscode.Uri[]>();
  for (const uri of uris) {
    const dir = uri.path.slice(0, uri.path.lastIndexOf('/') + 1);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), uri]);
  }
  const candidates: DatasetCandidate[] = [];
  for (const uri of uris) {
    if (token?.isCancellationRequested) break;
    try {
      const dir = uri.path.slice(0, uri.path.lastIndexOf('/') + 1);
      const candidate = await sniffFile(uri, (byFolder.get(dir) ?? []).map(u => u.path));
      if (candidate) candidates.push(candidate);
    } catch (error) {
      log.trace(`Not a dataset: ${uri.toString()}: ${messageOf(error)}`);
    }
  }
  return candidates.sort((a, b) => a.uri.path.localeCompare(b.uri.path));
}

/** Sniffs one file; null when it is not a dataset the engine reads; a UserError for an export of ours. */
export async function sniffFile(uri: vscode.Uri, siblings: string[] = []): Promise<DatasetCandidate | null> {
  const size = (await vscode.workspace.fs.stat(uri)).size;
  if (size === 0 || size > MAX_SIZE) return null;
  const head = await readHead(uri, size);
  if (ownExportKind(head)) {
    throw new UserError(vscode.l10n.t('{0} is an attention export of this extension, not a dataset of input and output pairs.', vscode.workspace.asRelativePath(uri)));
  }
  const sniffed = sniffDataset(uri.path, head, siblings);
  if (!sniffed) return null;
  let partner: vscode.Uri | undefined;
  let partnerHead: Uint8Array | undefined;
  if (sniffed.format === 'line-aligned' && sniffed.partnerName) {
    partner = uri.with({ path: sniffed.partnerName });
    partnerHead = await readHead(partner, (await vscode.workspace.fs.stat(partner)).size);
  }
  const { pairs, approximate } = await countPairs(uri, size, head, sniffed.format);
  let sample: Pair[] = [];
  try {
    sample = readDataset({
      name: uri.path, bytes: completeLines(head, size),
      partner: partner && partnerHead ? { name: partner.path, bytes: completeLines(partnerHead, Infinity) } : undefined,
    }, { format: sniffed.format, maxPairs: 20 }).pairs;
  } catch {
    // The head alone may hold no complete pair (a huge first record): the picker just shows no example.
  }
  return { uri, partner, format: sniffed.format, label: localized(sniffed.label), pairs, approximate, sample };
}

/** The first HEAD bytes: a partial read for local files; small remote files are read whole. */
async function readHead(uri: vscode.Uri, size: number): Promise<Uint8Array> {
  if (uri.scheme === 'file') {
    const handle = await fs.promises.open(uri.fsPath, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(HEAD, size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  if (size > COUNT_WHOLE) throw new Error(vscode.l10n.t('remote file too large to sniff'));
  return (await vscode.workspace.fs.readFile(uri)).subarray(0, HEAD);
}

async function countPairs(uri: vscode.Uri, size: number, head: Uint8Array, format: DatasetFormat): Promise<{ pairs: number; approximate: boolean }> {
  if (size <= head.length) return { pairs: countPairsEstimate(head, format), approximate: false };
  if (size <= COUNT_WHOLE) return { pairs: countPairsEstimate(await vscode.workspace.fs.readFile(uri), format), approximate: false };
  const complete = completeLines(head, size);
  const lines = countPairsEstimate(complete, 'tsv-tatoeba');
  return { pairs: Math.round((lines / Math.max(1, complete.length)) * size), approximate: true };
}

/** The head cut after its last line break, unless it is the whole file. */
function completeLines(head: Uint8Array, size: number): Uint8Array {
  if (head.length >= size) return head;
  const end = head.lastIndexOf(0x0a);
  return end > 0 ? head.subarray(0, end + 1) : head;
}
