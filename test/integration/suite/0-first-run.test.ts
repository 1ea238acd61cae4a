/**
 * First run (this file sorts first, before anything is translated): Show Attention Explorer opens the
 * panel on the training curves stored in the shipped models of the default model's task, baseline vs
 * peeky vs attention: the book's figure 8-26, on the dates people type.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TrainingView } from '../../../src/shared/protocol/webview';
import { COMMANDS, DEFAULT_MODEL, getApi, panelTabOpen, requireModel, waitFor } from './helpers';

describe('Show Attention Explorer on first run', function () {
  this.timeout(120_000);

  it('shows the training curves of the default model\'s task (figure 8-26)', async () => {
    const api = await getApi();
    await requireModel(api, DEFAULT_MODEL);
    assert.strictEqual(api.lastView(), undefined, 'nothing shown yet');
    await vscode.commands.executeCommand(COMMANDS.showPanel);
    const view = api.lastView();
    assert.ok(view && view.kind === 'training', `got ${view?.kind}`);
    const mechanisms = new Set(view.runs.map(r => r.mechanism));
    for (const m of ['baseline', 'peeky', 'bahdanau'] as const) assert.ok(mechanisms.has(m), `no ${m} run`);
    const models = await api.listModels();
    const task = models.find(m => m.id === DEFAULT_MODEL)?.task;
    const ofTask = models.filter(m => m.task === task).map(m => m.id).sort();
    assert.deepStrictEqual(view.runs.map(r => r.runId).sort(), ofTask, `the runs are the models of task '${task}'`);
    for (const run of view.runs) {
      assert.strictEqual(run.state, 'completed');
      assert.ok(run.epochs.length > 0, `${run.runId} has per-epoch figures`);
      assert.ok(run.epochs.every(e => e.exactMatch >= 0 && e.exactMatch <= 1));
    }
    await waitFor('the panel tab', () => panelTabOpen());
    const delivered = await waitFor('the training view to reach the webview', () => {
      const v = api.deliveredView();
      return v?.kind === 'training' ? v as TrainingView : undefined;
    }, 30_000);
    assert.strictEqual(delivered.runs.length, view.runs.length);
  });
});
