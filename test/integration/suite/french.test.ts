/**
 * Real language in a real VS Code: the shipped English -> French and French -> English subword models
 * translate everyday sentences they never saw in training, with one heatmap column per subword piece and
 * no common word read as <unk>; French given to the English -> French model is offered the other one.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MismatchView, PanelView, TranslationView } from '../../../src/shared/protocol/webview';
import { fitVerdict } from '../../../src/shared/quality/fit';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, extensionPath, getApi, openAndSelect, requireModel, withSetting, writeWorkspaceFile } from './helpers';

/** Per model, sentences with a word a competent translation must contain. */
const DIRECTIONS: { model: string; name: string; into: string; sentences: [string, RegExp][] }[] = [
  {
    model: 'en-fr-luong-dot', name: 'English to French', into: 'French',
    sentences: [['I am a student.', /étudiant/], ['Where is the station?', /gare/], ['The weather is nice today.', /beau|temps/]],
  },
  {
    model: 'fr-en-luong-dot', name: 'French to English', into: 'English',
    sentences: [['Je suis étudiant.', /student/], ['Où est la gare ?', /station/], ["J'aime lire des livres.", /read|book/]],
  },
];

for (const { model: MODEL, name, into, sentences: SENTENCES } of DIRECTIONS) describe(`${name} (shipped subword model)`, function () {
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
    it(`"${sentence}" becomes ${into} with a subword heatmap and no <unk>`, async () => {
      // One file per sentence: rewriting an open document's file races with the editor's reload of it.
      const file = await writeWorkspaceFile(`${MODEL}-input-${k + 1}.txt`, `${sentence}\n`);
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

  it('decodes with the beam width its card chose on held-out pairs, unless the user set one', async () => {
    const card = (await api.listModels()).find(m => m.id === MODEL)?.card;
    assert.ok(card?.decoding && card.decoding.beamWidth > 1, `the card chose beam search: ${JSON.stringify(card?.decoding)}`);
    assert.ok(card.decoding.bleu > card.decoding.greedyBleu, 'because it scored better than greedy');
    const [sentence] = SENTENCES[0];
    const file = await writeWorkspaceFile(`${MODEL}-beam.txt`, `${sentence}\n`);
    await openAndSelect(file, sentence);
    const beamed = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(beamed, `translation failed: ${api.lastUserMessage()?.text}`);
    assert.ok(beamed.entry.beams.length > 1, `beam hypotheses shown: ${beamed.entry.beams.length}`);
    const restoreBeam = await withSetting('beamWidth', 1);
    try {
      await openAndSelect(file, sentence);
      const greedy = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(greedy, `translation failed: ${api.lastUserMessage()?.text}`);
      assert.deepStrictEqual(greedy.entry.beams, [], 'the setting, once set, wins: greedy');
    } finally {
      await restoreBeam();
    }
  });
});

describe('French given to the English -> French model', function () {
  this.timeout(180_000);

  it('says it does not fit and offers the French -> English model, which then translates it', async () => {
    const api = await getApi();
    await requireModel(api, 'en-fr-luong-dot');
    await requireModel(api, 'fr-en-luong-dot');
    const french = "Je ne sais pas ce qu'il veut.";
    const models = await api.listModels();
    const enFr = models.find(m => m.id === 'en-fr-luong-dot');
    assert.ok(enFr?.card?.fit && !fitVerdict(enFr.card.fit, french).fits, "the English -> French model's card says French does not fit");
    const restore = await withSetting('activeModel', 'en-fr-luong-dot');
    try {
      const file = await writeWorkspaceFile('french-into-en-fr.txt', `${french}\n`);
      await openAndSelect(file, french);
      const view = await vscode.commands.executeCommand<TranslationView | MismatchView | undefined>(COMMANDS.translate);
      assert.ok(view?.fit?.active && !view.fit.active.fits, `no fit verdict: ${api.lastUserMessage()?.text}`);
      const offer = view.fit.candidates.find(c => c.task === 'fr-en');
      assert.ok(offer, `offers: ${view.fit.candidates.map(c => c.modelId).join(', ')}`);
      const after: PanelView | undefined = await api.useOfferedModel(offer.modelId);
      assert.ok(after?.kind === 'translation', `translated again: ${after?.kind} (${api.lastUserMessage()?.text})`);
      assert.strictEqual(after.entry.modelId, 'fr-en-luong-dot');
      assert.match(after.entry.result.text, /know/, after.entry.result.text);
    } finally {
      await restore();
    }
  });
});
