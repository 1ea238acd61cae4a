/**
 * `GatherV2` along the first axis (every embedding lookup) for the wasm backend, as one row copy per
 * index. tfjs 4.22's wasm kernel computes a 4-D strided address for every element: 2.2 ms to gather
 * 1,280 rows of 32 floats (the default model's encoder lookup at batch 64), about as long as the step's
 * LSTM cell kernels take together. Other axes, batch dimensions and dtypes go to the original.
 */
import { asWasmBackend, heapBuffer, heapOffset, KernelArgs, KernelImpl, sizeOf } from './wasmBackend';

export function makeGatherV2(original: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { x, indices } = args.inputs;
    const axis = Number(args.attrs?.axis ?? 0);
    const batchDims = Number(args.attrs?.batchDims ?? 0);
    const rowsOf = x.shape[0];
    if ((axis !== 0 && axis !== -x.shape.length) || batchDims !== 0 || x.shape.length < 1 || indices.dtype !== 'int32'
      || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
      return original(args);
    }
    const backend = asWasmBackend(args.backend);
    const rowShape = x.shape.slice(1);
    const row = sizeOf(rowShape);
    const count = sizeOf(indices.shape);
    const out = backend.makeOutput([...indices.shape, ...rowShape], x.dtype);
    // Offsets and views after makeOutput: an allocation may grow (and move) the heap. Both dtypes are
    // 4 bytes, and copyWithin copies bits, so one float view of the heap serves both.
    const buffer = heapBuffer(backend);
    const heap = new Float32Array(buffer);
    const ids = new Int32Array(buffer, heapOffset(backend, indices), count);
    const from = heapOffset(backend, x) / 4;
    const to = heapOffset(backend, out) / 4;
    for (let i = 0; i < count; i++) {
      const id = ids[i];
      if (!(id >= 0 && id < rowsOf)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${id} is not in [0, ${rowsOf - 1}]`);
      }
      heap.copyWithin(to + i * row, from + id * row, from + (id + 1) * row);
    }
    return out;
  };
}
