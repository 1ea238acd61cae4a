/**
 * The hover attention view through `vscode.executeHoverProvider`: over a translated source token it shows
 * which output tokens attended to it; elsewhere, after an edit, or when turned off it shows nothing.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DATE_INPUT, DEFAULT_MODEL, getApi, requireModel, selectDate, withSetting } from './helpers';

const MARK = 'Attention to source token';

async function ourHovers(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value)))
    .filter(text => text.includes(MARK));
}

describe('Hover attention view', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;
  let editor: vscode.TextEditor;
  let view: TranslationView;

  before(async () => {
    api = await getApi();
    await requireModel(api, DEFAULT_MODEL);
    editor = await selectDate();
    const result = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(result, `translation failed: ${api.lastUserMessage()?.text}`);
    view = result;
  });

  it('shows the output tokens that attended to a translated source token, with weights', async () => {
    const doc = editor.document;
    const col = DATE_INPUT.indexOf('94');
    const position = doc.positionAt(doc.getText().indexOf(DATE_INPUT) + col);
    const [hover, ...rest] = await ourHovers(doc.uri, position);
    assert.ok(hover, 'a hover for the translated token');
    assert.strictEqual(rest.length, 0);
    assert.ok(hover.includes(`\`9\` (${col + 1} of ${DATE_INPUT.length})`), 'names the token and its place');
    assert.match(hover, /[█▉▊▋▌▍▎▏]+·*\s+\d\.\d\d/, 'draws bars with their weights');
    assert.match(hover, /\d\.\d\d/, 'prints weights');
    assert.match(hover, /command:seq2seqAttention\.showPanel/, 'links to the panel');
    assert.ok(hover.includes(`\`${DEFAULT_MODEL}\``), 'names the model');
    // The strongest output token listed is the one whose row puts the most weight on this column.
    const attention = view.entry.result.attention ?? [];
    const best = attention.map((row, i) => ({ i, w: row[col] })).sort((a, b) => b.w - a.w)[0];
    assert.ok(hover.includes(`#${best.i + 1} `), `lists output #${best.i + 1} (weight ${best.w.toFixed(2)})`);
  });

  it('shows nothing outside the translated text', async () => {
    const doc = editor.document;
    const otherLine = doc.lineAt(1).range.start;
    assert.deepStrictEqual(await ourHovers(doc.uri, otherLine), []);
  });

  it('shows nothing when turned off', async () => {
    const restore = await withSetting('hover.enabled', false);
    try {
      const doc = editor.document;
      const position = doc.positionAt(doc.getText().indexOf(DATE_INPUT) + 2);
      assert.deepStrictEqual(await ourHovers(doc.uri, position), []);
    } finally {
      await restore();
    }
  });

  it('shows nothing once the document changed', async () => {
    const doc = editor.document;
    const start = doc.getText().indexOf(DATE_INPUT);
    const position = doc.positionAt(start + 2);
    assert.strictEqual((await ourHovers(doc.uri, position)).length, 1, 'hover present before the edit');
    const insert = new vscode.WorkspaceEdit();
    insert.insert(doc.uri, doc.positionAt(0), ' ');
    assert.ok(await vscode.workspace.applyEdit(insert));
    try {
      assert.deepStrictEqual(await ourHovers(doc.uri, doc.positionAt(start + 3)), []);
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(0, 0, 0, 1));
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
  });
});
