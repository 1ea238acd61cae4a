/**
 * Subword models in the editor, pieces or words (`subwords.view`): a focused heatmap cell highlights its
 * piece, or in the word view its whole word; the hover names the piece or the word; a selection within
 * one word highlights that word's column. A tiny English -> Korean subword model is trained for it.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TrainResult } from '../../../src/shared/protocol/worker';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, copyFixture, getApi, openAndSelect, waitFor, withSetting, writeWorkspaceFile } from './helpers';

const INPUT = 'Seriously? Be patient, wonderful idiot.';
const MODEL_ID = 'test-en-ko-subword-view';

async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).filter(t => t.includes('Attention to source'));
}

describe('Subword pieces and words in the editor', function () {
  this.timeout(300_000);
  let api: Seq2SeqTestApi;
  let editor: vscode.TextEditor;
  let view: TranslationView;
  let restoreModel: () => Promise<void>;
  /** Offset of the input in its document. */
  let base: number;

  before(async () => {
    api = await getApi();
    const dataset = await copyFixture('kor-eng-small.tsv', 'kor-eng-subword-view.tsv');
    const trained = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train, {
      file: dataset, tokenizer: 'subword', epochs: 1, modelId: MODEL_ID, preset: 'tiny', batchSize: 32,
      mechanism: 'luong-dot', makeActive: false,
    });
    assert.ok(trained, `training failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(trained.model.config.sourceTokenizer, 'subword');
    restoreModel = await withSetting('activeModel', MODEL_ID);
    const uri = await writeWorkspaceFile('subword-view.txt', `${INPUT}\n`);
    editor = await openAndSelect(uri, INPUT);
    base = editor.document.offsetAt(editor.selection.start);
    const result = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(result, `translation failed: ${api.lastUserMessage()?.text}`);
    view = result;
    assert.deepStrictEqual(view.entry.tokenizers, { source: 'subword', target: 'subword' });
  });

  after(async () => {
    await restoreModel?.();
  });

  /** The first word of the input made of several pieces: its index, its pieces and its text. */
  function multiPieceWord(): { word: number; pieces: number[]; text: string } {
    const source = view.entry.result.source;
    const words: number[][] = [];
    source.forEach((t, i) => (i === 0 || t.text.startsWith('\u2581') ? words.push([i]) : words[words.length - 1].push(i)));
    const word = words.findIndex(w => w.length > 1);
    assert.ok(word >= 0, `a word of several pieces in ${JSON.stringify(source.map(t => t.text))}`);
    const pieces = words[word];
    return { word, pieces, text: INPUT.slice(source[pieces[0]].start, source[pieces[pieces.length - 1]].end) };
  }

  function highlightedText(): string {
    const h = api.highlightedSource();
    assert.ok(h, 'a highlighted range');
    return editor.document.getText(h.range);
  }

  it('highlights a piece for a cell of the piece view and the whole word for a cell of the word view', async () => {
    const { word, pieces, text } = multiPieceWord();
    const last = view.entry.result.source[pieces[pieces.length - 1]];
    api.focusCell(0, 0, pieces[pieces.length - 1]);
    await waitFor('the piece highlighted', () => api.highlightedSource());
    assert.strictEqual(highlightedText(), last.text.replace(/^\u2581/, ''));
    api.focusCell(0, 0, word, 'words');
    await waitFor('the word highlighted', () => highlightedText() === text);
    assert.ok(text.length > last.text.length, `${text} is longer than its last piece`);
    assert.strictEqual(editor.document.getText(api.highlightedSource()?.range).trim(), INPUT.split(' ')[word]);
  });

  it('names the piece under the mouse in the piece view and the whole word in the word view', async () => {
    const { word, pieces, text } = multiPieceWord();
    const inner = view.entry.result.source[pieces[1]];
    const position = editor.document.positionAt(base + inner.start);
    const [piece] = await hoverTexts(editor.document.uri, position);
    assert.ok(piece?.includes(`**Attention to source token** \`${inner.text}\` (${pieces[1] + 1} of ${view.entry.result.source.length})`), piece);
    const restore = await withSetting('subwords.view', 'words');
    try {
      const [whole] = await hoverTexts(editor.document.uri, position);
      assert.ok(whole?.includes(`**Attention to source word** \`${text}\` (${word + 1} of ${INPUT.split(' ').length})`), whole);
      assert.ok(!whole.includes('\u2581'), 'words are written without \u2581');
    } finally {
      await restore();
    }
  });

  it('highlights the column of the word a selection lies in, in the word view', async () => {
    const { pieces, text } = multiPieceWord();
    const start = base + INPUT.indexOf(text);
    const select = (from: number, to: number) => { editor.selection = new vscode.Selection(editor.document.positionAt(from), editor.document.positionAt(to)); };
    // Pieces: a selection within the first piece highlights it; the whole word spans several columns, so none.
    select(start, start + 1);
    await waitFor('the first piece\'s column', () => api.highlightedColumn() === pieces[0]);
    select(start, start + text.length);
    await waitFor('no column for a selection over several pieces', () => api.highlightedColumn() === null);
    const restore = await withSetting('subwords.view', 'words');
    try {
      select(start + 1, start + text.length);
      // The host names the word's first piece; the panel draws that piece's word.
      await waitFor('the word\'s column', () => api.highlightedColumn() === pieces[0]);
    } finally {
      await restore();
    }
  });

  it('keeps the last of quick Pieces / Words clicks, whatever order the settings writes land in', async () => {
    const restore = await withSetting('subwords.view', 'words');
    try {
      const view = (): unknown => vscode.workspace.getConfiguration('seq2seqAttention').get('subwords.view');
      // Pieces, then Words before the first write has landed: the second must not be compared with the
      // setting as it was before the first.
      api.chooseSubwordView('pieces');
      api.chooseSubwordView('words');
      await waitFor('the setting on words', () => view() === 'words');
      await new Promise(resolve => setTimeout(resolve, 1500));
      assert.strictEqual(view(), 'words', 'still words after the writes settled');
    } finally {
      await restore();
    }
  });
});
