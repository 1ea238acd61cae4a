/**
 * Training from a workspace dataset, end to end in the worker: the scan finds the fixture, a run completes
 * and saves a model that then translates, the malformed line shows up in the Problems panel, and a
 * cancelled run keeps its last epoch's checkpoint.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../../src/shared/protocol/worker';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, copyFixture, getApi, koreanBundle, untilProgress, openAndSelect, waitFor, withSetting, workspaceFolder, writeWorkspaceFile } from './helpers';

const FIXTURE = 'dates-small.txt';
/** Small enough for seconds per epoch on two shared cores. */
const TINY = { preset: 'tiny', batchSize: 32, mechanism: 'luong-dot', makeActive: false } as const;

describe('Train Model from Workspace Dataset', function () {
  this.timeout(300_000);
  let api: Seq2SeqTestApi;
  let dataset: vscode.Uri;

  before(async () => {
    api = await getApi();
    dataset = await copyFixture(FIXTURE);
  });

  it('finds the dataset in the workspace with its format and pair count', async () => {
    const candidates = await api.scanDatasets();
    const found = candidates.find(c => c.uri.toString() === dataset.toString());
    assert.ok(found, `not among ${candidates.map(c => c.uri.path).join(', ')}`);
    assert.strictEqual(found.format, 'fixed-width');
    assert.strictEqual(found.pairs, 301, 'one pair per line (the malformed line is only found when read)');
    assert.strictEqual(found.approximate, false);
    assert.ok(found.sample.length > 0 && found.sample[0].target === '1972-02-07', JSON.stringify(found.sample[0]));
  });

  it("shows the skipped lines' reasons and the refusal of a dataset with one usable pair in the display language (Korean bundle)", async () => {
    const korean = koreanBundle();
    const file = await writeWorkspaceFile('ko-issues.tsv', 'Go.\tVa !\n\tvide\nHi.\t \nno tab here\n');
    api.renderMessagesFromBundle(korean);
    try {
      const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train, { file, epochs: 1, modelId: 'test-ko-issues', ...TINY });
      assert.strictEqual(result, undefined, 'one usable pair is too few to train on');
      assert.match(api.lastUserMessage()?.text ?? '', /ko-issues\.tsv: 쓸 수 있는 쌍이 1개뿐입니다\. 학습에는 2개 이상이 필요합니다\./);
      // The reasons come from the worker as codes; the host words them ('Skipped line' is VS Code's language, English here).
      const diagnostics = [...vscode.languages.getDiagnostics(file)].sort((a, b) => a.range.start.line - b.range.start.line);
      assert.deepStrictEqual(diagnostics.map(d => [d.range.start.line + 1, d.message]), [
        [2, 'Skipped line 2: 원문이 비어 있습니다'],
        [3, 'Skipped line 3: 목표가 비어 있습니다'],
        [4, 'Skipped line 4: 탭으로 구분한 열이 2개 또는 3개여야 하는데 1개입니다'],
      ]);
    } finally {
      api.renderMessagesFromBundle(undefined);
    }
  });

  it('trains, saves a model that translates, and reports the malformed line in the Problems panel', async () => {
    const modelId = 'test-dates-luong-dot';
    const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 2, modelId, ...TINY });
    assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(result.summary.stoppedBy, 'completed');
    assert.strictEqual(result.summary.epochs.length, 2);
    assert.strictEqual(result.model.id, modelId);
    assert.strictEqual(result.model.mechanism, 'luong-dot');
    assert.ok(fs.existsSync(path.join(api.saveDir(), `${modelId}.s2s`)), 'model file saved');
    assert.ok((await api.listModels()).some(m => m.id === modelId), 'listed');

    const diagnostics = vscode.languages.getDiagnostics(dataset);
    const malformed = diagnostics.find(d => d.range.start.line === 41);
    assert.ok(malformed, `no diagnostic on line 42: ${JSON.stringify(diagnostics.map(d => [d.range.start.line, d.message]))}`);
    assert.match(malformed.message, /line 42/);

    const training = api.trainingView().runs.find(r => r.runId === modelId);
    assert.ok(training && training.state === 'completed' && training.epochs.length === 2);

    const restore = await withSetting('activeModel', modelId);
    try {
      await openAndSelect(dataset, 'December 21, 2002');
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(view, `translation with the new model failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(view.entry.modelId, modelId);
      assert.strictEqual(view.entry.result.source.length, 'December 21, 2002'.length);
      assert.ok(view.entry.result.attention && view.entry.result.attention.length === view.entry.result.output.length);
    } finally {
      await restore();
    }
  });

  it('trains the medium preset on both cores: a gradient helper thread started from the worker bundle', async () => {
    const modelId = 'test-dates-two-threads';
    const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 1, modelId, preset: 'medium', batchSize: 64, mechanism: 'luong-dot', makeActive: false });
    assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(result.summary.stoppedBy, 'completed');
    assert.strictEqual(result.summary.threads, 2, 'the medium preset trains on two threads');
    assert.strictEqual(result.summary.parallelMode, 'delayed', 'by default each thread trains whole batches (training.parallelism)');
    assert.ok(Number.isFinite(result.summary.epochs[0].trainLoss), `loss ${result.summary.epochs[0].trainLoss}`);
    assert.ok(fs.existsSync(path.join(api.saveDir(), `${modelId}.s2s`)), 'model file saved');
  });

  for (const [parallelism, threads, mode] of [['exact', 2, 'exact'], ['off', 1, 'exact']] as const) {
    it(`follows training.parallelism "${parallelism}": ${threads} thread(s), ${mode} updates`, async () => {
      const restore = await withSetting('training.parallelism', parallelism);
      try {
        const modelId = `test-dates-parallelism-${parallelism}`;
        const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train, { file: dataset, epochs: 1, modelId, ...TINY });
        assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
        assert.deepStrictEqual([result.summary.threads, result.summary.parallelMode], [threads, mode]);
      } finally {
        await restore();
      }
    });
  }

  it('can be cancelled, and the last epoch\'s checkpoint survives and translates', async () => {
    const modelId = 'test-dates-cancelled';
    const running = vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 200, modelId, ...TINY });
    await untilProgress(api, modelId, 'epoch', running);
    assert.strictEqual(api.isTraining(), true);
    await vscode.commands.executeCommand(COMMANDS.cancelTraining);
    const result = await running;
    assert.ok(result, `cancelled training reported an error: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(result.summary.stoppedBy, 'cancelled');
    assert.ok(result.summary.epochs.length >= 1 && result.summary.epochs.length < 200);
    assert.strictEqual(api.isTraining(), false);
    assert.strictEqual(api.trainingView().runs.find(r => r.runId === modelId)?.state, 'cancelled');
    assert.ok(fs.existsSync(path.join(api.saveDir(), `${modelId}.s2s`)), 'checkpoint kept');
    const beam = await api.workerClient.call('translate', { modelId, text: 'December 21, 2002', beamWidth: 1, topK: 0 });
    assert.ok(beam.hypotheses[0].output.length > 0);
  });

  it('refuses a second run while one is in progress', async () => {
    const modelId = 'test-dates-busy';
    const running = vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 200, modelId, ...TINY });
    await untilProgress(api, modelId, 'dataset', running);
    const second = await vscode.commands.executeCommand(COMMANDS.train, { file: dataset, epochs: 1, modelId: 'test-dates-second', ...TINY });
    assert.strictEqual(second, undefined);
    assert.match(api.lastUserMessage()?.text ?? '', /already in progress/);
    await vscode.commands.executeCommand(COMMANDS.cancelTraining);
    await running;
    await waitFor('training to end', () => !api.isTraining());
  });
});

describe('Model save location', function () {
  this.timeout(300_000);

  it('saves into the trusted workspace\'s .seq2seq/models when the setting says so, at once', async () => {
    const api = await getApi();
    const dataset = await copyFixture(FIXTURE, 'dates-location.txt');
    const restore = await withSetting('training.saveLocation', 'workspace');
    try {
      assert.strictEqual(vscode.workspace.isTrusted, true);
      const expected = path.join(workspaceFolder().fsPath, '.seq2seq', 'models');
      assert.strictEqual(api.saveDir(), expected);
      const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
        { file: dataset, epochs: 1, modelId: 'test-in-workspace', ...TINY });
      assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(result.model.path, path.join(expected, 'test-in-workspace.s2s'));
      assert.ok(fs.existsSync(result.model.path));
      assert.ok((await api.listModels()).some(m => m.id === 'test-in-workspace'));
    } finally {
      await restore();
    }
    // Back to global storage: the workspace model is no longer listed.
    assert.ok(!(await api.listModels()).some(m => m.id === 'test-in-workspace'));
  });
});

describe('Backend setting', function () {
  this.timeout(300_000);

  it('applies a backend change to the next call, without a reload', async () => {
    const api = await getApi();
    const dataset = await copyFixture(FIXTURE, 'dates-backend.txt');
    const restore = await withSetting('backend', 'cpu');
    try {
      const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
        { file: dataset, epochs: 1, modelId: 'test-on-cpu', ...TINY, batchSize: 100 });
      assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(result.summary.backend, 'cpu');
    } finally {
      await restore();
    }
    const again = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 1, modelId: 'test-on-wasm', ...TINY, batchSize: 100 });
    assert.ok(again, `training failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(again.summary.backend, 'wasm');
  });

  it('does not switch the backend under a running training: the change applies to the next call', async () => {
    const api = await getApi();
    const dataset = await copyFixture(FIXTURE, 'dates-backend-during.txt');
    const modelId = 'test-backend-during';
    const running = vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 3, modelId, ...TINY, batchSize: 100 });
    await untilProgress(api, modelId, 'batch', running);
    const restore = await withSetting('backend', 'cpu');
    try {
      // A call during the run (what the panel or the hover would make) must not re-initialise the worker.
      assert.ok((await api.workerClient.call('listModels', {})).length > 0);
      const result = await running;
      assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(result.summary.stoppedBy, 'completed');
      assert.strictEqual(result.summary.epochs.length, 3);
      assert.strictEqual(result.summary.backend, 'wasm', 'the run kept the backend it started on');
      const after = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
        { file: dataset, epochs: 1, modelId: 'test-backend-after', ...TINY, batchSize: 100 });
      assert.ok(after, `training failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(after.summary.backend, 'cpu', 'the next run uses the new setting');
    } finally {
      await restore();
    }
  });
});
