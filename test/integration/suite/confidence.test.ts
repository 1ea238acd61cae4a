/**
 * Honest confidence in a real VS Code: a low-confidence output reaches the panel with its notice, an
 * English selection with the date model active is answered with the installed models that fit it (found
 * from their cards, not named here) and switching to one translates it; unknown source tokens are flagged
 * in the hover and the exports; model cards open as read-only documents.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ModelInfo } from '../../../src/shared/engine/types';
import type { MismatchView, PanelView, TranslationView } from '../../../src/shared/protocol/webview';
import { minTokenProbability } from '../../../src/shared/quality/confidence';
import { fitVerdict } from '../../../src/shared/quality/fit';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, getApi, openAndSelect, requireModel, waitFor, withSetting, workspaceFolder, writeWorkspaceFile } from './helpers';

const DATE_MODEL = 'date-bahdanau';
/** Dates outside the years the book's data covers (1970-2017): where the date models are unsure. */
const UNSURE = ['june 1, 2020', 'DEC 1, 1969', '12/31/69', 'may 5, 2030'];
/** The first line of the sample workspace's english.txt. */
const ENGLISH = "I won't buy this shirt.";

/** Every installed model of another task whose card says the input fits: what the panel must offer (one per task). */
function tasksThatFit(models: ModelInfo[], text: string, activeTask: string): string[] {
  return [...new Set(models.filter(m => m.task !== activeTask && m.card?.fit && fitVerdict(m.card.fit, text).fits).map(m => m.task))].sort();
}

describe('Confidence, fit and model cards', function () {
  this.timeout(180_000);
  let api: Seq2SeqTestApi;
  let restoreActive: () => Promise<void>;

  before(async () => {
    api = await getApi();
    await requireModel(api, DATE_MODEL);
    restoreActive = await withSetting('activeModel', DATE_MODEL);
  });
  after(async () => {
    await restoreActive?.();
  });

  it('flags a low-confidence output against the calibrated threshold of the model card, and the panel receives the notice', async () => {
    const info = (await api.listModels()).find(m => m.id === DATE_MODEL);
    const calibration = info?.card?.confidence;
    assert.ok(calibration?.calibrated, `${DATE_MODEL} has a calibrated card`);
    const uri = await writeWorkspaceFile('unsure-dates.txt', UNSURE.join('\n') + '\n');
    const low: TranslationView[] = [];
    for (const input of UNSURE) {
      await openAndSelect(uri, input);
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(view && view.kind === 'translation', `translation of '${input}' failed: ${api.lastUserMessage()?.text}`);
      const { result, confidence } = view.entry;
      assert.ok(confidence, 'the entry carries its confidence');
      assert.strictEqual(result.minTokenProbability, minTokenProbability(result));
      assert.strictEqual(confidence.threshold, calibration.threshold);
      assert.strictEqual(confidence.low, minTokenProbability(result) < calibration.threshold, `'${input}': the notice follows the card's threshold`);
      assert.deepStrictEqual(confidence.lowTokens, result.probabilities.flatMap((p, i) => (p < calibration.tokenThreshold ? [i] : [])));
      assert.strictEqual(view.fit?.active?.fits, true, `'${input}' is a date in the book's formats: it fits`);
      if (confidence.low) low.push(view);
    }
    assert.ok(low.length > 0, `none of ${UNSURE.join(', ')} fell below ${DATE_MODEL}'s threshold ${calibration.threshold}`);
    // The last of them reaches the webview with its notice data.
    const last = low.at(-1) as TranslationView;
    await openAndSelect(uri, last.input);
    await vscode.commands.executeCommand(COMMANDS.translate);
    const delivered = await waitFor('the low-confidence view in the webview', () => {
      const v = api.deliveredView();
      return v?.kind === 'translation' && v.input === last.input ? v : undefined;
    }, 30_000);
    assert.strictEqual(delivered.entry.confidence?.low, true);
    assert.ok(delivered.entry.card?.heldOut.length, 'with the card\'s held-out figures');
  });

  it('answers English with the date model active by offering the installed models that fit, and switches on request', async () => {
    const models = await api.listModels();
    const expected = tasksThatFit(models, ENGLISH, 'date');
    assert.ok(expected.includes('en-ko'), `the English-Korean model fits its own training sentence (fitting tasks: ${expected.join(', ')})`);
    await openAndSelect(vscode.Uri.joinPath(workspaceFolder(), 'english.txt'), ENGLISH);
    const view = await vscode.commands.executeCommand<TranslationView | MismatchView | undefined>(COMMANDS.translate);
    assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
    const fit = view.fit;
    assert.ok(fit?.active && !fit.active.fits, 'the date model says English does not fit');
    assert.deepStrictEqual(fit.candidates.map(c => c.task).sort(), expected, 'one offer per task that fits');
    assert.ok(fit.candidates.every(c => models.some(m => m.id === c.modelId)));
    await waitFor('the offer in the webview', () => {
      const delivered = api.deliveredView();
      return (delivered?.kind === 'translation' || delivered?.kind === 'mismatch') && delivered.kind === view.kind && delivered.input === ENGLISH;
    }, 30_000);

    // A model the view does not offer is ignored.
    const other = models.find(m => m.task === 'date' && m.id !== DATE_MODEL);
    if (other) {
      await api.useOfferedModel(other.id);
      assert.strictEqual(vscode.workspace.getConfiguration('seq2seqAttention').get('activeModel'), DATE_MODEL);
    }
    const choice = fit.candidates.find(c => c.task === 'en-ko') ?? fit.candidates[0];
    const after: PanelView | undefined = await api.useOfferedModel(choice.modelId);
    assert.strictEqual(vscode.workspace.getConfiguration('seq2seqAttention').get('activeModel'), choice.modelId);
    assert.ok(after?.kind === 'translation', `translated again: ${after?.kind} (${api.lastUserMessage()?.text})`);
    assert.strictEqual(after.entry.modelId, choice.modelId);
    assert.strictEqual(after.input, ENGLISH);
    assert.strictEqual(after.fit?.active?.fits, true);
    await vscode.workspace.getConfiguration('seq2seqAttention').update('activeModel', DATE_MODEL, vscode.ConfigurationTarget.Global);
  });

  it('flags source words the model reads as <unk> in the hover and in the JSON and CSV exports', async () => {
    const enKo = (await api.listModels()).find(m => m.task === 'en-ko');
    assert.ok(enKo, 'the English-Korean model is installed');
    const restore = await withSetting('activeModel', enKo.id);
    try {
      const sentence = 'Tom bought a zyxwvut yesterday.';
      const uri = await writeWorkspaceFile('unknown-word.txt', `${sentence}\n`);
      const editor = await openAndSelect(uri, sentence);
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(view?.kind === 'translation', `translation failed: ${api.lastUserMessage()?.text}`);
      const col = view.entry.result.source.findIndex(t => t.text === 'zyxwvut');
      assert.ok(col >= 0);
      assert.strictEqual(view.entry.result.sourceUnknown[col], true, 'the made-up word is unknown');
      assert.strictEqual(view.entry.result.sourceUnknown[0], false, "'Tom' is known");

      const position = editor.document.positionAt(editor.document.offsetAt(editor.selection.start) + view.entry.result.source[col].start);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const ours = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).filter(t => t.includes('Attention to source token'));
      assert.strictEqual(ours.length, 1);
      assert.match(ours[0], /Unknown to the model:\*\* it read this token as `<unk>`/);

      const json = vscode.Uri.joinPath(workspaceFolder(), 'unknown-word.json');
      assert.ok(await vscode.commands.executeCommand(COMMANDS.export, { format: 'json', uri: json }), `export failed: ${api.lastUserMessage()?.text}`);
      const exported = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(json)).toString('utf8')) as { view: TranslationView };
      assert.deepStrictEqual(exported.view.entry.result.sourceUnknown, view.entry.result.sourceUnknown);
      const csv = vscode.Uri.joinPath(workspaceFolder(), 'unknown-word.csv');
      assert.ok(await vscode.commands.executeCommand(COMMANDS.export, { format: 'csv', uri: csv }));
      const lines = Buffer.from(await vscode.workspace.fs.readFile(csv)).toString('utf8').split('\r\n').filter(Boolean);
      const flags = lines.at(-1)?.split(',') ?? [];
      assert.strictEqual(flags[0], 'source read as <unk>');
      assert.strictEqual(flags[col + 1], 'yes');
      assert.strictEqual(flags.filter(f => f === 'yes').length, view.entry.result.sourceUnknown.filter(Boolean).length);
    } finally {
      await restore();
    }
  });

  it('opens a model card as a read-only document with its held-out figures', async () => {
    const shown = await vscode.commands.executeCommand<vscode.Uri | undefined>('seq2seqAttention.showModelCard', DATE_MODEL);
    assert.ok(shown, `the card did not open: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(shown.scheme, 'seq2seq-model-card');
    const document = await vscode.workspace.openTextDocument(shown);
    const text = document.getText();
    const heldOut = (await api.listModels()).find(m => m.id === DATE_MODEL)?.card?.heldOut[0];
    assert.ok(heldOut);
    assert.match(text, /## Held-out scores/);
    assert.ok(text.includes(`${(heldOut.exactMatch * 100).toFixed(2)} %`), 'the held-out exact match');
    assert.ok(text.includes(heldOut.pairs.toLocaleString('en-US')), 'the number of held-out pairs');
    assert.match(text, /## Training data[\s\S]*MIT licence, copyright \(c\) 2018 Koki Saitoh/);
    // A virtual document: nothing on disk to change, and it cannot be written.
    assert.strictEqual(document.isUntitled, false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(shown, Buffer.from('x'))), 'the card cannot be written');
  });
});
