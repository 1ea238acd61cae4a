/**
 * Registers this project's kernels for the tfjs wasm backend, once, replacing or adding:
 *   UnsortedSegmentSum (missing: tf.gather's gradient), GatherV2 on the first axis (row copies),
 *   BatchMatMul and _FusedMatMul (XNNPACK fast path),
 *   Slice, Unpack, SplitV (copy only the slice), Identity and same-dtype Cast (share, do not copy),
 *   Sum over leading axes (bias gradients: no transpose of the whole input), Tanh (via the vectorised Sigmoid);
 * and adds the fused LSTM cell step kernels (`lstmCell.ts`; `hasFusedLstmCell` says whether they can run)
 * the output layer's softmax cross-entropy (`softmaxXent.ts`) and, with the native module, the optimizer's update (`adam.ts`; `hasNativeAdam`) and chunks of LSTM steps
 * (`lstmSequence.ts`; `hasNativeLstmSequence`).
 * See docs/tfjs-performance.md, traps 1-3.
 * Must run after `@tensorflow/tfjs-backend-wasm` is imported (it registers the originals we wrap).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, adamStep } from './adam';
import { makeGatherV2 } from './gather';
import { makeCast, makeIdentity } from './identity';
import { makeBatchMatMul, makeFusedMatMul } from './matMul';
import { LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD, lstmCellBackward, makeLstmCellForward } from './lstmCell';
import { LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD, lstmSequenceBackward, lstmSequenceForward } from './lstmSequence';
import { makeSlice, makeSplitV, makeUnpack } from './slice';
import { SOFTMAX_XENT_BACKWARD, SOFTMAX_XENT_FORWARD, softmaxXentBackward, softmaxXentForward } from './softmaxXent';
import { nativeModule } from './nativeModule';
import { makeSum } from './sum';
import { makeTanh } from './tanh';
import { unsortedSegmentSumWasm } from './unsortedSegmentSum';
import { checkTfjsWasmVersion, type KernelImpl } from './wasmBackend';

export { releaseMatMulCaches } from './matMul';
export { LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from './lstmCell';
export { ADAM_STEP, hasNativeAdam, type AdamStepAttrs } from './adam';
export { SOFTMAX_XENT_BACKWARD, SOFTMAX_XENT_FORWARD } from './softmaxXent';
export { hasNativeLstmSequence, LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD } from './lstmSequence';

const BACKEND = 'wasm';
let registered = false;
/** The backend's own configs of the kernels we replaced, to restore them (benchmarks compare both). */
const originals = new Map<string, tf.KernelConfig>();

function originalKernel(name: string): tf.KernelConfig {
  const k = tf.getKernel(name, BACKEND);
  if (!k) throw new Error(`tfjs wasm backend has no '${name}' kernel to wrap (is @tensorflow/tfjs-backend-wasm 4.22 imported?)`);
  return k;
}

function replace(name: string, make: (orig: KernelImpl) => KernelImpl): void {
  const orig = originalKernel(name);
  originals.set(name, orig);
  tf.unregisterKernel(name, BACKEND);
  tf.registerKernel({
    kernelName: name,
    backendName: BACKEND,
    // The original's setup (cwrap of its C++ entry point) must still run when the backend initialises.
    setupFunc: orig.setupFunc,
    disposeFunc: orig.disposeFunc,
    kernelFunc: make(orig.kernelFunc as unknown as KernelImpl) as unknown as tf.KernelFunc,
  });
}

/** Idempotent. Returns the names of the kernels this project provides for wasm. Throws on an unsupported tfjs (wasmBackend.ts). */
export function registerWasmKernels(): string[] {
  checkTfjsWasmVersion();
  const names = ['UnsortedSegmentSum', 'GatherV2', 'BatchMatMul', '_FusedMatMul', 'Slice', 'Unpack', 'SplitV', 'Identity', 'Cast', 'Sum', 'Tanh',
    LSTM_CELL_FORWARD, LSTM_CELL_BACKWARD, SOFTMAX_XENT_FORWARD, SOFTMAX_XENT_BACKWARD, ...(nativeModule() ? [ADAM_STEP, LSTM_SEQUENCE_FORWARD, LSTM_SEQUENCE_BACKWARD] : [])];
  // The native-only kernels follow the setting: registered whenever the module can run (also after a
  // worker switched it on), never used while it is off (`nativeModule()` is null then).
  if (nativeModule() && !tf.getKernel(ADAM_STEP, BACKEND)) {
    tf.registerKernel({ kernelName: ADAM_STEP, backendName: BACKEND, kernelFunc: adamStep as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_SEQUENCE_FORWARD, backendName: BACKEND, kernelFunc: lstmSequenceForward as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_SEQUENCE_BACKWARD, backendName: BACKEND, kernelFunc: lstmSequenceBackward as unknown as tf.KernelFunc });
  }
  if (registered) return names;
  const transpose = originalKernel('Transpose').kernelFunc as unknown as KernelImpl;
  if (!tf.getKernel('UnsortedSegmentSum', BACKEND)) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: BACKEND, kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc });
  }
  replace('GatherV2', makeGatherV2);
  replace('BatchMatMul', orig => makeBatchMatMul(orig, transpose));
  replace('_FusedMatMul', orig => makeFusedMatMul(orig, transpose, originalKernel('Add').kernelFunc as unknown as KernelImpl));
  replace('Slice', makeSlice);
  replace('Unpack', makeUnpack);
  replace('SplitV', makeSplitV);
  replace('Identity', makeIdentity);
  replace('Cast', makeCast);
  replace('Sum', makeSum);
  const sigmoid = originalKernel('Sigmoid').kernelFunc as unknown as KernelImpl;
  replace('Tanh', orig => makeTanh(orig, sigmoid));
  if (!tf.getKernel(LSTM_CELL_FORWARD, BACKEND)) {
    tf.registerKernel({ kernelName: LSTM_CELL_FORWARD, backendName: BACKEND, kernelFunc: makeLstmCellForward(sigmoid) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_CELL_BACKWARD, backendName: BACKEND, kernelFunc: lstmCellBackward as unknown as tf.KernelFunc });
  }
  if (!tf.getKernel(SOFTMAX_XENT_FORWARD, BACKEND)) {
    tf.registerKernel({ kernelName: SOFTMAX_XENT_FORWARD, backendName: BACKEND, kernelFunc: softmaxXentForward as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: SOFTMAX_XENT_BACKWARD, backendName: BACKEND, kernelFunc: softmaxXentBackward as unknown as tf.KernelFunc });
  }
  registered = true;
  return names;
}

/** True when the active backend runs the fused LSTM cell kernels (wasm with this project's kernels). */
export function hasFusedLstmCell(): boolean {
  return tf.getBackend() === BACKEND && tf.getKernel(LSTM_CELL_FORWARD, BACKEND) !== undefined;
}

/**
 * Puts the wasm backend's own kernels back (UnsortedSegmentSum stays: without it training cannot run)
 * and removes the fused LSTM cell, LSTM chunk, softmax cross-entropy and Adam kernels (the LSTM op, the loss and the
 * optimizer then compose tfjs ops again).
 * For benchmarks that measure the difference; `registerWasmKernels()` installs ours again.
 */
export function restoreOriginalWasmKernels(): void {
  if (!registered) return;
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(config);
  }
  originals.clear();
  if (tf.getKernel(LSTM_CELL_FORWARD, BACKEND)) {
    tf.unregisterKernel(LSTM_CELL_FORWARD, BACKEND);
    tf.unregisterKernel(LSTM_CELL_BACKWARD, BACKEND);
  }
  for (const name of [ADAM_STEP, LSTM_SEQUENCE_FORWARD, LSTM_SEQUENCE_BACKWARD, SOFTMAX_XENT_FORWARD, SOFTMAX_XENT_BACKWARD]) {
    if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
  }
  registered = false;
}
