/**
 * Korean end to end: word- and subword-level models trained on a few Tatoeba pairs (Korean -> English)
 * translate a Hangul selection; their source tokens map back onto the editor text (NFC, no syllable lost)
 * and the hover finds the token.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TrainResult } from '../../../src/shared/protocol/worker';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, copyFixture, getApi, openAndSelect, withSetting } from './helpers';

describe('Korean text', function () {
  this.timeout(300_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  for (const tokenizer of ['word', 'subword'] as const) {
    it(`trains a ${tokenizer}-level Korean model and translates a Hangul selection with aligned spans and hover`, async () => {
      const dataset = await copyFixture('kor-eng-small.tsv');
      const modelId = `test-ko-en-${tokenizer}`;
      const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train, {
        file: dataset, reverseDirection: true, tokenizer, epochs: 2, modelId, preset: 'tiny', batchSize: 32,
        mechanism: 'luong-general', makeActive: false,
      });
      assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(result.model.config.sourceTokenizer, tokenizer);
      assert.strictEqual(result.model.task, 'eng-kor', 'kor-eng.tsv read in reverse: Korean to English');

      const document = await vscode.workspace.openTextDocument(dataset);
      const line = document.lineAt(150).text;
      const korean = line.split('\t')[1];
      assert.match(korean, /[\uac00-\ud7a3]/, 'a Hangul sentence');
      const restore = await withSetting('activeModel', modelId);
      try {
        const editor = await openAndSelect(dataset, korean);
        const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
        assert.ok(view, `translation failed: ${api.lastUserMessage()?.text}`);
        const source = view.entry.result.source;
        assert.ok(source.length >= 1);
        // Each source token's span is exactly that token in the editor (a subword piece without its '▁').
        const start = editor.document.offsetAt(editor.selection.start);
        for (const token of source) {
          const text = editor.document.getText(new vscode.Range(editor.document.positionAt(start + token.start), editor.document.positionAt(start + token.end)));
          assert.strictEqual(text.normalize('NFC'), token.text.replace(/^▁/, ''));
        }
        if (tokenizer === 'subword') {
          assert.strictEqual(source.map(t => t.text).join('').replace(/▁/g, ' ').trim(), korean.normalize('NFC').replace(/\s+/g, ' ').trim(),
            'the pieces spell the whole sentence');
        }
        const word = source.find(t => /[\uac00-\ud7a3]/.test(t.text));
        assert.ok(word, 'a Hangul token');
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dataset,
          editor.document.positionAt(start + word.start));
        const ours = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).filter(t => t.includes('Attention to source token'));
        assert.strictEqual(ours.length, 1);
        assert.ok(ours[0].includes(`\`${word.text}\``), ours[0]);
      } finally {
        await restore();
      }
    });
  }
});
