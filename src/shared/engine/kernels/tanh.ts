/**
 * `Tanh` for the wasm backend as tanh(x) = 2·sigmoid(2x) - 1: in one pass on the native module where it
 * runs (src/native/activation.c), else as below. tfjs 4.22's wasm Tanh is a scalar loop over
 * `std::tanh` (~20 ns per element here) while its Sigmoid is XNNPACK's vectorised one (~1-4 ns): on the
 * book model's [128, 256] cell states tanh took 760 µs against 130 µs this way, and tanh runs twice per
 * LSTM step (~8 % of a training step). The two scalings are single passes over heap views. Small inputs
 * (decoding one sentence) keep the original kernel: there the fixed cost of the extra passes dominates.
 * Same values up to ~2e-7 (float32 rounding of the sigmoid); the gradient is tfjs's dy·(1 - y²) as before.
 */
import * as tf from '@tensorflow/tfjs';
import { KERNEL_LIMITS } from '../executionPlan';
import { nativeModule } from './nativeModule';
import { asWasmBackend, heapBuffer, heapOffset, heapView, KernelArgs, KernelImpl, sizeOf } from './wasmBackend';

export function makeTanh(original: KernelImpl, sigmoid: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    const n = sizeOf(x.shape);
    if (x.dtype !== 'float32' || n < KERNEL_LIMITS.tanhViaSigmoidMinElements) return original(args);
    const backend = asWasmBackend(args.backend);
    const native = nativeModule();
    if (native) {
      const out = backend.makeOutput(x.shape, 'float32');
      native.tanh(heapBuffer(backend), heapOffset(backend, x), heapOffset(backend, out), n);
      return out;
    }
    const doubled = backend.makeOutput(x.shape, 'float32');
    try {
      const xs = heapView(backend, x) as Float32Array;
      const ds = heapView(backend, doubled) as Float32Array;
      for (let i = 0; i < n; i++) ds[i] = 2 * xs[i];
      const out = sigmoid({ inputs: { x: doubled }, backend: args.backend, attrs: {} }) as tf.TensorInfo;
      // `out` is a fresh tensor owned by this kernel: rescale it in place (views taken after every allocation).
      const os = heapView(backend, out) as Float32Array;
      for (let i = 0; i < n; i++) os[i] = 2 * os[i] - 1;
      return out;
    } finally {
      backend.disposeData(doubled.dataId);
    }
  };
}
