/**
 * Only regular files are read. A FIFO blocks a reader forever, a device such as /dev/zero never ends,
 * a folder or a symbolic-link loop is not a file at all: each is refused by its type before it is
 * opened, and a file is opened non-blocking and checked again on the open descriptor (the path may have
 * been swapped in between).
 */
import * as fs from 'fs';
import * as path from 'path';

/** What a path that is not a regular file is, in words ("a folder", "a named pipe (FIFO)", ...). */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why `path` cannot be read as a regular file, or null with its stat when it can. */
export type RegularFileCheck = { ok: true; size: number } | { ok: false; missing: boolean; reason: string };

export function checkRegularFile(file: string): RegularFileCheck {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A dangling symbolic link exists but points nowhere.
      return { ok: false, missing: !isLink(file), reason: isLink(file) ? 'is not a regular file (a symbolic link to nothing)' : 'does not exist' };
    }
    if (code === 'ELOOP') return { ok: false, missing: false, reason: 'is not a regular file (a symbolic link loop)' };
    return { ok: false, missing: false, reason: `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})` };
  }
  if (!stat.isFile()) return { ok: false, missing: false, reason: `is not a regular file (${fileKind(stat)})` };
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
export class FileReadProblem extends Error {
  constructor(readonly file: string, readonly reason: string, readonly missing = false) {
    super(`'${file}' ${reason}`);
    this.name = 'FileReadProblem';
  }
}

/**
 * Opens a regular file for reading (non-blocking, so a path swapped for a FIFO cannot block) and
 * returns its descriptor and size; refuses anything else, and files larger than `maxBytes`, by their
 * size before a byte is read. `what` names the limit in the message ("the 64 MB limit for datasets").
 */
export function openRegularFile(file: string, maxBytes: number, limitName: string): { fd: number; size: number } {
  const check = checkRegularFile(file);
  if (!check.ok) throw new FileReadProblem(file, check.reason, check.missing);
  if (check.size > maxBytes) throw new FileReadProblem(file, `is ${megabytes(check.size)}, more than ${limitName} (${megabytes(maxBytes)})`);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileReadProblem(file, `is not a regular file (${fileKind(stat)})`);
    if (stat.size > maxBytes) throw new FileReadProblem(file, `is ${megabytes(stat.size)}, more than ${limitName} (${megabytes(maxBytes)})`);
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
export function readRegularFile(file: string, maxBytes: number, limitName: string): Uint8Array {
  const { fd, size } = openRegularFile(file, maxBytes, limitName);
  try {
    // Read one byte past the size: a file that grew since the check is cut at the limit, not read on.
    const bytes = readAt(fd, Math.min(size + 1, maxBytes + 1), 0);
    if (bytes.length > maxBytes) throw new FileReadProblem(file, `grew past ${limitName} (${megabytes(maxBytes)}) while it was read`);
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
