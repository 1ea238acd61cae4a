/**
 * The optional native module (src/native/, C with AVX2/FMA, and AVX-512 for matrix products where the CPU
 * has it; loaded through Node-API) behind the wasm backend's hottest kernels: matrix products (./matMul),
 * the LSTM step (./lstmCell) or a chunk of steps (./lstmSequence), the output layer's softmax
 * cross-entropy (./softmaxXent), the optimizer's update (./adam), sums over leading axes (./sum) and
 * segments (./unsortedSegmentSum), and tanh (./tanh). XNNPACK in wasm has 128-bit SIMD only; the native
 * code works on the operands where they lie in the wasm heap (no copies) at ~3x the speed. When the module
 * is not built for this platform, cannot load, the CPU lacks AVX2/FMA, or it is turned off
 * (`configureNativeKernels('off')`: the `seq2seqAttention.nativeKernels` setting; `SEQ2SEQ_NATIVE=0` in
 * the environment for the CLI, tests and CI), the kernels keep their wasm paths (the numbers agree up to
 * float summation order).
 */
import * as path from 'path';
import type { NativeKernelsSetting } from '../types';

/** One of the module's matrix micro-kernels (src/native/gemmKernels.c), e.g. `avx512-12x32`. */
export interface MatrixKernel {
  name: string;
  /** Whether this CPU (and its OS) runs its instructions. */
  runsHere: boolean;
}

export interface NativeModule {
  supported: boolean;
  /** The micro-kernel matMul uses here: the fastest in `matrixKernels` that runs. */
  matrixKernel: string;
  /** Every micro-kernel built in, by index (the `kernel` of matMulWithKernel). */
  matrixKernels: MatrixKernel[];
  /** `bKey` > 0 names b's contents (never given to other contents): its packed form may be kept for later calls. */
  matMul(heap: ArrayBuffer, aOffset: number, bOffset: number, outOffset: number, batch: number, m: number, n: number, k: number,
    transposeA: number, transposeB: number, aStride: number, bStride: number, bKey: number): void;
  /** One product [m,k]x[k,n] through `matrixKernels[kernel]` (no operand kept): lets tests check each kernel. */
  matMulWithKernel(heap: ArrayBuffer, kernel: number, aOffset: number, bOffset: number, outOffset: number, m: number, n: number, k: number,
    transposeA: number, transposeB: number): void;
  /** One LSTM step (kernels/lstmCell.ts): byte offsets of z, c, act, tc, h, c' on the heap. */
  lstmForward(heap: ArrayBuffer, z: number, c: number, act: number, tc: number, h: number, cNew: number, batch: number, hidden: number): void;
  lstmBackward(heap: ArrayBuffer, dh: number, dc: number, act: number, tc: number, c: number, dz: number, dcPrev: number,
    batch: number, hidden: number): void;
  /** A chunk of LSTM steps (kernels/lstmSequence.ts): byte offsets (masks: 0 when `hasMasks` is 0), then the sizes. */
  lstmSequenceForward(heap: ArrayBuffer, zx: number, wh: number, masks: number, h0: number, c0: number, hs: number, hPrev: number, cPrev: number,
    act: number, tc: number, hLast: number, cLast: number, steps: number, batch: number, hidden: number, reverse: number, hasMasks: number, whKey: number): void;
  lstmSequenceBackward(heap: ArrayBuffer, dOut: number, wh: number, masks: number, act: number, tc: number, cPrev: number, dhIn: number, dcIn: number,
    dz: number, dhOut: number, dcOut: number, steps: number, batch: number, hidden: number, reverse: number, hasMasks: number, whKey: number): void;
  /** Softmax cross-entropy of rows (kernels/softmaxXent.ts): byte offsets (labels int32), then rows and classes. */
  softmaxXentForward(heap: ArrayBuffer, x: number, labels: number, w: number, lse: number, loss: number, rows: number, classes: number): void;
  softmaxXentBackward(heap: ArrayBuffer, x: number, labels: number, lse: number, g: number, dx: number, rows: number, classes: number): void;
  /** Σ x² over n floats at byte offset x (in double precision). */
  sumOfSquares(heap: ArrayBuffer, x: number, n: number): number;
  /** One Adam update of n weights (kernels/adam.ts); m and v are not read when `first` is 1. */
  adamStep(heap: ArrayBuffer, g: number, m: number, v: number, w: number, mOut: number, vOut: number, wOut: number, n: number, first: number,
    gScale: number, sqScale: number, beta1: number, beta2: number, stepSize: number, epsilon: number): void;
  /** out[j] = Σ_r x[r, j] for x [rows, cols] at byte offset x (kernels/sum.ts: the same bits as its wasm path). */
  columnSums(heap: ArrayBuffer, x: number, out: number, rows: number, cols: number): void;
  /** out[s] = Σ of the rows x[i] (`inner` floats) with ids[i] = s (int32), ids outside [0, segments) dropped (kernels/unsortedSegmentSum.ts). */
  segmentSums(heap: ArrayBuffer, x: number, ids: number, out: number, rows: number, inner: number, segments: number): void;
  /** out = tanh(x) over n floats at byte offsets x and out (kernels/tanh.ts). */
  tanh(heap: ArrayBuffer, x: number, out: number, n: number): void;
}

/** File name of the built module: next to the bundle in dist/, or in src/native/build/Release when built. */
export const NATIVE_MODULE_FILE = 'seq2seq_native.node';

/** The module once loaded (it cannot be unloaded), null when it cannot load here, undefined before trying. */
let loaded: NativeModule | null | undefined;
let loadProblem: string | null = null;
/** Where the current choice came from, for the status line. */
let setting: { value: NativeKernelsSetting; source: string } = process.env.SEQ2SEQ_NATIVE === '0'
  ? { value: 'off', source: 'SEQ2SEQ_NATIVE=0' }
  : { value: 'auto', source: 'default' };

/**
 * Chooses whether the kernels may use the module (`source` names the setting, for the status line).
 * Takes effect for the next kernel call: 'off' after it was loaded just stops using it.
 */
export function configureNativeKernels(value: NativeKernelsSetting, source: string): void {
  // SEQ2SEQ_NATIVE=0 (CI's native-off tiers, a developer's shell) wins over any setting.
  setting = process.env.SEQ2SEQ_NATIVE === '0' ? { value: 'off', source: 'SEQ2SEQ_NATIVE=0' } : { value, source };
}

/** The current choice (helper threads get the same). */
export function nativeKernelsSetting(): { value: NativeKernelsSetting; source: string } {
  return { ...setting };
}

/** True on x86-64, the only architecture the C sources are written for (src/native/binding.gyp). */
export const NATIVE_ARCHITECTURE = process.arch === 'x64';

function candidates(): string[] {
  return [
    path.join(__dirname, NATIVE_MODULE_FILE), // dist/ (bundles)
    path.join(__dirname, '..', '..', '..', '..', '..', 'src', 'native', 'build', 'Release', NATIVE_MODULE_FILE), // out/src/shared/engine/kernels
    path.join(__dirname, '..', '..', '..', 'native', 'build', 'Release', NATIVE_MODULE_FILE), // src/shared/engine/kernels (ts-node)
  ];
}

function load(): NativeModule | null {
  if (setting.value === 'off') return null;
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (!NATIVE_ARCHITECTURE) {
    loadProblem = `the native kernels are written for x86-64 (AVX2/FMA); this is ${process.arch}`;
    return null;
  }
  // A computed path: bundlers leave it to Node's own require at run time.
  const nodeRequire = module.require.bind(module) as (id: string) => unknown;
  const problems: string[] = [];
  for (const file of candidates()) {
    try {
      const m = nodeRequire(file) as Partial<NativeModule>;
      const entryPoints = [m.matMul, m.matMulWithKernel, m.lstmForward, m.lstmBackward, m.lstmSequenceForward, m.lstmSequenceBackward, m.softmaxXentForward, m.softmaxXentBackward, m.sumOfSquares, m.adamStep, m.columnSums, m.segmentSums, m.tanh];
      if (entryPoints.some(f => typeof f !== 'function') || !Array.isArray(m.matrixKernels) || typeof m.matrixKernel !== 'string') {
        problems.push(`${file}: not this project's module`);
        continue;
      }
      if (!m.supported) {
        loadProblem = 'this CPU lacks AVX2/FMA';
        return null;
      }
      loaded = m as NativeModule;
      loadProblem = null;
      return loaded;
    } catch (e) {
      const code = (e as { code?: string }).code;
      problems.push(code === 'MODULE_NOT_FOUND' ? `${file}: not built` : `${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  loadProblem = problems.join('; ');
  return null;
}

/** The loaded module, or null (`nativeStatus` says why). */
export function nativeModule(): NativeModule | null {
  return load();
}

/** Which kernels run and why, in one line (the worker logs it; bench prints it). */
export function nativeStatus(): string {
  if (setting.value === 'off') return `wasm only: native kernels turned off (${setting.source === 'default' ? 'off' : setting.source})`;
  const m = load();
  return m ? `native (AVX2/FMA; matrix kernel ${m.matrixKernel})` : `wasm only: ${loadProblem}`;
}
