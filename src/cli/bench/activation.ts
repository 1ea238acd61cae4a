/**
 * Activation cost of the extension host bundle, measured outside VS Code: a fresh Node process
 * `require`s dist/extension.js (cold: parse + compile + module init) and calls its `activate(context)`
 * against a stub `vscode` module whose every function is a no-op (commands are registered, nothing is
 * shown). What VS Code itself adds (extension host scheduling, its real API objects) is not included;
 * the UI tier measures the end-to-end command-to-heatmap time. Also checks the bundle holds no tfjs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ActivationResult {
  bundle: string;
  bundleKB: number;
  /** Whether the bundle contains tfjs code (it must not: the worker loads the engine). */
  containsTfjs: boolean;
  /** Medians over fresh processes, milliseconds. */
  requireMs: number;
  activateMs: number;
  totalMs: number;
  runs: number;
  /** What these numbers are. */
  measured: string;
}

/** Runs in the child process: the stub vscode API, then the timed require + activate. */
const CHILD = String.raw`
const Module = require('module');
const path = require('path');
const bundle = process.argv[1];
const noop = () => {};
// Any property is a callable stub whose result is again a stub; disposables dispose; no stub is a thenable.
function stub(name) {
  const fn = function () { return stub(name + '()'); };
  return new Proxy(fn, {
    get(target, prop) {
      if (prop === 'then') return undefined;
      if (prop === 'dispose') return noop;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'fsPath' || prop === 'path') return path.join(path.dirname(bundle), '..');
      if (prop in target) return target[prop];
      return stub(name + '.' + String(prop));
    },
    construct() { return stub('new ' + name); },
  });
}
// A plain object (esbuild's ESM interop copies own keys): the VS Code API's top-level names, plus every
// vscode.X an unminified bundle mentions.
const API = ['window', 'commands', 'workspace', 'languages', 'env', 'extensions', 'debug', 'tasks', 'scm', 'tests',
  'authentication', 'notebooks', 'comments', 'l10n', 'chat', 'lm', 'version', 'Uri', 'EventEmitter', 'Disposable',
  'Range', 'Position', 'Selection', 'Location', 'ThemeColor', 'ThemeIcon', 'MarkdownString', 'Hover', 'ViewColumn',
  'StatusBarAlignment', 'ProgressLocation', 'ConfigurationTarget', 'Diagnostic', 'DiagnosticSeverity',
  'OverviewRulerLane', 'TextEditorRevealType', 'QuickPickItemKind', 'CancellationTokenSource', 'CancellationError',
  'TreeItem', 'TreeItemCollapsibleState', 'RelativePattern', 'FileType', 'ExtensionMode', 'ColorThemeKind', 'UIKind',
  'DecorationRangeBehavior', 'TextEdit', 'WorkspaceEdit', 'CodeLens', 'CompletionItem', 'SnippetString', 'EndOfLine',
  'FileSystemError', 'QuickInputButtons', 'TabInputText', 'TabInputWebview', 'LogLevel', 'ViewBadge'];
const names = new Set([...API, ...(require('fs').readFileSync(bundle, 'utf8').match(/\bvscode[0-9]*\.[A-Za-z_]+/g) || []).map(m => m.split('.')[1])]);
const vscode = {};
for (const n of names) vscode[n] = stub('vscode.' + n);
const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return origLoad.call(this, request, parent, isMain);
};
const root = path.join(path.dirname(bundle), '..');
const memento = { get: (k, d) => d, update: async () => {}, keys: () => [], setKeysForSync: noop };
const context = {
  subscriptions: [], extensionUri: stub('extensionUri'), extensionPath: root,
  globalStorageUri: stub('globalStorageUri'), storageUri: stub('storageUri'), logUri: stub('logUri'),
  globalState: memento, workspaceState: memento, extensionMode: 1,
  asAbsolutePath: p => path.join(root, p), secrets: stub('secrets'), environmentVariableCollection: stub('env'),
};
const t0 = process.hrtime.bigint();
const ext = require(bundle);
const t1 = process.hrtime.bigint();
let error = null;
try { ext.activate(context); } catch (e) { error = String(e && e.stack || e); }
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, error }));
process.exit(0);
`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `bundle`: path of dist/extension.js. Each run is a fresh `node` process. */
export function measureActivation(bundle: string, runs = 5): ActivationResult {
  const file = path.resolve(bundle);
  const text = fs.readFileSync(file, 'utf8');
  const results: { requireMs: number; activateMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const outText = execFileSync(process.execPath, ['-e', CHILD, file], { encoding: 'utf8', timeout: 60000 });
    const r = JSON.parse(outText) as { requireMs: number; activateMs: number; error: string | null };
    if (r.error) throw new Error(`activate() failed against the stub vscode API: ${r.error}`);
    results.push(r);
  }
  const requireMs = median(results.map(r => r.requireMs));
  const activateMs = median(results.map(r => r.activateMs));
  return {
    bundle: file,
    bundleKB: Math.round(fs.statSync(file).size / 1024),
    containsTfjs: /@tensorflow\/tfjs|tfjs-core|registerKernel\(/.test(text),
    requireMs,
    activateMs,
    totalMs: median(results.map(r => r.requireMs + r.activateMs)),
    runs,
    measured: 'median over fresh node processes of require(dist/extension.js) + activate(context) with a no-op stub vscode API; VS Code\'s own extension-host work not included',
  };
}
