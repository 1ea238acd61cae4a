/**
 * Fault injection against the real worker (out/src/worker/main.js in a worker_threads Worker): 500
 * fuzzed messages from a fixed seed (BigInts, circular references, deep nesting, calls with hostile
 * arguments), long texts, a FIFO and crafted files in its model folder. The worker must answer every
 * well-formed call, with `bad-input` for the caller's mistakes, and keep serving.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { mulberry32 } from '../../../src/shared/engine/random';
import { isWorkerToHost, type WorkerToHost } from '../../../src/shared/protocol/worker';
import { BASE_MODEL, baseParts, encodeParts, makeFifo } from '../../faults/cases';
import { fuzzMessage } from '../../faults/fuzz';
import { projectRoot } from '../../harness/paths';

const ROOT = projectRoot();
const WORKER = path.join(ROOT, 'out', 'src', 'worker', 'main.js');

class Client {
  readonly worker = new Worker(WORKER, { stderr: true });
  private nextId = 1;
  readonly answers = new Map<number, WorkerToHost>();
  private readonly waiting = new Map<number, (m: WorkerToHost) => void>();
  exited = false;
  stderr = '';

  constructor() {
    this.worker.on('message', (m: unknown) => {
      if (!isWorkerToHost(m) || m.type !== 'result') return;
      this.answers.set(m.id, m);
      this.waiting.get(m.id)?.(m);
    });
    this.worker.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => { this.exited = true; });
  }

  call(method: string, args: unknown): Promise<WorkerToHost> {
    const id = this.nextId++;
    return new Promise(resolve => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type: 'call', id, method, args });
    });
  }

  async ok<T>(method: string, args: unknown): Promise<T> {
    const a = await this.call(method, args);
    assert.ok(a.type === 'result' && a.ok, `${method}: ${JSON.stringify(a)}`);
    return (a as { value: T }).value;
  }

  async error(method: string, args: unknown): Promise<{ code: string; message: string; stack?: string }> {
    const a = await this.call(method, args);
    assert.ok(a.type === 'result' && !a.ok, `${method} unexpectedly succeeded`);
    return (a as { error: { code: string; message: string } }).error;
  }
}

describe('faults: the worker against hostile messages and files', function () {
  this.timeout(120_000);
  let dir: string;
  let client: Client;

  before(async () => {
    assert.ok(fs.existsSync(WORKER), `${WORKER} missing: compile with tsc -p . --outDir out`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-worker-faults-'));
    fs.copyFileSync(BASE_MODEL, path.join(dir, 'a-good.s2s'));
    makeFifo(path.join(dir, 'b-pipe.s2s'));
    const parts = baseParts();
    (parts.header.config as { hiddenSize: number }).hiddenSize = 30000;
    parts.header.meta.id = 'crafted';
    fs.writeFileSync(path.join(dir, 'c-crafted.s2s'), encodeParts(parts));
    client = new Client();
    await client.ok('init', {
      modelDirs: [path.join(dir, 'none'), dir], saveDir: dir,
      wasmDir: path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'), backend: 'cpu',
    });
  });
  after(async () => {
    await client?.worker.terminate();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the good model at once; the FIFO and the crafted file are skipped and logged as such', async () => {
    const models = await client.ok<{ id: string }[]>('listModels', {});
    assert.deepStrictEqual(models.map(m => m.id), ['date-luong-dot']);
    await new Promise(r => setTimeout(r, 100));
    assert.match(client.stderr, /b-pipe\.s2s': is not a regular file \(a named pipe/);
    assert.match(client.stderr, /c-crafted\.s2s': the model config is invalid: hiddenSize must be an integer from 1 to 2048 \(got 30000\)/);
  });

  it('survives 500 fuzzed messages (seeded) and answers every well-formed call', async () => {
    const rng = mulberry32(4242);
    const expected: number[] = [];
    let sent = 0;
    for (let n = 0; n < 500; n++) {
      const { message, callId } = fuzzMessage(rng, n);
      try {
        client.worker.postMessage(message);
        sent++;
        if (callId !== undefined) expected.push(callId);
      } catch {
        // Not cloneable: it never reaches the worker.
      }
    }
    assert.ok(sent >= 350, `${sent} sent`);
    assert.ok(expected.length >= 50, `${expected.length} calls`);
    // A call after the fuzz is answered only once everything before it was handled.
    assert.deepStrictEqual((await client.ok<{ id: string }[]>('listModels', {})).map(m => m.id), ['date-luong-dot']);
    const deadline = Date.now() + 60_000;
    while (expected.some(id => !client.answers.has(id)) && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
    assert.ok(!client.exited, 'the worker is alive');
    const missing = expected.filter(id => !client.answers.has(id));
    assert.deepStrictEqual(missing, [], 'every call got its answer');
    const internal = expected.map(id => client.answers.get(id)).filter(a => a?.type === 'result' && !a.ok && a.error.code === 'internal');
    assert.deepStrictEqual(internal, [], 'no hostile argument is an internal error');
    assert.match(client.stderr, /Ignored a malformed message from the host/);
  });

  it('refuses a 10-million-character text by its length, as bad input', async () => {
    const started = Date.now();
    const e = await client.error('translate', { modelId: 'date-luong-dot', text: '1'.repeat(10_000_000), beamWidth: 1, topK: 0 });
    assert.strictEqual(e.code, 'bad-input');
    assert.match(e.message, /The text has 10000000 characters; model 'date-luong-dot' takes at most 64 characters/);
    const forced = await client.error('forced', { modelId: 'date-luong-dot', text: '1', target: '9'.repeat(1_000_000) });
    assert.strictEqual(forced.code, 'bad-input');
    assert.match(forced.message, /The target has 1000000 characters/);
    assert.ok(Date.now() - started < 60_000);
  });

  it('input errors come back as bad-input, never internal with a stack', async () => {
    const crafted = path.join(dir, 'd-later.s2s');
    const cases: [string, unknown, RegExp][] = [
      ['train', { dataset: { name: 'x.tsv', bytes: new TextEncoder().encode('a\tb\nc\td\n') }, reverseDirection: false, modelId: 'huge', label: 'x',
        model: { task: 'date', mechanism: 'luong-dot', hiddenSize: 30000 }, train: { epochs: 1 } }, /hiddenSize must be an integer from 1 to 2048/],
      ['train', { dataset: { name: 'x.tsv', bytes: new TextEncoder().encode('a\tb\nc\td\n') }, reverseDirection: false, modelId: 'neg', label: 'x',
        model: { task: 'date', mechanism: 'luong-dot' }, train: { epochs: 1, batchSize: -1 } }, /batchSize must be a positive integer/],
      ['train', { dataset: { name: 'x.bin', bytes: new Uint8Array(1000) }, reverseDirection: false, modelId: 'bin', label: 'x',
        model: { task: 'date', mechanism: 'luong-dot' }, train: { epochs: 1 } }, /binary file/],
      ['train', { dataset: { name: 'x.tsv', bytes: new TextEncoder().encode('a\tb\nc\td\n') }, reverseDirection: false, modelId: 'odd', label: 'x',
        model: { task: 'date', mechanism: 'transformer' }, train: { epochs: 1 } }, /unknown mechanism 'transformer'/],
      ['translate', { modelId: 'later', text: '1', beamWidth: 1, topK: 0 }, /the weights are corrupt|truncated/],
    ];
    // A model file that lists fine and is corrupted before it is loaded.
    const parts = baseParts();
    parts.header.meta.id = 'later';
    fs.writeFileSync(crafted, encodeParts(parts));
    await client.ok('listModels', {});
    const bytes = fs.readFileSync(crafted);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(crafted, bytes);
    for (const [method, args, pattern] of cases) {
      const e = await client.error(method, args);
      assert.strictEqual(e.code, 'bad-input', `${method}: ${e.message}`);
      assert.strictEqual(e.stack, undefined);
      assert.match(e.message, pattern);
    }
    assert.ok(!client.exited);
  });
});
