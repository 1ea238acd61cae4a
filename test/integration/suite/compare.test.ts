/**
 * Compare Attention Mechanisms: the selection goes through every model of the active model's task. The
 * default model's task is the dates people type, so the book's six date models stay out of its comparison.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ComparisonView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DATE_INPUT, DEFAULT_MODEL, getApi, requireModel, selectDate, waitFor, withSetting } from './helpers';

describe('Compare Attention Mechanisms', function () {
  this.timeout(180_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  it('shows at least four mechanisms of the default model\'s task side by side, with their disagreements', async () => {
    await requireModel(api, DEFAULT_MODEL);
    await selectDate();
    const view = await vscode.commands.executeCommand<ComparisonView | undefined>(COMMANDS.compare);
    assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.kind, 'comparison');
    assert.strictEqual(view.input, DATE_INPUT);
    const mechanisms = new Set(view.entries.map(e => e.mechanism));
    assert.ok(mechanisms.size >= 4, `only ${[...mechanisms].join(', ')}`);
    const models = await api.listModels();
    const task = models.find(m => m.id === DEFAULT_MODEL)?.task;
    assert.ok(task && task !== 'date', `the default model has its own task (${task}), not the book's`);
    assert.deepStrictEqual(view.entries.map(e => e.modelId).sort(), models.filter(m => m.task === task).map(m => m.id).sort(),
      'every model of the task is compared, and only those');
    // Trained on the same dates, the attention models read this one alike.
    for (const entry of view.entries.filter(e => e.result.attention)) assert.strictEqual(entry.result.text, '1994-09-27', entry.modelId);
    for (const entry of view.entries) {
      assert.strictEqual(entry.result.source.length, DATE_INPUT.length);
      assert.ok(entry.result.output.length > 0, `${entry.modelId} produced an output`);
      if (entry.result.attention) {
        assert.ok(entry.stats, `${entry.modelId} has attention stats`);
        assert.strictEqual(entry.stats.rowEntropy.length, entry.result.output.length);
      } else {
        assert.ok(['baseline', 'peeky'].includes(entry.mechanism), `${entry.modelId} lacks attention`);
        assert.strictEqual(entry.stats, null);
      }
    }
    // Disagreements are exactly the positions where outputs differ.
    const length = Math.max(...view.entries.map(e => e.result.output.length));
    const expected = [...Array(length).keys()].filter(i => new Set(view.entries.map(e => e.result.output[i] ?? '')).size > 1);
    assert.deepStrictEqual(view.disagreements, expected);
    const delivered = await waitFor('the comparison to reach the webview', () => {
      const v = api.deliveredView();
      return v?.kind === 'comparison' ? v : undefined;
    }, 30_000);
    assert.strictEqual(delivered.entries.length, view.entries.length);
  });

  it('compares the book\'s six date models when one of them is active', async () => {
    await requireModel(api, 'date-bahdanau');
    const restore = await withSetting('activeModel', 'date-bahdanau');
    try {
      await selectDate();
      const view = await vscode.commands.executeCommand<ComparisonView | undefined>(COMMANDS.compare);
      assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
      const models = await api.listModels();
      assert.deepStrictEqual(view.entries.map(e => e.modelId).sort(), models.filter(m => m.task === 'date').map(m => m.id).sort());
      assert.strictEqual(new Set(view.entries.map(e => e.mechanism)).size, 6, 'Bahdanau, Luong dot / general / concat, baseline, peeky');
    } finally {
      await restore();
    }
  });
});
