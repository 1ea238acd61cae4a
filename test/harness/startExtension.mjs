#!/usr/bin/env node
/**
 * `npm start`: build, then open the extension in a real VS Code with test/fixtures/sample-workspace.
 *  - desktop VS Code (`code` on PATH): a new window with --extensionDevelopmentPath=<this folder>;
 *  - otherwise code-server on 127.0.0.1 (installed the first time into .vscode-test/), URL printed,
 *    running until Ctrl+C.
 * Environment: SEQ2SEQ_PORT (code-server port, default 8080 or the next free one),
 *              SEQ2SEQ_USE_CODE_SERVER=1 (use code-server even where `code` exists).
 * In VS Code itself, F5 (.vscode/launch.json) does the same with the debugger attached.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const win = process.platform === 'win32';
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: win }).status ?? 1;
const found = (command) => spawnSync(command, ['--version'], { stdio: 'ignore', shell: win }).status === 0;
const hasBash = !win && found('bash');

if (hasBash && run('bash', ['test/harness/install.sh', 'node-modules']) !== 0) process.exit(1);
if (hasBash && run('bash', ['test/harness/install.sh', 'native-toolchain']) !== 0) {
  console.log('[start] no C compiler: the native module is skipped, everything runs on wasm');
}
console.log('[start] building (npm run build)');
if (run(win ? 'npm.cmd' : 'npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
const workspace = path.join(root, 'test', 'fixtures', 'sample-workspace');

if (found('code') && !process.env.SEQ2SEQ_USE_CODE_SERVER) {
  console.log('[start] opening desktop VS Code with the extension in development mode');
  process.exit(run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace]));
}
if (hasBash && run('bash', ['test/harness/install.sh', 'code-server']) !== 0) process.exit(1);
// Only the harness is compiled here (not the whole project), so a file that is mid-edit elsewhere
// cannot stop the window from opening.
if (run(win ? 'npx.cmd' : 'npx', ['--no-install', 'tsc', '-p', 'test/harness']) !== 0) console.log('[start] (type errors above; starting anyway)');
process.exit(run(process.execPath, ['out/test/harness/startServer.js', ...process.argv.slice(2)]));
