#!/usr/bin/env node
/**
 * `npm run watch`: rebuilds the host, worker and webview bundles on every change (esbuild --watch),
 * with the same options as `npm run build` (read from package.json's build:* scripts, so they cannot
 * drift); webview/style.css is copied to dist/ when it changes. Used by F5 (.vscode/launch.json).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The esbuild arguments of a build:* script (its first command), split as a shell would. */
function esbuildArgs(name) {
  const command = scripts[name].split('&&')[0].trim();
  const words = command.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  if (words[0] !== 'esbuild') throw new Error(`${name} does not start with esbuild: ${command}`);
  return words.slice(1).map((w) => w.replace(/^(--[\w:-]+=)?"(.*)"$/, '$1$2'));
}

// The wasm binaries and the native module do not change while editing: build them once if missing.
if (!fs.existsSync('dist/tfjs-backend-wasm-simd.wasm')) {
  fs.mkdirSync('dist', { recursive: true });
  const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) fs.copyFileSync(path.join(wasmDir, f), path.join('dist', f));
}
const copyCss = () => { fs.mkdirSync('dist', { recursive: true }); fs.copyFileSync('webview/style.css', 'dist/webview.css'); };
copyCss();
fs.watch('webview/style.css', copyCss);

const children = ['build:host', 'build:worker', 'build:webview'].map((name) => {
  const child = spawn(npx, ['--no-install', 'esbuild', ...esbuildArgs(name), '--watch=forever'], {
    stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32',
  });
  child.on('exit', (code) => { if (code) console.error(`[watch] ${name} stopped (exit ${code})`); });
  return child;
});
const stop = () => { for (const c of children) c.kill(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
