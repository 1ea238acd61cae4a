/**
 * One LSTM time step's element-wise work as one wasm kernel forwards and one backwards. Composed from
 * tfjs ops, a step is ~10 kernel calls forwards and ~20 backwards, each with ~9 µs of dispatch and its
 * own pass over memory; the book model runs 20-40 steps per batch through these. Here the forward pass
 * makes two calls of the backend's vectorised Sigmoid (tanh(x) = 2σ(2x) - 1, as in ./tanh) and three
 * passes over heap views; the backward pass is one pass. Gate order i, f, o, g (as `lstmSequence`).
 *
 *   forward  (z [B, 4H] gate pre-activations, c [B, H] previous cell)
 *            -> act [B, 4H] (σ(i), σ(f), σ(o), tanh(g)), tc [B, H] = tanh(c'), h [B, H] = σ(o)·tc, c' [B, H]
 *   backward (dh [B, H], dc [B, H], act, tc, c) -> dz [B, 4H], dcPrev [B, H] (through the forget gate)
 *
 * With the native module (./nativeModule) each kernel is one AVX2 pass instead. Masks (padded steps) stay
 * outside, as composed ops. Tests compare both kernels with the composed ops.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, heapView, type KernelArgs, type KernelImpl } from './wasmBackend';

export { LSTM_CELL_BACKWARD, LSTM_CELL_FORWARD } from './names';

const f32 = (backend: ReturnType<typeof asWasmBackend>, t: tf.TensorInfo): Float32Array => heapView(backend, t) as Float32Array;

export function makeLstmCellForward(sigmoid: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { z, c } = args.inputs;
    const backend = asWasmBackend(args.backend);
    const [B, G] = z.shape;
    const H = G / 4;
    const native = nativeModule();
    if (native) {
      const outs = [backend.makeOutput([B, G], 'float32'), ...[0, 1, 2].map(() => backend.makeOutput([B, H], 'float32'))];
      const [zo, co, ao, to, ho, no] = [z, c, ...outs].map(t => heapOffset(backend, t));
      native.lstmForward(heapBuffer(backend), zo, co, ao, to, ho, no, B, H);
      return outs; // act, tc, h, c'
    }
    const scaled = backend.makeOutput([B, G], 'float32');
    {
      const zs = f32(backend, z);
      const ss = f32(backend, scaled);
      for (let b = 0; b < B; b++) {
        const row = b * G;
        for (let j = 0; j < 3 * H; j++) ss[row + j] = zs[row + j];
        for (let j = 3 * H; j < G; j++) ss[row + j] = 2 * zs[row + j];
      }
    }
    const act = sigmoid({ inputs: { x: scaled }, backend: args.backend, attrs: {} }) as tf.TensorInfo;
    backend.disposeData(scaled.dataId);
    const cNew = backend.makeOutput([B, H], 'float32');
    const twoC = backend.makeOutput([B, H], 'float32');
    {
      // Views are taken after every allocation (the heap may have grown and moved).
      const as = f32(backend, act);
      const cs = f32(backend, c);
      const cn = f32(backend, cNew);
      const tw = f32(backend, twoC);
      for (let b = 0; b < B; b++) {
        const row = b * G;
        for (let j = 0; j < H; j++) {
          const g = 2 * as[row + 3 * H + j] - 1;
          as[row + 3 * H + j] = g;
          const v = as[row + H + j] * cs[b * H + j] + as[row + j] * g;
          cn[b * H + j] = v;
          tw[b * H + j] = 2 * v;
        }
      }
    }
    const tc = sigmoid({ inputs: { x: twoC }, backend: args.backend, attrs: {} }) as tf.TensorInfo;
    backend.disposeData(twoC.dataId);
    const h = backend.makeOutput([B, H], 'float32');
    {
      const as = f32(backend, act);
      const ts = f32(backend, tc);
      const hs = f32(backend, h);
      for (let b = 0; b < B; b++) {
        const row = b * G;
        for (let j = 0; j < H; j++) {
          const t = 2 * ts[b * H + j] - 1;
          ts[b * H + j] = t;
          hs[b * H + j] = as[row + 2 * H + j] * t;
        }
      }
    }
    return [act, tc, h, cNew];
  };
}

export const lstmCellBackward: KernelImpl = (args: KernelArgs) => {
  const { dh, dc, act, tc, c } = args.inputs;
  const backend = asWasmBackend(args.backend);
  const [B, G] = act.shape;
  const H = G / 4;
  const dz = backend.makeOutput([B, G], 'float32');
  const dcPrev = backend.makeOutput([B, H], 'float32');
  const native = nativeModule();
  if (native) {
    const o = [dh, dc, act, tc, c, dz, dcPrev].map(t => heapOffset(backend, t));
    native.lstmBackward(heapBuffer(backend), o[0], o[1], o[2], o[3], o[4], o[5], o[6], B, H);
    return [dz, dcPrev];
  }
  const [dhs, dcs, as, ts, cs, dzs, dps] = [dh, dc, act, tc, c, dz, dcPrev].map(t => f32(backend, t));
  for (let b = 0; b < B; b++) {
    const row = b * G;
    for (let j = 0; j < H; j++) {
      const k = b * H + j;
      const i = as[row + j];
      const f = as[row + H + j];
      const o = as[row + 2 * H + j];
      const g = as[row + 3 * H + j];
      const t = ts[k];
      const d = dhs[k];
      const dcTot = dcs[k] + d * o * (1 - t * t);
      dzs[row + j] = dcTot * g * i * (1 - i);
      dzs[row + H + j] = dcTot * cs[k] * f * (1 - f);
      dzs[row + 2 * H + j] = d * t * o * (1 - o);
      dzs[row + 3 * H + j] = dcTot * i * (1 - g * g);
      dps[k] = dcTot * f;
    }
  }
  return [dz, dcPrev];
};
