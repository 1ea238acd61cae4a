/**
 * The hover attention view through `vscode.executeHoverProvider`: over a translated source token it shows
 * which output tokens attended to it; elsewhere, after an edit of the translated text, or when turned off
 * it shows nothing. Edits before the translated text move it, edits after it leave it.
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

  /** The hover over the first '9' of 1994, wherever the translated text now is. */
  async function hoverOverNine(doc: vscode.TextDocument): Promise<string[]> {
    const col = DATE_INPUT.indexOf('94');
    return ourHovers(doc.uri, doc.positionAt(doc.getText().indexOf(DATE_INPUT) + col));
  }

  async function edit(build: (e: vscode.WorkspaceEdit, doc: vscode.TextDocument) => void): Promise<void> {
    const e = new vscode.WorkspaceEdit();
    build(e, editor.document);
    assert.ok(await vscode.workspace.applyEdit(e));
  }

  it('follows the text through an edit before it: on the same line and as new lines above', async () => {
    const doc = editor.document;
    const col = DATE_INPUT.indexOf('94');
    const original = doc.getText();
    // A focused heatmap cell highlights the token in the editor; the highlight follows the text too.
    api.focusCell(0, 0, col);
    assert.strictEqual(api.highlightedSource()?.range.start.character, col);
    try {
      await edit((e, d) => e.insert(d.uri, new vscode.Position(0, 0), 'on '));
      assert.deepStrictEqual([api.highlightedSource()?.range.start.character, api.highlightedSource()?.range.end.character], [col + 3, col + 4]);
      assert.strictEqual(doc.getText().indexOf(DATE_INPUT), 3);
      const [shifted] = await hoverOverNine(doc);
      assert.ok(shifted?.includes(`\`9\` (${col + 1} of ${DATE_INPUT.length})`), `hover after a same-line edit before it: ${shifted}`);
      // The hover's range is the token's new place: three characters to the right.
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 3 + col));
      const ours = hovers.find(h => h.contents.some(c => (typeof c === 'string' ? c : c.value).includes(MARK)));
      assert.deepStrictEqual([ours?.range?.start.line, ours?.range?.start.character, ours?.range?.end.character], [0, 3 + col, 4 + col]);

      await edit((e, d) => e.insert(d.uri, new vscode.Position(0, 0), 'two lines\nabove\n'));
      assert.strictEqual(doc.positionAt(doc.getText().indexOf(DATE_INPUT)).line, 2);
      const [below] = await ourHovers(doc.uri, new vscode.Position(2, 3 + col));
      assert.ok(below?.includes(`\`9\` (${col + 1} of ${DATE_INPUT.length})`), `hover after new lines above it: ${below}`);
      assert.deepStrictEqual(await ourHovers(doc.uri, new vscode.Position(0, col)), [], 'nothing where the text used to be');
    } finally {
      await edit((e, d) => e.replace(d.uri, new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), original));
      await doc.save();
    }
  });

  it('stays through an edit after it, and goes when an edit touches the translated text', async () => {
    // The previous test's restore replaced the whole text (touching it): translate again.
    editor = await selectDate();
    const doc = editor.document;
    assert.ok(await vscode.commands.executeCommand(COMMANDS.translate), `translation failed: ${api.lastUserMessage()?.text}`);
    const original = doc.getText();
    try {
      assert.strictEqual((await hoverOverNine(doc)).length, 1, 'hover present before the edits');
      await edit((e, d) => e.insert(d.uri, d.positionAt(d.getText().length), 'appended at the end\n'));
      // Right after the translated text, on its line: the translated characters are untouched.
      await edit((e, d) => e.insert(d.uri, d.positionAt(d.getText().indexOf(DATE_INPUT) + DATE_INPUT.length), ' (mine)'));
      assert.strictEqual((await hoverOverNine(doc)).length, 1, 'hover kept after edits after the range');
      await edit((e, d) => {
        const at = d.getText().indexOf(DATE_INPUT) + DATE_INPUT.indexOf('27');
        e.replace(d.uri, new vscode.Range(d.positionAt(at), d.positionAt(at + 2)), '28');
      });
      assert.deepStrictEqual(await ourHovers(doc.uri, doc.positionAt(doc.getText().indexOf('september 28') + 2)), [],
        'no hover once the translated text itself was edited');
    } finally {
      await edit((e, d) => e.replace(d.uri, new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), original));
      await doc.save();
    }
  });
});
