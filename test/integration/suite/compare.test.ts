/** Compare Attention Mechanisms: the selection goes through every model of the active model's task. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ComparisonView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DATE_INPUT, getApi, requireModel, selectDate, waitFor } from './helpers';

describe('Compare Attention Mechanisms', function () {
  this.timeout(180_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  it('shows at least four mechanisms side by side, with their disagreements', async () => {
    await requireModel(api, 'date-bahdanau');
    await selectDate();
    const view = await vscode.commands.executeCommand<ComparisonView | undefined>(COMMANDS.compare);
    assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.kind, 'comparison');
    assert.strictEqual(view.input, DATE_INPUT);
    const mechanisms = new Set(view.entries.map(e => e.mechanism));
    assert.ok(mechanisms.size >= 4, `only ${[...mechanisms].join(', ')}`);
    const models = await api.listModels();
    const dateModels = models.filter(m => m.task === 'date');
    assert.strictEqual(view.entries.length, dateModels.length, 'every model of the task is compared');
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
});
