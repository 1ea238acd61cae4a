/**
 * A chunk of LSTM time steps as one kernel forwards and one backwards, on the native module
 * (src/native/lstmSequence.c). Step by step (./lstmCell) each step is a recurrent product, an addition
 * and a cell kernel forwards and as many backwards: tfjs dispatch and the saved per-step tensors cost
 * more than the arithmetic for small models (the default model's training step). Same operations in the
 * same order; `lstmLayer` uses these when `hasNativeLstmSequence()`.
 *
 *   forward  inputs zx [K*B, 4H] (input projections, bias included, time-major), wh [H, 4H], h0, c0 [B, H],
 *            masks [K, B] (optional: 1 real step, 0 padding); attrs reverse
 *            outputs hs [K, B, H] (h after each step), hPrev, cPrev [K, B, H] (the state entering each
 *            step), act [K, B, 4H], tc [K, B, H], hLast, cLast [B, H] (after the last step processed)
 *   backward inputs dOut [K, B, H], wh, act, tc, cPrev, dh, dc [B, H] (gradient of the state after the
 *            last step processed), masks (optional); attrs reverse
 *            outputs dz [K, B, 4H] (gate gradients), dh, dc [B, H] (gradient of the state entering the chunk)
 */
import * as tf from '@tensorflow/tfjs';
import { operandKey } from './matMul';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, type KernelArgs, type KernelImpl, type WasmBackendLike } from './wasmBackend';

import { LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD } from './names';

export { LSTM_SEQUENCE_BACKWARD, LSTM_SEQUENCE_FORWARD } from './names';

function shapes(wh: tf.TensorInfo, rows: tf.TensorInfo, perStep: tf.TensorInfo): { K: number; B: number; H: number } {
  const H = wh.shape[0];
  const B = rows.shape[0];
  if (wh.shape[1] !== 4 * H || rows.shape[1] !== H) throw new Error(`LSTM sequence kernel: state [${rows.shape}] does not fit recurrent weight [${wh.shape}]`);
  const K = perStep.shape[0] / (perStep.shape.length === 2 ? B : 1);
  if (!Number.isInteger(K) || K < 1) throw new Error(`LSTM sequence kernel: [${perStep.shape}] is not a whole number of steps of batch ${B}`);
  return { K, B, H };
}

function needNative(name: string): NonNullable<ReturnType<typeof nativeModule>> {
  const native = nativeModule();
  if (!native) throw new Error(`${name} needs the native module`);
  return native;
}

const offsetsOf = (backend: WasmBackendLike, infos: (tf.TensorInfo | undefined)[]): number[] => infos.map(t => (t ? heapOffset(backend, t) : 0));

export const lstmSequenceForward: KernelImpl = (args: KernelArgs) => {
  const native = needNative(LSTM_SEQUENCE_FORWARD);
  const backend = asWasmBackend(args.backend);
  const { zx, wh, h0, c0, masks } = args.inputs;
  const { K, B, H } = shapes(wh, h0, zx);
  const outs = [[K, B, H], [K, B, H], [K, B, H], [K, B, 4 * H], [K, B, H], [B, H], [B, H]].map(s => backend.makeOutput(s, 'float32'));
  // Offsets after every allocation (the heap may have grown and moved).
  const o = offsetsOf(backend, [zx, wh, masks, h0, c0, ...outs]);
  native.lstmSequenceForward(heapBuffer(backend), o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11],
    K, B, H, Number(args.attrs?.reverse === true), Number(masks !== undefined), operandKey(wh));
  return outs; // hs, hPrev, cPrev, act, tc, hLast, cLast
};

export const lstmSequenceBackward: KernelImpl = (args: KernelArgs) => {
  const native = needNative(LSTM_SEQUENCE_BACKWARD);
  const backend = asWasmBackend(args.backend);
  const { dOut, wh, act, tc, cPrev, dh, dc, masks } = args.inputs;
  const { K, B, H } = shapes(wh, dh, dOut);
  const outs = [[K, B, 4 * H], [B, H], [B, H]].map(s => backend.makeOutput(s, 'float32'));
  const o = offsetsOf(backend, [dOut, wh, masks, act, tc, cPrev, dh, dc, ...outs]);
  native.lstmSequenceBackward(heapBuffer(backend), o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10],
    K, B, H, Number(args.attrs?.reverse === true), Number(masks !== undefined), operandKey(wh));
  return outs; // dz, dh, dc
};

/** True when the active backend runs the chunk kernels (wasm with the native module). */
export function hasNativeLstmSequence(): boolean {
  return tf.getBackend() === 'wasm' && nativeModule() !== null && tf.getKernel(LSTM_SEQUENCE_FORWARD, 'wasm') !== undefined;
}
