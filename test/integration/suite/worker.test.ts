/**
 * The model worker's failure handling: a worker that dies mid-call gives a clear error, the user is told
 * (with the log one click away), a training checkpoint survives, and the next call starts a fresh worker;
 * an idle worker is stopped quietly and started again on demand.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../../src/shared/protocol/worker';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, copyFixture, DEFAULT_MODEL, getApi, selectDate, untilProgress, waitFor } from './helpers';

describe('Model worker crashes', function () {
  this.timeout(300_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
    // A figure for the report, not a timed assertion: activation only wires things up.
    console.log(`      (activation took ${api.activationMs} ms; the worker starts on first use)`);
  });

  it('a crash mid-call rejects the call with a clear error, and the next call works in a fresh worker', async () => {
    await api.workerClient.call('listModels', {});
    const starts = api.workerClient.startCount;
    await assert.rejects(api.workerClient.call('crash', {}), /model worker stopped unexpectedly: Worker crash requested/);
    assert.strictEqual(api.workerClient.isRunning, false);
    // An earlier test's message may still be the last one: wait for this crash's.
    const told = await waitFor('the crash message', () => {
      const m = api.lastUserMessage();
      return m && /stopped unexpectedly/.test(m.text) ? m : undefined;
    });
    assert.strictEqual(told.level, 'error');
    assert.match(told.text, /stopped unexpectedly.*next command starts a fresh one/);
    const models = await api.workerClient.call('listModels', {});
    assert.ok(Array.isArray(models));
    assert.strictEqual(api.workerClient.startCount, starts + 1, 'a fresh worker was started');
  });

  it('a fault as native code makes one (the worker process aborting) leaves the extension host and the panel working', async () => {
    await selectDate();
    const first = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(first?.kind === 'translation', `no translation before the fault: ${api.lastUserMessage()?.text}`);
    const workerPid = api.workerClient.processId;
    assert.ok(workerPid !== undefined && workerPid !== process.pid, `the worker runs in a process of its own (${workerPid} vs host ${process.pid})`);
    await assert.rejects(api.workerClient.call('crash', { kind: 'abort' }), /model worker stopped unexpectedly.*signal SIGABRT/);
    assert.throws(() => process.kill(workerPid, 0), /ESRCH/, 'the worker process is gone');
    // This test runs in the extension host: it is still here, and the panel translates with a fresh worker.
    const again = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(again?.kind === 'translation', `no translation after the fault: ${api.lastUserMessage()?.text}`);
    assert.deepStrictEqual(again.entry.result.output, first.entry.result.output);
    assert.notStrictEqual(api.workerClient.processId, workerPid);
    assert.strictEqual(api.lastView()?.kind, 'translation');
  });

  it('killing the worker during training keeps the checkpoint, which then translates', async () => {
    const dataset = await copyFixture('dates-small.txt', 'dates-kill.txt');
    const modelId = 'test-dates-killed';
    const running = vscode.commands.executeCommand<TrainResult | undefined>(COMMANDS.train,
      { file: dataset, epochs: 200, modelId, preset: 'tiny', batchSize: 32, mechanism: 'bahdanau', makeActive: false });
    await untilProgress(api, modelId, 'epoch', running);
    await api.workerClient.kill();
    assert.strictEqual(await running, undefined, 'the command reports the failure instead of a result');
    assert.match(api.lastUserMessage()?.text ?? '', /model worker stopped unexpectedly: the worker was terminated/);
    assert.strictEqual(api.isTraining(), false);
    assert.strictEqual(api.trainingView().runs.find(r => r.runId === modelId)?.state, 'failed');
    assert.ok(fs.existsSync(path.join(api.saveDir(), `${modelId}.s2s`)), 'checkpoint kept');
    const beam = await api.workerClient.call('translate', { modelId, text: 'December 21, 2002', beamWidth: 1, topK: 0 });
    assert.ok(beam.hypotheses[0].output.length > 0, 'the checkpoint loads and translates in a fresh worker');
  });

  it('stops an idle worker quietly (its heap returned) and starts it again on the next call', async () => {
    const client = api.workerClient;
    const saved = client.idleShutdownMs;
    const told = api.lastUserMessage();
    client.idleShutdownMs = 300;
    try {
      const first = await client.call('translate', { modelId: DEFAULT_MODEL, text: 'December 21, 2002', beamWidth: 1, topK: 0 });
      const starts = client.startCount;
      assert.strictEqual(client.isRunning, true);
      await waitFor('the idle worker to stop', () => !client.isRunning || undefined);
      assert.strictEqual(api.lastUserMessage(), told, 'an idle stop is not reported as a crash');
      const again = await client.call('translate', { modelId: DEFAULT_MODEL, text: 'December 21, 2002', beamWidth: 1, topK: 0 });
      assert.strictEqual(client.startCount, starts + 1, 'the next call started a fresh worker');
      assert.deepStrictEqual(again.hypotheses[0].output, first.hypotheses[0].output);
    } finally {
      client.idleShutdownMs = saved;
    }
  });
});
