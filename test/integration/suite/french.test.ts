/**
 * Real language in a real VS Code: the shipped English -> French subword model translates everyday
 * sentences it never saw in training, with one heatmap column per subword piece and no common word read
 * as <unk>.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, extensionPath, getApi, openAndSelect, requireModel, withSetting, writeWorkspaceFile } from './helpers';

const MODEL = 'en-fr-luong-dot';

/** Sentences with the French word a competent translation must contain. */
const SENTENCES: [string, RegExp][] = [
  ['I am a student.', /étudiant/],
  ['Where is the station?', /gare/],
  ['The weather is nice today.', /beau|temps/],
];

describe('English to French (shipped subword model)', function () {
  this.timeout(180_000);
  let api: Seq2SeqTestApi;
  let restore: () => Promise<void>;
  let sourceVocab: Set<string>;

  before(async () => {
    api = await getApi();
    await requireModel(api, MODEL);
    restore = await withSetting('activeModel', MODEL);
    const file = path.join(extensionPath(), 'media', 'models', `${MODEL}.s2s`);
    // The header is JSON after 'S2SMODEL' and its uint32 length (src/shared/engine/modelFile.ts).
    const bytes = fs.readFileSync(file);
    const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString('utf8')) as { sourceVocab: string[] };
    sourceVocab = new Set(header.sourceVocab);
  });
  after(async () => {
    await restore?.();
  });

  SENTENCES.forEach(([sentence, expected], k) => {
    it(`"${sentence}" becomes French with a subword heatmap and no <unk>`, async () => {
      // One file per sentence: rewriting an open document's file races with the editor's reload of it.
      const file = await writeWorkspaceFile(`french-input-${k + 1}.txt`, `${sentence}\n`);
      const editor = await openAndSelect(file, sentence);
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(view, `translation failed: ${api.lastUserMessage()?.text}`);
      const { result } = view.entry;
      assert.strictEqual(view.entry.modelId, MODEL);
      assert.match(result.text, expected, `'${sentence}' -> '${result.text}'`);
      assert.ok(!result.text.includes('<unk>') && !result.text.includes('▁'), result.text);
      assert.ok(result.source.some(t => t.text.startsWith('▁')), 'subword pieces with word marks');
      assert.strictEqual(result.source.map(t => t.text).join('').replace(/▁/g, ' ').trim(), sentence, 'the pieces spell the input');
      const start = editor.document.offsetAt(editor.selection.start);
      for (const t of result.source) {
        const range = new vscode.Range(editor.document.positionAt(start + t.start), editor.document.positionAt(start + t.end));
        assert.strictEqual(editor.document.getText(range), t.text.replace(/^▁/, ''), 'a piece maps onto its characters');
      }
      assert.ok(result.attention && result.attention.length === result.output.length);
      for (const row of result.attention) {
        assert.strictEqual(row.length, result.source.length);
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-3);
      }
      const unknown = result.source.map(t => t.text).filter(t => !sourceVocab.has(t));
      assert.deepStrictEqual(unknown, [], 'no source piece is read as <unk>');
    });
  });
});
