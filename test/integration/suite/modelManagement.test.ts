/**
 * Naming, renaming and deleting trained models: a tiny model trained with a name, renamed through
 * Rename Trained Model (the label changes in the registry and in the file on disk), deleted through
 * Delete Trained Model after its confirmation (the file is gone and, as it was the active model, the
 * default model is active again); shipped models are refused.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelInfo } from '../../../src/shared/engine/types';
import type { TrainResult } from '../../../src/shared/protocol/worker';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DEFAULT_MODEL, copyFixture, getApi, requireModel, waitFor, withSetting } from './helpers';

const RENAME = 'seq2seqAttention.renameModel';
const DELETE = 'seq2seqAttention.deleteModel';

/** The label stored in a model file's header, read without the engine: magic, uint32 length, JSON. */
function labelOnDisk(file: string): string {
  const bytes = fs.readFileSync(file);
  return (JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString('utf8')) as { meta: { label: string } }).meta.label;
}

describe('Rename and Delete Trained Model', function () {
  this.timeout(300_000);
  let api: Seq2SeqTestApi;
  const modelId = 'test-managed-model';
  let file: string;

  before(async () => {
    api = await getApi();
    await requireModel(api, DEFAULT_MODEL);
    const dataset = await copyFixture('dates-small.txt', 'dates-managed.txt');
    const result = await vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 1, modelId, label: 'My first dates model', preset: 'tiny', batchSize: 100, mechanism: 'luong-dot', makeActive: false });
    assert.ok(result, `training failed: ${api.lastUserMessage()?.text}`);
    file = result.model.path;
    assert.strictEqual(result.model.label, 'My first dates model', 'the name given at training');
    assert.strictEqual(labelOnDisk(file), 'My first dates model');
  });

  it('renames a trained model: the new label in the registry and in its file, no temporary file left', async () => {
    const renamed = await vscode.commands.executeCommand<ModelInfo | undefined>(RENAME, modelId, '  Dates, renamed  ');
    assert.ok(renamed, `rename failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(renamed.label, 'Dates, renamed');
    assert.strictEqual((await api.listModels()).find(m => m.id === modelId)?.label, 'Dates, renamed');
    assert.strictEqual(labelOnDisk(file), 'Dates, renamed');
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)).filter(n => n.startsWith(`${modelId}.`) && n.endsWith('.tmp')), []);
    assert.match(api.lastInformation() ?? '', /Renamed "My first dates model" to "Dates, renamed"/);
    // The renamed model still translates (its weights untouched).
    const beam = await api.workerClient.call('translate', { modelId, text: 'December 21, 2002', beamWidth: 1, topK: 0 });
    assert.ok(beam.hypotheses[0].output.length > 0);
  });

  it('refuses an empty or overlong name and leaves the file as it was', async () => {
    for (const [label, reason] of [['   ', /Enter a name/], ['x'.repeat(200), /at most 80 characters/]] as const) {
      assert.strictEqual(await vscode.commands.executeCommand(RENAME, modelId, label), undefined);
      assert.match(api.lastUserMessage()?.text ?? '', reason);
    }
    assert.strictEqual(labelOnDisk(file), 'Dates, renamed');
  });

  it('refuses to rename or delete a shipped model, saying why', async () => {
    const shipped = (await api.listModels()).find(m => m.id === DEFAULT_MODEL);
    assert.ok(shipped?.shipped && fs.existsSync(shipped.path));
    const labelBefore = labelOnDisk(shipped.path);
    assert.strictEqual(await vscode.commands.executeCommand(RENAME, DEFAULT_MODEL, 'Mine now'), undefined);
    assert.match(api.lastUserMessage()?.text ?? '', /shipped with the extension and cannot be renamed/);
    const asked = api.lastConfirmation();
    assert.strictEqual(await vscode.commands.executeCommand(DELETE, DEFAULT_MODEL), undefined);
    assert.match(api.lastUserMessage()?.text ?? '', /shipped with the extension and cannot be deleted/);
    assert.strictEqual(api.lastConfirmation(), asked, 'no confirmation asked for a shipped model');
    assert.ok(fs.existsSync(shipped.path));
    assert.strictEqual(labelOnDisk(shipped.path), labelBefore);
    assert.ok((await api.listModels()).some(m => m.id === DEFAULT_MODEL));
  });

  it('deletes a trained model only once confirmed, and makes the default model active when it was the active one', async () => {
    const restore = await withSetting('activeModel', modelId);
    try {
      await waitFor('the status bar to name the trained model', () => api.modelStatusText().includes(modelId));
      api.answerNextConfirmation(false);
      assert.strictEqual(await vscode.commands.executeCommand(DELETE, modelId), false);
      assert.match(api.lastConfirmation() ?? '', /Delete the model "Dates, renamed" \(test-managed-model\)\?/);
      assert.ok(fs.existsSync(file), 'kept when the confirmation is cancelled');

      api.answerNextConfirmation(true);
      assert.strictEqual(await vscode.commands.executeCommand(DELETE, modelId), true, `delete failed: ${api.lastUserMessage()?.text}`);
      assert.ok(!fs.existsSync(file), 'file removed');
      assert.ok(!(await api.listModels()).some(m => m.id === modelId), 'no longer listed');
      assert.strictEqual(vscode.workspace.getConfiguration('seq2seqAttention').get('activeModel'), DEFAULT_MODEL);
      assert.match(api.lastInformation() ?? '', new RegExp(`It was the active model; the default model ${DEFAULT_MODEL} is active now`));
      await waitFor('the status bar to name the default model', () => api.modelStatusText().includes(DEFAULT_MODEL));
      // The worker no longer serves it from memory either.
      await assert.rejects(api.workerClient.call('translate', { modelId, text: 'December 21, 2002', beamWidth: 1, topK: 0 }), /not found/);
      assert.strictEqual(await vscode.commands.executeCommand(DELETE, modelId), undefined);
      assert.match(api.lastUserMessage()?.text ?? '', /No model with the id 'test-managed-model'/);
    } finally {
      await restore();
    }
  });
});
