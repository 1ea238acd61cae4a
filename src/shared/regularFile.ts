/**
 * Only regular files are read. A FIFO blocks a reader forever, a device such as /dev/zero never ends,
 * a folder or a symbolic-link loop is not a file at all: each is refused by its type before it is
 * opened, and a file is opened non-blocking and checked again on the open descriptor (the path may have
 * been swapped in between).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CodedError, coded, type CodedMessage } from './messages/coded';

/** What a path that is not a regular file is, in words ("a folder", "a named pipe (FIFO)", ...). */
function fileKindMessage(stat: fs.Stats): CodedMessage {
  if (stat.isDirectory()) return coded('file.kindFolder');
  if (stat.isFIFO()) return coded('file.kindFifo');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return coded('file.kindDevice');
  if (stat.isSocket()) return coded('file.kindSocket');
  if (stat.isSymbolicLink()) return coded('file.kindSymlink');
  return coded('file.kindOther');
}

/** Why `path` cannot be read as a regular file (`reason`, coded as `coded`), or its size when it can. */
export type RegularFileCheck = { ok: true; size: number } | { ok: false; missing: boolean; reason: string; coded: CodedMessage };

const failure = (missing: boolean, reason: CodedMessage): RegularFileCheck => ({ ok: false, missing, reason: reason.message, coded: reason });

export function checkRegularFile(file: string): RegularFileCheck {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A dangling symbolic link exists but points nowhere.
      return isLink(file) ? failure(false, coded('file.danglingLink')) : failure(true, coded('file.missing'));
    }
    if (code === 'ELOOP') return failure(false, coded('file.linkLoop'));
    return failure(false, coded('file.unreadable', { detail: code ?? (e instanceof Error ? e.message : String(e)) }));
  }
  if (!stat.isFile()) return failure(false, coded('file.notRegular', { kind: fileKindMessage(stat) }));
  return { ok: true, size: stat.size };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A problem with a file to read: `reason` completes "'<file>' ...". */
export class FileReadProblem extends CodedError {
  readonly reason: string;
  constructor(readonly file: string, readonly codedReason: CodedMessage, readonly missing = false) {
    super(coded('file.problem', { file, reason: codedReason }));
    this.reason = codedReason.message;
    this.name = 'FileReadProblem';
  }
}

/**
 * Opens a regular file for reading (non-blocking, so a path swapped for a FIFO cannot block) and
 * returns its descriptor and size; refuses anything else, and files larger than `maxBytes`, by their
 * size before a byte is read. `limitName` names the limit in the message ("the limit for datasets").
 */
export function openRegularFile(file: string, maxBytes: number, limitName: CodedMessage): { fd: number; size: number } {
  const check = checkRegularFile(file);
  if (!check.ok) throw new FileReadProblem(file, check.coded, check.missing);
  if (check.size > maxBytes) throw new FileReadProblem(file, coded('file.tooLarge', { size: megabytes(check.size), limit: limitName, max: megabytes(maxBytes) }));
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileReadProblem(file, coded('file.notRegular', { kind: fileKindMessage(stat) }));
    if (stat.size > maxBytes) throw new FileReadProblem(file, coded('file.tooLarge', { size: megabytes(stat.size), limit: limitName, max: megabytes(maxBytes) }));
    return { fd, size: stat.size };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Reads `length` bytes at `position` (fewer only at the end of the file). */
export function readAt(fd: number, length: number, position: number): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, out, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

/** The whole of a regular file of at most `maxBytes` bytes (see `openRegularFile`). */
export function readRegularFile(file: string, maxBytes: number, limitName: CodedMessage): Uint8Array {
  const { fd, size } = openRegularFile(file, maxBytes, limitName);
  try {
    // Read one byte past the size: a file that grew since the check is cut at the limit, not read on.
    const bytes = readAt(fd, Math.min(size + 1, maxBytes + 1), 0);
    if (bytes.length > maxBytes) throw new FileReadProblem(file, coded('file.grewPastLimit', { limit: limitName, max: megabytes(maxBytes) }));
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

function megabytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(0)} MB` : `${n} bytes`;
}

/**
 * `root/parts...` when every part of it below `root` that exists is a real folder, not a symbolic link
 * (a folder the caller will create may be missing); otherwise why not. A committed symbolic link at
 * `.seq2seq/models` (or at `.seq2seq`) in a repository would otherwise send saved models wherever it
 * points, outside the workspace.
 */
export function folderInside(root: string, parts: readonly string[]): { ok: true; dir: string } | { ok: false; reason: string } {
  let dir = root;
  for (const part of parts) {
    dir = path.join(dir, part);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return { ok: false, reason: `'${dir}' cannot be checked (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
    if (stat.isSymbolicLink()) return { ok: false, reason: `'${dir}' is a symbolic link; models are only saved in a real folder of the workspace` };
    if (!stat.isDirectory()) return { ok: false, reason: `'${dir}' is not a folder` };
  }
  return { ok: true, dir };
}
