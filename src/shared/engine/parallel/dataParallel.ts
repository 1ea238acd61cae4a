/**
 * Synchronous data-parallel gradients over worker_threads. The leader (the thread
 * that trains) and N helpers each compute the loss and gradients of a share of the batch at the same
 * time; the leader combines them weighted by real target tokens, which is exactly the full batch's
 * gradient of the token-mean loss (up to float rounding), then clips and applies them as usual.
 *
 *   const dp = await DataParallelGradients.start(model, { helpers: 1 });
 *   for (each batch) {
 *     const { loss, grads } = await dp.computeGradients(sources, targets);
 *     optimizer.applyFlat(grads, clipNorm); // FlatAdam
 *     grads.dispose();
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
import { nativeKernelsSetting } from '../kernels/nativeModule';
import { paddedTrainingFlops, trainingFlopsPerExample } from '../flops';
import type { Seq2SeqModel } from '../model';
import { heapFloats } from '../kernels/wasmBackend';
import { flattenGradients } from '../optimizer';
import type { BackendName } from '../types';
import { GRADIENT_HELPER_ROLE } from './gradientHelper';
import { isHelperMessage, targetTokenCount, type LeaderMessage, type WeightSlot } from './protocol';

/** Defined (true) by the esbuild builds of dist/worker.js and dist/cli.js (package.json). */
declare const SEQ2SEQ_BUNDLE: boolean | undefined;

export interface DataParallelOptions {
  /** Helper threads besides the leader (default 1: two threads on two cores). */
  helpers?: number;
  /** Backend of the helpers (default: the leader's current backend). */
  backend?: BackendName;
  /** Folder of the .wasm binaries, passed to `initBackend` in each helper. */
  wasmDir?: string;
  /**
   * The helper thread's script (default: the running bundle itself when bundled, which starts as a helper
   * when asked by `workerData`; else gradientHelper.js next to this file, as in `out/`).
   */
  helperScript?: string;
}

export interface ParallelGradients {
  /** Token-weighted mean loss of the whole batch. */
  loss: number;
  /** The batch's gradient as one vector in the model's variable order (`FlatAdam.applyFlat`); caller disposes. */
  grads: tf.Tensor1D;
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
  /** Requests sent and not answered yet, by id (at most one: the shared buffers serve one step at a time). */
  pending: Map<number, { resolve: (r: HelperResult) => void; reject: (e: Error) => void }>;
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
  /** The [from, to) pairs each thread computed, leader first. */
  shares: [number, number][];
}

let lastHelperHeapMB: number | null = null;

/** The wasm heap (MB) a gradient helper last reported, or null: benchmarks report every thread's heap. */
export function helperHeapMB(): number | null {
  return lastHelperHeapMB;
}

export class DataParallelGradients {
  private stepId = 0;
  private disposed = false;
  /**
   * Work (FLOPs, `shareCost`) per millisecond of each thread (leader first), smoothed over steps; null
   * until measured. The shares follow these rates so that all threads finish together: a thread slowed
   * by other load on its core (or the leader's own garbage collection) gets less of the batch. The
   * combined gradient does not depend on the split (token-weighted), only the waiting does.
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
    const script = options.helperScript ?? (typeof SEQ2SEQ_BUNDLE !== 'undefined' && SEQ2SEQ_BUNDLE ? __filename : path.join(__dirname, 'gradientHelper.js'));
    const backend = options.backend ?? currentBackend();
    const helpers: Helper[] = [];
    const ready: Promise<BackendName>[] = [];
    for (let i = 0; i < count; i++) {
      const gradsBuffer = new SharedArrayBuffer(total * 4);
      // A small young generation: the helper allocates little JavaScript per step (its tensors live on the
      // wasm heap), and V8's default semi-spaces cost resident memory for nothing (book model, delayed
      // mode, 4 epochs: peak RSS 495 -> 466 MB).
      const worker = new Worker(script, { workerData: { role: GRADIENT_HELPER_ROLE }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      const helper: Helper = { worker, grads: new Float32Array(gradsBuffer), pending: new Map(), failure: null };
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
        backend, wasmDir: options.wasmDir, nativeKernels: nativeKernelsSetting(), layout, weights: weightsBuffer, grads: gradsBuffer,
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
    const p = msg.type === 'grads' ? helper.pending.get(msg.id) : undefined;
    if (msg.type === 'grads' && p) {
      helper.pending.delete(msg.id);
      if (msg.heapMB !== undefined) lastHelperHeapMB = msg.heapMB;
      p.resolve({ loss: msg.loss, ms: msg.ms, arrivedAt: performance.timeOrigin + performance.now(), receivedAt: msg.receivedAt, sentAt: msg.sentAt });
    } else if (msg.type === 'error') {
      DataParallelGradients.fail(helper, new Error(`gradient helper: ${msg.message}`));
    }
  }

  private static fail(helper: Helper, e: Error): void {
    helper.failure ??= e;
    const pending = [...helper.pending.values()];
    helper.pending.clear();
    for (const p of pending) p.reject(e);
  }

  /** Threads computing each step (leader included). */
  get threads(): number {
    return this.helpers.length + 1;
  }

  /**
   * Loss and gradient of the whole batch, computed in parallel. Shares are contiguous slices sized so
   * that the threads finish together (`split`), the leader taking the first.
   * @param sources encoder-order source ids per pair; targets ids per pair without <sos>/<eos>
   * @param teacher optional teacher-forcing choice per decoder step (the same for every share)
   */
  async computeGradients(sources: number[][], targets: number[][], teacher?: boolean[]): Promise<ParallelGradients> {
    if (this.disposed) throw new Error('DataParallelGradients is disposed');
    if (sources.length !== targets.length) throw new Error('sources and targets differ in length');
    const shares = this.split(sources, targets);
    this.checkIdle();
    const t0 = performance.now();
    this.publishWeights();
    const t1 = performance.now();
    const vars = this.model.variables();
    const jobs: Promise<HelperResult>[] = [];
    const tokens: number[] = [];
    const costs: number[] = [];
    const failed = this.helpers.find(h => h.failure);
    if (failed) throw failed.failure;
    shares.slice(1).forEach(([from, to], i) => {
      const helper = this.helpers[i];
      const id = ++this.stepId;
      const job = new Promise<HelperResult>((resolve, reject) => { helper.pending.set(id, { resolve, reject }); });
      job.catch(() => undefined); // observed below; this keeps a failure during the leader's share from going unhandled
      jobs.push(job);
      const msg: LeaderMessage = { type: 'step', id, sources: sources.slice(from, to), targets: targets.slice(from, to), teacher };
      helper.worker.postMessage(msg);
      tokens.push(targetTokenCount(targets.slice(from, to)));
      costs.push(this.shareCost(sources, targets, from, to));
    });
    // The leader's own share, while the helpers work on theirs.
    const [from0, to0] = shares[0];
    const own = tf.variableGrads(
      () => this.model.loss(sources.slice(from0, to0), targets.slice(from0, to0), teacher ? (t: number): boolean => teacher[t] ?? true : undefined),
      vars,
    );
    const ownTokens = targetTokenCount(targets.slice(from0, to0));
    const ownCost = this.shareCost(sources, targets, from0, to0);
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
    this.updateRates(shares.length, ownCost, t2 - t1, costs, results.map(r => r.ms));
    const total = ownTokens + tokens.reduce((a, b) => a + b, 0);
    const loss = (ownLoss * ownTokens + results.reduce((acc, r, i) => acc + r.loss * tokens[i], 0)) / total;
    // One flat vector in variable order (what the optimizer takes): a few whole-vector passes instead
    // of three small kernels per variable and helper.
    const grads = tf.tidy(() => {
      const ownFlat = flattenGradients(vars, own.grads);
      let sum = tf.mul(ownFlat, ownTokens / total);
      this.helpers.slice(0, tokens.length).forEach((h, i) => {
        sum = tf.add(sum, tf.mul(tf.tensor1d(h.grads, 'float32'), tokens[i] / total));
      });
      return sum as tf.Tensor1D;
    });
    tf.dispose([own.value, ...Object.values(own.grads)]);
    const postedAt = performance.timeOrigin + t1;
    this.lastTimings = {
      publish: t1 - t0, own: t2 - t1, helpers: results.map(r => r.ms), wait: t3 - t2, combine: performance.now() - t3,
      toHelper: results.map(r => (r.receivedAt ?? postedAt) - postedAt), fromHelper: results.map(r => r.arrivedAt - (r.sentAt ?? r.arrivedAt)), shares,
    };
    return { loss, grads };
  }

  /**
   * Delayed mode: the first helper computes the loss and gradient of a whole batch at the model's
   * current weights (published now, so the leader's later updates do not reach it) while the leader
   * goes on. One job at a time: it is answered before the next job or step may start. The gradient is
   * in variable order (`FlatAdam.applyFlat`); the caller disposes it.
   *
   * Weights and gradient go through the same shared buffers as a step's, not in the messages: a
   * transferred buffer of the model's size (26 MB for the translation model) counts as new external
   * memory in each thread it reaches, and V8 answers that with full garbage collections, on the
   * cores the two threads train on.
   */
  submit(sources: number[][], targets: number[][], teacher?: boolean[]): Promise<{ loss: number; grads: tf.Tensor1D; ms: number }> {
    if (this.disposed) throw new Error('DataParallelGradients is disposed');
    const helper = this.helpers[0];
    if (helper.failure) throw helper.failure;
    this.checkIdle();
    this.publishWeights();
    const id = ++this.stepId;
    const job = new Promise<HelperResult>((resolve, reject) => { helper.pending.set(id, { resolve, reject }); });
    const msg: LeaderMessage = { type: 'step', id, sources, targets, teacher };
    helper.worker.postMessage(msg);
    return job.then(r => ({ loss: r.loss, grads: tf.tensor1d(helper.grads, 'float32'), ms: r.ms }));
  }

  /** Throws while a helper still works on a request: it reads the shared weights until it answers. */
  private checkIdle(): void {
    if (this.helpers.some(h => h.pending.size > 0)) throw new Error('a gradient request is still running: the shared weights are in use');
  }

  private updateRates(parts: number, ownCost: number, ownMs: number, costs: number[], ms: number[]): void {
    if (parts !== this.threads) return; // a short batch: not representative
    const observed = [ownCost / Math.max(ownMs, 1e-3), ...costs.map((c, i) => c / Math.max(ms[i], 1e-3))];
    this.rates = observed.map((r, i) => {
      const old = this.rates[i];
      return old == null ? r : 0.7 * old + 0.3 * r;
    });
  }

  /**
   * Each thread's relative speed (leader first): its measured rate, kept within [0.5, 1.5] x the mean
   * (one slow step must not starve a thread); all equal until every thread has been measured.
   */
  private speeds(parts: number): number[] {
    const equal = new Array<number>(parts).fill(1);
    if (parts !== this.threads || this.rates.length !== parts || this.rates.some(r => r == null)) return equal;
    const rates = this.rates as number[];
    const mean = rates.reduce((a, b) => a + b, 0) / parts;
    return rates.map(r => Math.min(1.5, Math.max(0.5, r / mean)));
  }

  /** Work of training the pairs [from, to) together (padded to the longest, `paddedTrainingFlops`). */
  private shareCost(sources: number[][], targets: number[][], from: number, to: number): number {
    return paddedTrainingFlops(this.model.config, this.model.targetVocab.size, sources, targets, from, to);
  }

  private pairsCost(pairs: number, longestSource: number, longestTarget: number): number {
    return pairs * trainingFlopsPerExample(this.model.config, longestSource, longestTarget, this.model.targetVocab.size);
  }

  /**
   * Contiguous [from, to) shares, one per thread (leader first; fewer when the batch has fewer pairs),
   * chosen so that the last thread to finish finishes as early as possible: the smallest time bound
   * (share cost / thread speed) for which the pairs fit into the threads, found by bisection. Batches
   * come sorted by source length (bucketed), so a share that reaches into longer sources costs more
   * than its pair count says.
   */
  private split(sources: number[][], targets: number[][]): [number, number][] {
    const n = targets.length;
    const parts = Math.min(this.threads, n);
    const speeds = this.speeds(parts);
    const pack = (bound: number): [number, number][] | null => {
      const shares: [number, number][] = [];
      let from = 0;
      for (let p = 0; p < parts && from < n; p++) {
        // Every share takes at least one pair; then pairs while the padded cost stays within the bound.
        let longestSource = sources[from].length;
        let longestTarget = targets[from].length;
        let to = from + 1;
        while (to < n) {
          const s = Math.max(longestSource, sources[to].length);
          const t = Math.max(longestTarget, targets[to].length);
          if (this.pairsCost(to + 1 - from, s, t) / speeds[p] > bound) break;
          longestSource = s;
          longestTarget = t;
          to++;
        }
        shares.push([from, to]);
        from = to;
      }
      return from >= n ? shares : null;
    };
    let lo = 0;
    let hi = this.shareCost(sources, targets, 0, n) / Math.min(...speeds);
    let best = pack(hi) ?? [[0, n]];
    for (let k = 0; k < 40 && hi - lo > 1e-6 * hi; k++) {
      const mid = (lo + hi) / 2;
      const shares = pack(mid);
      if (shares) {
        best = shares;
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return best;
  }

  /** The model's current weights into the shared buffer, laid out as `layout` (what helpers load). */
  private publishWeights(): void {
    const backend = tf.backend();
    this.model.variables().forEach((v, k) => this.sharedWeights.set(heapFloats(backend, v) ?? (v.dataSync() as Float32Array), this.layout[k].offset));
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
