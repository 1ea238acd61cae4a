/**
 * A gradient helper thread: holds a replica of the model, and for each step copies the leader's
 * current weights from shared memory, computes the loss and gradients of the pairs it was sent (its
 * share of a batch in exact mode, a whole batch in delayed mode), and writes the gradients to its
 * shared buffer. Never applies updates: the leader owns the optimizer.
 *
 * No bundle of its own: a thread started with `workerData.role === GRADIENT_HELPER_ROLE` runs this
 * module's loop as soon as the module loads, whichever script started it: the compiled module itself
 * (out/, tests) or a bundle that includes the engine (dist/worker.js, dist/cli.js), whose entry then
 * skips its own work (`isGradientHelperThread`). One copy of tfjs in the package, not two.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { configureNativeKernels } from '../kernels/nativeModule';
import { heapFloats, wasmHeapBytes } from '../kernels/wasmBackend';
import { Vocab } from '../../text/vocab';
import { initBackend } from '../backend';
import { Seq2SeqModel } from '../model';
import type { HelperInit, HelperMessage, HelperStep, LeaderMessage } from './protocol';

export const GRADIENT_HELPER_ROLE = 'seq2seq-gradient-helper';

/** True in a thread started as a gradient helper (its entry script must then do nothing else). */
export function isGradientHelperThread(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === GRADIENT_HELPER_ROLE;
}

let model: Seq2SeqModel | null = null;
let init: HelperInit | null = null;
/** Arrival time of each step message (to tell message latency from compute in the leader's timings). */
const receivedAt = new WeakMap<object, number>();

function loadWeights(m: Seq2SeqModel, setup: HelperInit, weights: Float32Array): void {
  const vars = m.variables();
  setup.layout.forEach((slot, i) => {
    tf.tidy(() => vars[i].assign(tf.tensor(weights.subarray(slot.offset, slot.offset + slot.size), slot.shape, 'float32')));
  });
}

/** Loss of the pairs at `weights`; their gradient written to `out` in layout order. */
function step(m: Seq2SeqModel, setup: HelperInit, msg: HelperStep, weights: Float32Array, out: Float32Array): number {
  loadWeights(m, setup, weights);
  const vars = m.variables();
  const teacher = msg.teacher ? (t: number): boolean => msg.teacher![t] ?? true : undefined;
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => m.loss(msg.sources, msg.targets, teacher), vars);
    const backend = tf.backend();
    setup.layout.forEach((slot, i) => {
      const g = grads[vars[i].name];
      out.set(heapFloats(backend, g) ?? (g.dataSync() as Float32Array), slot.offset);
    });
    return value.dataSync()[0];
  });
}

/** This thread's wasm heap in MB (undefined on the cpu backend). */
function heapMB(): number | undefined {
  const bytes = wasmHeapBytes(tf.backend());
  return bytes === null ? undefined : bytes / 2 ** 20;
}

type Send = (m: HelperMessage) => void;

async function handle(raw: LeaderMessage, send: Send, close: () => void): Promise<void> {
  try {
    if (raw.type === 'init') {
      init = raw;
      configureNativeKernels(raw.nativeKernels.value, raw.nativeKernels.source);
      const backend = await initBackend(raw.backend, raw.wasmDir);
      model = Seq2SeqModel.create(raw.config, Vocab.fromJSON(raw.sourceVocab), Vocab.fromJSON(raw.targetVocab), 0);
      const names = model.getWeights().map(w => w.name);
      const expected = raw.layout.map(s => s.name);
      if (names.join('\n') !== expected.join('\n')) throw new Error('helper model weights differ from the leader\'s layout');
      send({ type: 'ready', backend });
    } else if (raw.type === 'step') {
      if (!model || !init) throw new Error('step before init');
      const t0 = performance.now();
      const loss = step(model, init, raw, new Float32Array(init.weights), new Float32Array(init.grads));
      const t1 = performance.now();
      send({ type: 'grads', id: raw.id, loss, ms: t1 - t0, receivedAt: receivedAt.get(raw) ?? undefined, sentAt: performance.timeOrigin + t1, heapMB: heapMB() });
    } else if (raw.type === 'stop') {
      model?.dispose();
      close();
    }
  } catch (e) {
    send({ type: 'error', id: raw.type === 'step' ? raw.id : null, message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
}

/** Serves a leader on `port` until it sends `stop`. */
function serveLeader(port: MessagePort): void {
  const send: Send = m => port.postMessage(m);
  // Messages are handled strictly in order (init awaits the backend before any step runs).
  let queue = Promise.resolve();
  port.on('message', (raw: LeaderMessage) => {
    receivedAt.set(raw, performance.timeOrigin + performance.now());
    queue = queue.then(() => handle(raw, send, () => port.close()));
  });
}

if (isGradientHelperThread() && parentPort) serveLeader(parentPort);
