/**
 * Smoke test of the integration tier: the extension under development is loaded by a real VS Code,
 * activates, and the window opened the sample workspace.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'seq2seq-explorer.seq2seq-attention-explorer';

describe('extension smoke', () => {
  it('is present in the extension host', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} loaded extensions`);
    assert.strictEqual(extension.packageJSON.name, 'seq2seq-attention-explorer');
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('runs with the sample workspace open', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'expected exactly one workspace folder');
    const dates = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folders[0].uri, 'dates.txt'));
    assert.match(Buffer.from(dates).toString('utf8'), /september 27, 1994/);
  });
});
