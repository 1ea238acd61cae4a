/**
 * The model worker over its real message protocol, in plain Node: the compiled worker entry
 * (out/src/worker/main.js) runs in a worker_threads Worker, exactly as the extension host starts it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { isWorkerToHost, type TrainEvent, type WorkerError, type WorkerOptions, type WorkerToHost } from '../../../src/shared/protocol/worker';
import { projectRoot } from '../../harness/paths';


const ROOT = projectRoot();
const WORKER = path.join(ROOT, 'out', 'src', 'worker', 'main.js');
const DATES = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'host', 'dates-small.txt'));

/** A minimal client: the same protocol as src/extension/workerClient.ts, without vscode. */
class TestClient {
  readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(m: WorkerToHost): void; events: TrainEvent[] }>();
  readonly malformed: unknown[] = [];
  readonly exited: Promise<number>;

  constructor(options: WorkerOptions = { testHooks: false }) {
    this.worker = new Worker(WORKER, { workerData: options });
    this.worker.on('message', (m: unknown) => {
      if (!isWorkerToHost(m)) { this.malformed.push(m); return; }
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.events.push(m.event);
      else { this.pending.delete(m.id); p.resolve(m); }
    });
    this.worker.on('error', () => undefined);
    this.exited = new Promise(resolve => this.worker.on('exit', resolve));
  }

  send(method: string, args: unknown): { id: number; done: Promise<WorkerToHost>; events: TrainEvent[] } {
    const id = this.nextId++;
    const events: TrainEvent[] = [];
    const done = new Promise<WorkerToHost>(resolve => this.pending.set(id, { resolve, events }));
    this.worker.postMessage({ type: 'call', id, method, args });
    return { id, done, events };
  }

  async ok<T>(method: string, args: unknown): Promise<T> {
    const answer = await this.send(method, args).done;
    assert.ok(answer.type === 'result' && answer.ok, `${method} failed: ${JSON.stringify(answer)}`);
    return (answer as { value: unknown }).value as T;
  }

  async error(method: string, args: unknown): Promise<WorkerError> {
    const answer = await this.send(method, args).done;
    assert.ok(answer.type === 'result' && !answer.ok, `${method} unexpectedly succeeded`);
    return (answer as { error: WorkerError }).error;
  }
}

const trainArgs = (modelId: string, epochs: number, mechanism = 'luong-dot') => ({
  dataset: { name: 'dates-small.txt', bytes: new Uint8Array(DATES) },
  reverseDirection: false,
  modelId,
  label: `Test ${modelId}`,
  model: { task: 'date', mechanism, embeddingSize: 8, hiddenSize: 16, attentionUnits: 16 },
  train: { epochs, batchSize: 50, earlyStoppingPatience: 0 },
});

describe('model worker protocol', function () {
  this.timeout(120_000);
  let client: TestClient;
  let saveDir: string;

  before(async () => {
    assert.ok(fs.existsSync(WORKER), `${WORKER} missing: compile with tsc -p . --outDir out`);
    saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-worker-test-'));
    client = new TestClient();
    const init = await client.ok<{ backend: string }>('init', {
      modelDirs: [path.join(saveDir, 'shipped-none'), saveDir], saveDir,
      wasmDir: path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'), backend: 'wasm',
    });
    assert.ok(['wasm', 'cpu'].includes(init.backend));
  });

  after(async () => {
    await client?.worker.terminate();
    if (saveDir) fs.rmSync(saveDir, { recursive: true, force: true });
  });

  it('lists no models in empty folders', async () => {
    assert.deepStrictEqual(await client.ok('listModels', {}), []);
  });

  it('answers bad arguments and unknown models with stable codes', async () => {
    assert.strictEqual((await client.error('translate', { modelId: 3 })).code, 'bad-input');
    const missing = await client.error('translate', { modelId: 'nope', text: 'x', beamWidth: 1, topK: 0 });
    assert.strictEqual(missing.code, 'model-not-found');
    assert.match(missing.message, /'nope' was not found/);
    // The code and parameters travel with the English, for the host to word them in the display language.
    assert.strictEqual(missing.detail?.code, 'worker.modelNotFoundNone');
    assert.strictEqual(missing.detail?.params.model, 'nope');
    assert.strictEqual(missing.detail?.message, missing.message);
    assert.strictEqual((await client.error('train', { ...trainArgs('../escape', 1) })).code, 'bad-input');
  });

  it('ignores malformed messages and keeps serving', async () => {
    client.worker.postMessage({ type: 'call', id: -1, method: 'listModels', args: {} });
    client.worker.postMessage({ type: 'call', id: 99, method: 'rm -rf', args: {} });
    assert.deepStrictEqual(await client.ok('listModels', {}), []);
  });

  it('trains with progress events, writes a checkpoint per epoch, then translates', async () => {
    const call = client.send('train', trainArgs('tiny-dot', 2));
    const answer = await call.done;
    assert.ok(answer.type === 'result' && answer.ok, JSON.stringify(answer));
    const result = (answer as { value: { model: { id: string; path: string }; summary: { epochs: unknown[]; stoppedBy: string } } }).value;
    assert.strictEqual(result.summary.stoppedBy, 'completed');
    assert.strictEqual(result.summary.epochs.length, 2);
    assert.strictEqual(result.model.path, path.join(saveDir, 'tiny-dot.s2s'));
    const dataset = call.events.find(e => e.kind === 'dataset');
    assert.ok(dataset && dataset.kind === 'dataset');
    assert.strictEqual(dataset.pairs, 300);
    assert.deepStrictEqual(dataset.issues.map(i => [i.file, i.line]), [['dates-small.txt', 42]]);
    assert.deepStrictEqual(call.events.filter(e => e.kind === 'epoch').map(e => e.kind === 'epoch' && e.checkpoint),
      [result.model.path, result.model.path]);
    assert.ok(call.events.some(e => e.kind === 'batch'));

    const models = await client.ok<{ id: string; shipped: boolean }[]>('listModels', {});
    assert.deepStrictEqual(models.map(m => [m.id, m.shipped]), [['tiny-dot', false]]);
    const beam = await client.ok<{ hypotheses: { source: unknown[]; attention: number[][]; output: string[] }[] }>('translate',
      { modelId: 'tiny-dot', text: 'December 21, 2002', beamWidth: 2, topK: 3 });
    assert.strictEqual(beam.hypotheses[0].source.length, 'December 21, 2002'.length);
    assert.strictEqual(beam.hypotheses[0].attention.length, beam.hypotheses[0].output.length);
    const compared = await client.ok<unknown[]>('compare', { modelIds: ['tiny-dot', 'tiny-dot'], text: '2/7/72', beamWidth: 1, topK: 0 });
    assert.strictEqual(compared.length, 2);
  });

  it('traces a decode on request: the same output as translate, every step, forcing as asked', async () => {
    type Traced = { result: { output: string[] }; trace: { keys: number[][]; steps: { weights: number[]; forced: boolean; output: string }[] } };
    const free = await client.ok<Traced>('trace', { modelId: 'tiny-dot', text: '2/7/72', topK: 3 });
    const greedy = await client.ok<{ hypotheses: { output: string[] }[] }>('translate', { modelId: 'tiny-dot', text: '2/7/72', beamWidth: 1, topK: 3 });
    assert.deepStrictEqual(free.result.output, greedy.hypotheses[0].output);
    assert.strictEqual(free.trace.keys.length, '2/7/72'.length);
    assert.ok(free.trace.steps.every(s => s.weights.length === 6 && !s.forced));
    const whole = await client.ok<Traced>('trace', { modelId: 'tiny-dot', text: '2/7/72', topK: 3, target: '1972-02-07', mode: 'whole' });
    assert.strictEqual(whole.result.output.join(''), '1972-02-07');
    assert.ok(whole.trace.steps.every(s => s.forced));
    assert.strictEqual((await client.error('trace', { modelId: 'tiny-dot', text: '2/7/72', topK: 3, mode: 'sideways' })).code, 'bad-input');
    const long = await client.error('trace', { modelId: 'tiny-dot', text: '2/7/72', topK: 3, target: '1'.repeat(200), mode: 'whole' });
    assert.strictEqual(long.code, 'bad-input');
    assert.match(long.message, /forced output has 200 tokens/);
  });

  it('refuses text the model cannot take, saying why', async () => {
    const unknown = await client.error('translate', { modelId: 'tiny-dot', text: 'Dec ☃ 2002', beamWidth: 1, topK: 0 });
    assert.strictEqual(unknown.code, 'bad-input');
    assert.match(unknown.message, /does not know the character '☃'/);
    assert.deepStrictEqual([unknown.detail?.code, unknown.detail?.params], ['input.unknownCharacter', { model: 'tiny-dot', quoted: "'☃'" }]);
    const empty = await client.error('translate', { modelId: 'tiny-dot', text: '   ', beamWidth: 1, topK: 0 });
    assert.match(empty.message, /empty/);
    const long = await client.error('translate', { modelId: 'tiny-dot', text: '1'.repeat(65), beamWidth: 1, topK: 0 });
    assert.match(long.message, /65 characters; model 'tiny-dot' takes at most 64/);
  });

  it('stops a cancelled training between batches and keeps the last finished epoch', async () => {
    const call = client.send('train', trainArgs('tiny-cancel', 500, 'bahdanau'));
    while (!call.events.some(e => e.kind === 'epoch')) await new Promise(r => setTimeout(r, 20));
    client.worker.postMessage({ type: 'cancel', id: call.id });
    const answer = await call.done;
    assert.ok(answer.type === 'result' && answer.ok, JSON.stringify(answer));
    const summary = (answer as { value: { summary: { stoppedBy: string; epochs: unknown[] } } }).value.summary;
    assert.strictEqual(summary.stoppedBy, 'cancelled');
    assert.ok(summary.epochs.length >= 1 && summary.epochs.length < 500);
    assert.ok(fs.existsSync(path.join(saveDir, 'tiny-cancel.s2s')));
    await client.ok('translate', { modelId: 'tiny-cancel', text: '2/7/72', beamWidth: 1, topK: 0 });
  });

  it('renames a trained model in its file (weights kept, no temporary left) and refuses a bad name', async () => {
    const file = path.join(saveDir, 'tiny-cancel.s2s');
    const before = await client.ok<{ hypotheses: { text: string }[] }>('translate', { modelId: 'tiny-cancel', text: '2/7/72', beamWidth: 1, topK: 0 });
    const renamed = await client.ok<{ id: string; label: string; path: string }>('renameModel', { modelId: 'tiny-cancel', label: '  My dates  ' });
    assert.deepStrictEqual([renamed.id, renamed.label, renamed.path], ['tiny-cancel', 'My dates', file]);
    const listed = await client.ok<{ id: string; label: string }[]>('listModels', {});
    assert.strictEqual(listed.find(m => m.id === 'tiny-cancel')?.label, 'My dates');
    // The header on disk, read without the engine: magic, uint32 length, JSON.
    const bytes = fs.readFileSync(file);
    const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString('utf8')) as { meta: { label: string } };
    assert.strictEqual(header.meta.label, 'My dates');
    assert.deepStrictEqual(fs.readdirSync(saveDir).filter(n => n.endsWith('.tmp')), []);
    const after = await client.ok<{ hypotheses: { text: string }[] }>('translate', { modelId: 'tiny-cancel', text: '2/7/72', beamWidth: 1, topK: 0 });
    assert.strictEqual(after.hypotheses[0].text, before.hypotheses[0].text, 'same weights after the rename');

    for (const [label, reason] of [['   ', /empty/], ['x'.repeat(81), /longer than 80/], ['two\nlines', /control character/]] as const) {
      const refused = await client.error('renameModel', { modelId: 'tiny-cancel', label });
      assert.strictEqual(refused.code, 'bad-input');
      assert.match(refused.message, reason);
    }
    assert.strictEqual((await client.error('renameModel', { modelId: 'nope', label: 'x' })).code, 'model-not-found');
    assert.strictEqual(JSON.parse(fs.readFileSync(file).subarray(12, 12 + fs.readFileSync(file).readUInt32LE(8)).toString('utf8')).meta.label, 'My dates');
  });

  it('stops serving a model from memory once its file is gone from the listing', async () => {
    fs.rmSync(path.join(saveDir, 'tiny-cancel.s2s'));
    const models = await client.ok<{ id: string }[]>('listModels', {});
    assert.ok(!models.some(m => m.id === 'tiny-cancel'));
    const gone = await client.error('translate', { modelId: 'tiny-cancel', text: '2/7/72', beamWidth: 1, topK: 0 });
    assert.strictEqual(gone.code, 'model-not-found');
  });

  it('refuses the crash hook unless started for tests, and keeps serving', async () => {
    const refused = await client.error('crash', {});
    assert.strictEqual(refused.code, 'bad-input');
    assert.match(refused.message, /test hook/);
    assert.deepStrictEqual(await client.ok('listModels', {}), await client.ok('listModels', {}));
  });

  it('dies on the crash hook when started for tests, as a crash would', async () => {
    const testing = new TestClient({ testHooks: true });
    testing.send('crash', {});
    assert.strictEqual(await testing.exited, 1);
  });
});
