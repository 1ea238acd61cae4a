/**
 * Translate Selection in a real VS Code: the selection goes through the active model into the panel;
 * bad requests are refused with a reason; heatmap focus and editor selection are linked.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import {
  COMMANDS, DATE_INPUT, DEFAULT_MODEL, getApi, openAndSelect, panelTabOpen, requireModel, selectDate, waitFor, withSetting, writeWorkspaceFile,
} from './helpers';

describe('Translate Selection', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  it('translates "september 27, 1994" to 1994-09-27 with one column per source character', async () => {
    await requireModel(api, DEFAULT_MODEL);
    await selectDate();
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.kind, 'translation');
    const { result } = view.entry;
    assert.strictEqual(view.entry.modelId, DEFAULT_MODEL);
    assert.strictEqual(result.text, '1994-09-27');
    assert.deepStrictEqual(result.source.map(s => s.text).join(''), DATE_INPUT);
    assert.strictEqual(result.source.length, DATE_INPUT.length, 'one source token per character');
    assert.ok(result.attention, 'Bahdanau returns an attention matrix');
    assert.strictEqual(result.attention.length, result.output.length, 'one row per output token');
    for (const row of result.attention) {
      assert.strictEqual(row.length, DATE_INPUT.length, 'one column per source character');
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-3, 'each row sums to 1');
    }
    assert.ok(view.entry.stats && view.entry.stats.coverage.length === DATE_INPUT.length);
    // The panel opened and its webview received exactly this view after its ready handshake.
    await waitFor('the panel tab', () => panelTabOpen());
    const delivered = await waitFor('the view to reach the webview', () => {
      const v = api.deliveredView();
      return v?.kind === 'translation' && v.input === DATE_INPUT ? v : undefined;
    }, 30_000);
    assert.strictEqual(delivered.entry.result.text, '1994-09-27');
    assert.deepStrictEqual(delivered.entry.result.attention, result.attention);
  });

  it('links a focused heatmap cell to its source token in the editor', async () => {
    await requireModel(api, DEFAULT_MODEL);
    const editor = await selectDate();
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(view);
    const col = DATE_INPUT.indexOf('1994');
    api.focusCell(0, 0, col);
    const highlighted = api.highlightedSource();
    assert.ok(highlighted, 'a decoration was set');
    assert.strictEqual(editor.document.getText(highlighted.range), '1');
    assert.strictEqual(editor.document.offsetAt(highlighted.range.start), editor.document.getText().indexOf(DATE_INPUT) + col);
  });

  it('links the editor cursor inside the translated text to the panel\'s column', async () => {
    await requireModel(api, DEFAULT_MODEL);
    const editor = await selectDate();
    assert.ok(await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate));
    assert.strictEqual(editor.document.getText().indexOf(DATE_INPUT), 0, 'the date is the first line');
    assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus beside the panel');
    const col = DATE_INPUT.indexOf('27');
    // Cursor commands, as the keyboard sends them (programmatic selection changes made by an extension
    // are not reported back to extensions).
    await vscode.commands.executeCommand('cursorTop');
    await vscode.commands.executeCommand('cursorMove', { to: 'right', by: 'character', value: col });
    await waitFor('the column highlight', () => api.highlightedColumn() === col);
    assert.strictEqual(editor.selection.active.character, col);
    // Outside the translated text: no column.
    await vscode.commands.executeCommand('cursorDown');
    await waitFor('the highlight to clear', () => api.highlightedColumn() === null);
  });

  it('translates the cursor\'s line when nothing is selected', async () => {
    await requireModel(api, DEFAULT_MODEL);
    const uri = await writeWorkspaceFile('empty-selection.txt', `  ${DATE_INPUT}  \n\n`);
    const editor = await openAndSelect(uri, DATE_INPUT);
    editor.selection = new vscode.Selection(0, 5, 0, 5);
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.input, DATE_INPUT, 'the line, trimmed');
    assert.strictEqual(view.entry.result.text, '1994-09-27');
  });

  it('tells the user why when nothing is selected on an empty line', async () => {
    const uri = await writeWorkspaceFile('empty-line.txt', 'some text\n\n');
    const editor = await openAndSelect(uri, 'some');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const result = await vscode.commands.executeCommand(COMMANDS.translate);
    assert.strictEqual(result, undefined);
    assert.match(api.lastUserMessage()?.text ?? '', /The current line is empty/);
  });

  it('refuses a selection longer than the maximum selection length, naming the setting', async () => {
    const restore = await withSetting('maxSelectionLength', 5);
    try {
      await selectDate();
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.translate), undefined);
      assert.match(api.lastUserMessage()?.text ?? '', /18 characters; the limit is 5 .*maxSelectionLength/);
    } finally {
      await restore();
    }
  });

  it('refuses characters the model never saw, quoting them', async () => {
    await requireModel(api, DEFAULT_MODEL);
    const uri = await writeWorkspaceFile('unknown-chars.txt', '§¶ 27 ☃\n');
    await openAndSelect(uri, '§¶ 27 ☃');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.translate), undefined);
    const message = api.lastUserMessage()?.text ?? '';
    assert.match(message, /does not know the characters/);
    assert.match(message, /'☃'/);
  });

  it('says which model is missing when the active model is not installed', async () => {
    const restore = await withSetting('activeModel', 'no-such-model');
    try {
      await selectDate();
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.translate), undefined);
      assert.match(api.lastUserMessage()?.text ?? '', /no-such-model/);
    } finally {
      await restore();
    }
  });
});
