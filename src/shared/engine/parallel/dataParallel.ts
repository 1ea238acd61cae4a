/**
 * Synchronous data-parallel gradients over worker_threads (issue 5, "both cores"). The leader (the thread
 * that trains) and N helpers each compute the loss and gradients of a share of the batch at the same
 * time; the leader combines them weighted by real target tokens, which is exactly the full batch's
 * gradient of the token-mean loss (up to float rounding), then clips and applies them as usual.
 *
 *   const dp = await DataParallelGradients.start(model, { helpers: 1 });
 *   for (each batch) {
 *     const { loss, grads } = await dp.computeGradients(sources, targets);
 *     tf.tidy(() => optimizer.applyGradients(clip(grads)));
 *     tf.dispose(Object.values(grads));
 *   }
 *   await dp.dispose();
 *
 * Weights reach the helpers through one SharedArrayBuffer the leader refreshes before each step;
 * gradients come back through one SharedArrayBuffer per helper. tfjs under Node runs one thread per
 * worker (trap 4), so a second thread is the only way to use the second core.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { currentBackend } from '../backend';
import type { Seq2SeqModel } from '../model';
import type { BackendName } from '../types';
import { isHelperMessage, targetTokenCount, type HelperMessage, type LeaderMessage, type WeightSlot } from './protocol';

export interface DataParallelOptions {
  /** Helper threads besides the leader (default 1: two threads on two cores). */
  helpers?: number;
  /** Backend of the helpers (default: the leader's current backend). */
  backend?: BackendName;
  /** Folder of the .wasm binaries, passed to `initBackend` in each helper. */
  wasmDir?: string;
  /** The helper's script (default: gradientHelper.js next to this file: `out/` or a bundle's folder). */
  helperScript?: string;
}

export interface ParallelGradients {
  /** Token-weighted mean loss of the whole batch. */
  loss: number;
  /** Gradients keyed by the leader's variable names (as `tf.variableGrads` gives them); caller disposes. */
  grads: tf.NamedTensorMap;
}

interface HelperResult {
  loss: number;
  ms: number;
  /** Leader clock (ms since the epoch): when the result arrived; the helper's receive / send times. */
  arrivedAt: number;
  receivedAt?: number;
  sentAt?: number;
}

interface Helper {
  worker: Worker;
  grads: Float32Array;
  pending: { id: number; resolve: (r: HelperResult) => void; reject: (e: Error) => void } | null;
  failure: Error | null;
}

/** Where the last step's time went (milliseconds, wall clock), for benchmarks and tuning. */
export interface StepTimings {
  /** Copying the weights into shared memory. */
  publish: number;
  /** The leader's own share (forward + backward). */
  own: number;
  /** Each helper's share as the helper measured it. */
  helpers: number[];
  /** Waiting for the helpers after the leader's share was done. */
  wait: number;
  /** Weighted combination of the gradients. */
  combine: number;
  /** Per helper: step message posted -> received, and result sent -> seen by the leader (ms). */
  toHelper: number[];
  fromHelper: number[];
}

export class DataParallelGradients {
  private stepId = 0;
  private disposed = false;
  /**
   * Tokens per millisecond of each thread (leader first), smoothed over steps; null until measured. The
   * shares follow these rates so that all threads finish together: a thread slowed by other load on its
   * core (or the leader's own garbage collection) gets less of the batch. The combined gradient does not
   * depend on the split (token-weighted), only the waiting does.
   */
  private rates: (number | null)[] = [];
  /** Timings of the last `computeGradients` call. */
  lastTimings: StepTimings | null = null;

  private constructor(
    private readonly model: Seq2SeqModel,
    private readonly helpers: Helper[],
    private readonly layout: WeightSlot[],
    private readonly sharedWeights: Float32Array,
    /** Backend the helpers actually run (they fall back to cpu like the leader would). */
    readonly helperBackend: BackendName,
  ) {}

  /** Starts the helpers and waits until each has built its replica of `model`. */
  static async start(model: Seq2SeqModel, options: DataParallelOptions = {}): Promise<DataParallelGradients> {
    const count = Math.max(1, Math.floor(options.helpers ?? 1));
    const layout: WeightSlot[] = [];
    let total = 0;
    for (const w of model.getWeights()) {
      const size = w.values.length;
      layout.push({ name: w.name, shape: w.shape, offset: total, size });
      total += size;
    }
    const weightsBuffer = new SharedArrayBuffer(total * 4);
    const script = options.helperScript ?? path.join(__dirname, 'gradientHelper.js');
    const backend = options.backend ?? currentBackend();
    const helpers: Helper[] = [];
    const ready: Promise<BackendName>[] = [];
    for (let i = 0; i < count; i++) {
      const gradsBuffer = new SharedArrayBuffer(total * 4);
      const worker = new Worker(script);
      const helper: Helper = { worker, grads: new Float32Array(gradsBuffer), pending: null, failure: null };
      helpers.push(helper);
      ready.push(new Promise<BackendName>((resolve, reject) => {
        const onFirst = (m: unknown): void => {
          if (isHelperMessage(m) && m.type === 'ready') resolve(m.backend);
          else if (isHelperMessage(m) && m.type === 'error') reject(new Error(`gradient helper failed to start: ${m.message}`));
          else reject(new Error('gradient helper sent an unexpected first message'));
          worker.off('message', onFirst);
          worker.on('message', (msg: unknown) => DataParallelGradients.onMessage(helper, msg));
        };
        worker.on('message', onFirst);
        worker.once('error', e => { helper.failure = e; reject(e); DataParallelGradients.fail(helper, e); });
        worker.once('exit', code => {
          const e = new Error(`gradient helper exited (code ${code})`);
          helper.failure ??= e;
          reject(e);
          DataParallelGradients.fail(helper, e);
        });
      }));
      const init: LeaderMessage = {
        type: 'init', config: model.config, sourceVocab: [...model.sourceVocab.tokens], targetVocab: [...model.targetVocab.tokens],
        backend, wasmDir: options.wasmDir, layout, weights: weightsBuffer, grads: gradsBuffer,
      };
      worker.postMessage(init);
    }
    try {
      const backends = await Promise.all(ready);
      const helperBackend = backends.every(b => b === 'wasm') ? 'wasm' : 'cpu';
      return new DataParallelGradients(model, helpers, layout, new Float32Array(weightsBuffer), helperBackend);
    } catch (e) {
      await Promise.all(helpers.map(h => h.worker.terminate()));
      throw e;
    }
  }

  private static onMessage(helper: Helper, msg: unknown): void {
    if (!isHelperMessage(msg)) return DataParallelGradients.fail(helper, new Error('gradient helper sent a malformed message'));
    const p = helper.pending;
    if (msg.type === 'grads' && p && p.id === msg.id) {
      helper.pending = null;
      p.resolve({ loss: msg.loss, ms: msg.ms, arrivedAt: performance.timeOrigin + performance.now(), receivedAt: msg.receivedAt, sentAt: msg.sentAt });
    } else if (msg.type === 'error') {
      DataParallelGradients.fail(helper, new Error(`gradient helper: ${msg.message}`));
    }
  }

  private static fail(helper: Helper, e: Error): void {
    helper.failure ??= e;
    const p = helper.pending;
    helper.pending = null;
    p?.reject(e);
  }

  /** Threads computing each step (leader included). */
  get threads(): number {
    return this.helpers.length + 1;
  }

  /**
   * Loss and gradients of the whole batch, computed in parallel. Shares are contiguous slices with
   * (nearly) equal real-token counts, the leader taking the first.
   * @param sources encoder-order source ids per pair; targets ids per pair without <sos>/<eos>
   * @param teacher optional teacher-forcing choice per decoder step (the same for every share)
   */
  async computeGradients(sources: number[][], targets: number[][], teacher?: boolean[]): Promise<ParallelGradients> {
    if (this.disposed) throw new Error('DataParallelGradients is disposed');
    if (sources.length !== targets.length) throw new Error('sources and targets differ in length');
    const shares = this.split(targets);
    const t0 = performance.now();
    this.publishWeights();
    const t1 = performance.now();
    const vars = this.model.variables();
    const jobs: Promise<HelperResult>[] = [];
    const tokens: number[] = [];
    const failed = this.helpers.find(h => h.failure);
    if (failed) throw failed.failure;
    shares.slice(1).forEach(([from, to], i) => {
      const helper = this.helpers[i];
      const id = ++this.stepId;
      const job = new Promise<HelperResult>((resolve, reject) => { helper.pending = { id, resolve, reject }; });
      job.catch(() => undefined); // observed below; this keeps a failure during the leader's share from going unhandled
      jobs.push(job);
      const msg: LeaderMessage = { type: 'step', id, sources: sources.slice(from, to), targets: targets.slice(from, to), teacher };
      helper.worker.postMessage(msg);
      tokens.push(targetTokenCount(targets.slice(from, to)));
    });
    // The leader's own share, while the helpers work on theirs.
    const [from0, to0] = shares[0];
    const own = tf.variableGrads(
      () => this.model.loss(sources.slice(from0, to0), targets.slice(from0, to0), teacher ? (t: number): boolean => teacher[t] ?? true : undefined),
      vars,
    );
    const ownTokens = targetTokenCount(targets.slice(from0, to0));
    const ownLoss = own.value.dataSync()[0]; // also waits for the leader's share to finish
    const t2 = performance.now();
    let results: HelperResult[];
    try {
      results = await Promise.all(jobs);
    } catch (e) {
      tf.dispose([own.value, ...Object.values(own.grads)]);
      throw e;
    }
    const t3 = performance.now();
    this.updateRates(shares.length, ownTokens, t2 - t1, tokens, results.map(r => r.ms));
    const total = ownTokens + tokens.reduce((a, b) => a + b, 0);
    const loss = (ownLoss * ownTokens + results.reduce((acc, r, i) => acc + r.loss * tokens[i], 0)) / total;
    const grads: tf.NamedTensorMap = {};
    tf.tidy(() => {
      vars.forEach((v, k) => {
        const slot = this.layout[k];
        let sum = tf.mul(own.grads[v.name], ownTokens / total);
        this.helpers.slice(0, tokens.length).forEach((h, i) => {
          sum = tf.add(sum, tf.mul(tf.tensor(h.grads.subarray(slot.offset, slot.offset + slot.size), slot.shape, 'float32'), tokens[i] / total));
        });
        grads[v.name] = tf.keep(sum);
      });
    });
    tf.dispose([own.value, ...Object.values(own.grads)]);
    const postedAt = performance.timeOrigin + t1;
    this.lastTimings = {
      publish: t1 - t0, own: t2 - t1, helpers: results.map(r => r.ms), wait: t3 - t2, combine: performance.now() - t3,
      toHelper: results.map(r => (r.receivedAt ?? postedAt) - postedAt), fromHelper: results.map(r => r.arrivedAt - (r.sentAt ?? r.arrivedAt)),
    };
    return { loss, grads };
  }

  private updateRates(parts: number, ownTokens: number, ownMs: number, tokens: number[], ms: number[]): void {
    if (parts !== this.threads) return; // a short batch: not representative
    const observed = [ownTokens / Math.max(ownMs, 1e-3), ...tokens.map((t, i) => t / Math.max(ms[i], 1e-3))];
    this.rates = observed.map((r, i) => {
      const old = this.rates[i];
      return old == null ? r : 0.7 * old + 0.3 * r;
    });
  }

  /**
   * Each thread's share of the tokens: proportional to its measured rate, kept within [0.5, 1.5] x an
   * equal share (one slow step must not starve a thread); equal until every thread has been measured.
   */
  private fractions(parts: number): number[] {
    const equal = new Array<number>(parts).fill(1 / parts);
    if (parts !== this.threads || this.rates.length !== parts || this.rates.some(r => r == null)) return equal;
    const rates = this.rates as number[];
    const sum = rates.reduce((a, b) => a + b, 0);
    const clamped = rates.map(r => Math.min(1.5 / parts, Math.max(0.5 / parts, r / sum)));
    const norm = clamped.reduce((a, b) => a + b, 0);
    return clamped.map(f => f / norm);
  }

  /** Contiguous [from, to) shares, one per thread, sized by real target tokens and the threads' rates; empty shares dropped. */
  private split(targets: number[][]): [number, number][] {
    const parts = Math.min(this.threads, targets.length);
    const total = targetTokenCount(targets);
    const fractions = this.fractions(parts);
    const shares: [number, number][] = [];
    let from = 0;
    let acc = 0;
    let bound = fractions[0] * total;
    for (let i = 0; i < targets.length && shares.length < parts - 1; i++) {
      acc += targets[i].length + 1;
      if (acc >= bound) {
        bound += fractions[shares.length + 1] * total;
        shares.push([from, i + 1]);
        from = i + 1;
      }
    }
    shares.push([from, targets.length]);
    return shares.filter(([a, b]) => b > a);
  }

  private publishWeights(): void {
    this.model.variables().forEach((v, k) => {
      this.sharedWeights.set(v.dataSync() as Float32Array, this.layout[k].offset);
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const h of this.helpers) {
      h.worker.removeAllListeners('exit');
      h.worker.postMessage({ type: 'stop' } satisfies LeaderMessage);
    }
    await Promise.all(this.helpers.map(h => h.worker.terminate()));
  }
}
