/**
 * Shared helpers of the extension's integration tests (run inside the real extension host). Tests talk to
 * the extension through the API its `activate()` returns and through real commands.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';

export const EXTENSION_ID = 'seq2seq-explorer.seq2seq-attention-explorer';

export async function getApi(): Promise<Seq2SeqTestApi> {
  const extension = vscode.extensions.getExtension<Seq2SeqTestApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  // The API exists only in ExtensionMode.Test: its presence shows the tests run in Test mode.
  assert.ok(api, 'activate() returned no test API (not in Test mode, or activation failed: see the log)');
  return api;
}

/** The extension's folder (the project root in development). */
export function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.extensionPath;
}

/** The extension's Korean l10n bundle (English text -> Korean), for `renderMessagesFromBundle`. */
export function koreanBundle(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(extensionPath(), 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the harness opens a copy of the sample workspace)');
  return folder.uri;
}

/** Copies `test/fixtures/host/<name>` into the workspace (a temporary copy) and returns its URI there. */
export async function copyFixture(name: string, target = name): Promise<vscode.Uri> {
  const source = vscode.Uri.file(path.join(extensionPath(), 'test', 'fixtures', 'host', name));
  const uri = vscode.Uri.joinPath(workspaceFolder(), target);
  await vscode.workspace.fs.copy(source, uri, { overwrite: true });
  return uri;
}

/** Writes a file into the workspace. */
export async function writeWorkspaceFile(name: string, content: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  return uri;
}

/** Opens a document and selects the first occurrence of `text`. */
export async function openAndSelect(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  const start = document.getText().indexOf(text);
  assert.ok(start >= 0, `'${text}' not found in ${uri.toString()}`);
  editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + text.length));
  return editor;
}

/** Polls `probe` until it returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Sets a setting for the test run (global target) and returns a function that restores it. */
export async function withSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('seq2seqAttention');
  const before = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('seq2seqAttention').update(key, before, vscode.ConfigurationTarget.Global);
  };
}

export const COMMANDS = {
  translate: 'seq2seqAttention.translateSelection',
  compare: 'seq2seqAttention.compareMechanisms',
  train: 'seq2seqAttention.trainFromWorkspace',
  cancelTraining: 'seq2seqAttention.cancelTraining',
  selectModel: 'seq2seqAttention.selectModel',
  showPanel: 'seq2seqAttention.showPanel',
  export: 'seq2seqAttention.exportAttention',
} as const;

export const DATE_INPUT = 'september 27, 1994';

/** The default active model (package.json's `activeModel` default): reads the dates people type. */
export const DEFAULT_MODEL = 'date-formats-bahdanau';

/** The shipped date models must be installed (media/models): the date tests depend on a trained model. */
export async function requireModel(api: Seq2SeqTestApi, id: string): Promise<void> {
  const models = await api.listModels();
  assert.ok(models.some(m => m.id === id),
    `model '${id}' is not installed (found: ${models.map(m => m.id).join(', ') || 'none'}); run the shipped-model script first`);
}

/** Selects "september 27, 1994" in the sample workspace's dates.txt. */
export async function selectDate(): Promise<vscode.TextEditor> {
  return openAndSelect(vscode.Uri.joinPath(workspaceFolder(), 'dates.txt'), DATE_INPUT);
}

/** Whether a webview tab of the Attention Explorer is open (the tab model syncs asynchronously). */
export function panelTabOpen(): boolean {
  return vscode.window.tabGroups.all.some(g => g.tabs.some(t =>
    t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('seq2seqAttention.panel')));
}

/**
 * Resolves at the first progress event of `kind` for run `runId`; rejects if `running` (the training
 * command) settles first, so a failing run fails the test at once instead of at the timeout.
 */
export function untilProgress(api: Seq2SeqTestApi, runId: string, kind: 'dataset' | 'batch' | 'epoch', running: Thenable<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sub = api.onDidTrainingProgress(({ runId: id, event }) => {
      if (id === runId && event.kind === kind) { sub.dispose(); resolve(); }
    });
    running.then(value => {
      sub.dispose();
      reject(new Error(`training ended before its first '${kind}' event (result: ${JSON.stringify(value)?.slice(0, 200)}; ` +
        `last message: ${api.lastUserMessage()?.text})`));
    }, error => { sub.dispose(); reject(error); });
  });
}
