/**
 * Live input (setting liveTranslate): after a translation, editing the translated text translates it
 * again after a pause; edits in quick succession give one translation of the final text; with the
 * setting off, edits translate nothing.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import { COMMANDS, getApi, openAndSelect, waitFor, withSetting, writeWorkspaceFile } from './helpers';

async function replaceIn(editor: vscode.TextEditor, find: string, by: string): Promise<void> {
  const doc = editor.document;
  const at = doc.getText().indexOf(find);
  assert.ok(at >= 0, `'${find}' is in the document`);
  const ok = await editor.edit(b => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + find.length)), by));
  assert.ok(ok, 'the edit applied');
}

describe('Live input', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  it('re-translates the edited text once the typing pauses, the latest edit winning', async () => {
    const restore = await withSetting('liveTranslate', true);
    try {
      const uri = await writeWorkspaceFile('live-dates.txt', 'born on september 27, 1994 in town\n');
      const editor = await openAndSelect(uri, 'september 27, 1994');
      const first = await vscode.commands.executeCommand<TranslationView>(COMMANDS.translate);
      assert.strictEqual(first?.entry.result.text, '1994-09-27');
      const seen: string[] = [];
      const sub = api.onDidLiveTranslate(e => seen.push(e.input));
      try {
        // Two quick edits: one translation, of the final text.
        await replaceIn(editor, '1994', '1995');
        await replaceIn(editor, 'september', 'march');
        const view = await waitFor('the live translation', () => {
          const v = api.lastView();
          return v?.kind === 'translation' && v.input === 'march 27, 1995' ? v : undefined;
        }, 30_000);
        assert.strictEqual(view.entry.result.text, '1995-03-27');
        await new Promise(r => setTimeout(r, 1000));
        assert.deepStrictEqual(seen, ['march 27, 1995'], 'the first edit was superseded before it ran');
      } finally {
        sub.dispose();
      }
    } finally {
      await restore();
    }
  });

  it('does nothing while the setting is off', async () => {
    const uri = await writeWorkspaceFile('still-dates.txt', 'on august 19, 2003\n');
    const editor = await openAndSelect(uri, 'august 19, 2003');
    await vscode.commands.executeCommand(COMMANDS.translate);
    let fired = 0;
    const sub = api.onDidLiveTranslate(() => fired++);
    try {
      await replaceIn(editor, '2003', '2004');
      await new Promise(r => setTimeout(r, 1500));
      assert.strictEqual(fired, 0);
      const v = api.lastView();
      assert.ok(v?.kind === 'translation' && v.input === 'august 19, 2003', 'the panel still shows the translated text');
    } finally {
      sub.dispose();
    }
  });
});
