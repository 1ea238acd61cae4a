/**
 * `Identity` and same-dtype `Cast` for the wasm backend without a copy. tfjs 4.22's wasm versions copy the
 * whole tensor, and the gradient machinery calls them constantly (~770 Identity calls per training step
 * of the book model, ~19 % of kernel time in a profile). Tensors are immutable, so the output can share
 * the input's memory with one more reference, exactly as the wasm `Reshape` and the cpu backend's
 * `Identity` already do.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, KernelArgs, KernelImpl } from './wasmBackend';

function share(args: KernelArgs, x: tf.TensorInfo): tf.TensorInfo {
  asWasmBackend(args.backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function makeIdentity(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return original(args);
    return share(args, x);
  };
}

/**
 * Same dtype: shared. To bool: x != 0 (tfjs 4.22's wasm Cast copies the values, so int32 2 became bool 2).
 * Otherwise the backend's own conversion.
 */
export function makeCast(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x;
    const dtype = args.attrs?.dtype;
    if (x.dtype === 'string') return original(args);
    if (x.dtype === dtype) return share(args, x);
    if (dtype === 'bool') {
      const backend = asWasmBackend(args.backend);
      const out = backend.makeOutput(x.shape, 'bool');
      const outVals = backend.typedArrayFromHeap(out);
      const xVals = backend.typedArrayFromHeap(x);
      for (let i = 0; i < xVals.length; i++) outVals[i] = xVals[i] !== 0 ? 1 : 0;
      return out;
    }
    return original(args);
  };
}
