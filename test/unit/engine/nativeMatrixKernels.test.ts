/**
 * The native module's matrix micro-kernels (src/native/gemmKernels.c), each called directly: every one
 * this CPU runs computes products of awkward shapes (remainders in every dimension, several packed
 * blocks, both transposes) as a float64 reference does. The AVX-512 kernel's source also runs here
 * compiled for AVX2 (`avx2-12x32`), so machines without AVX-512 still test it.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import type { NativeModule } from '../../../src/shared/engine/kernels/nativeModule';
import { BUILT_ADDON, builtAddonOrSkip } from './builtAddon';
import { randomValues } from './engineHelpers';

/** op(A)·op(B) in float64, and Σ|a||b| per entry (the scale of its rounding error). */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, ta: boolean, tb: boolean): { c: Float64Array; scale: Float64Array } {
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? a[p * m + i] : a[i * k + p];
        const y = tb ? b[j * k + p] : b[p * n + j];
        s += x * y;
        t += Math.abs(x * y);
      }
      c[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { c, scale };
}

describe('native matrix kernels: each one this CPU runs equals a float64 product', () => {
  let addon: NativeModule;
  before(function () {
    addon = builtAddonOrSkip(this);
  });

  it('lists every kernel built in, and multiplies with the first one that runs here', () => {
    assert.deepStrictEqual(addon.matrixKernels.map(k => k.name), ['avx512-12x32', 'avx2-6x16', 'avx2-12x32']);
    // The module loads only where AVX2/FMA run, so both AVX2 kernels must.
    assert.deepStrictEqual(addon.matrixKernels.slice(1).map(k => k.runsHere), [true, true]);
    assert.strictEqual(addon.matrixKernel, addon.matrixKernels.find(k => k.runsHere)?.name);
  });

  it('SEQ2SEQ_MATRIX_KERNEL picks another kernel that runs here (to measure one against another); an unknown name is ignored', () => {
    const chosenWith = (value: string): string => execFileSync(process.execPath,
      ['-e', `process.stdout.write(require(${JSON.stringify(BUILT_ADDON)}).matrixKernel)`],
      { env: { ...process.env, SEQ2SEQ_MATRIX_KERNEL: value }, encoding: 'utf8' });
    assert.strictEqual(chosenWith('avx2-12x32'), 'avx2-12x32');
    assert.strictEqual(chosenWith('avx2-6x16'), 'avx2-6x16');
    assert.strictEqual(chosenWith('no-such-kernel'), addon.matrixKernel);
  });

  // [m, n, k]: a single entry; fewer rows and columns than one tile; remainders of 6/12 rows and 16/32
  // columns with two blocks of depth 128; more rows than one packed block of A (96) and depth past 256.
  const shapes: [number, number, number][] = [[1, 1, 1], [5, 7, 3], [13, 33, 129], [97, 50, 300], [128, 1027, 64]];
  const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

  it('every kernel this CPU runs: products of awkward shapes, both operands transposed or not', function () {
    this.timeout(60000);
    const ran: string[] = [];
    addon.matrixKernels.forEach((kernel, index) => {
      if (!kernel.runsHere) return;
      ran.push(kernel.name);
      shapes.forEach(([m, n, k], s) => {
        for (const [ta, tb] of combos) {
          const heap = new ArrayBuffer(4 * (m * k + k * n + m * n));
          const a = new Float32Array(heap, 0, m * k);
          const b = new Float32Array(heap, 4 * m * k, k * n);
          const c = new Float32Array(heap, 4 * (m * k + k * n), m * n);
          a.set(randomValues(m * k, 100 + s));
          b.set(randomValues(k * n, 200 + s));
          c.fill(NaN); // every entry must be written, not added to
          addon.matMulWithKernel(heap, index, a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, ta ? 1 : 0, tb ? 1 : 0);
          const want = reference(a, b, m, n, k, ta, tb);
          // The bound of float32 summation of k products (k units of rounding); a wrong index or a lost
          // block is off by the size of the entries themselves.
          const bound = k * 2 ** -23;
          for (let i = 0; i < m * n; i++) {
            const error = Math.abs(c[i] - want.c[i]);
            if (!(error <= bound * want.scale[i])) {
              assert.fail(`${kernel.name} [${m},${k}]x[${k},${n}] ta=${ta} tb=${tb}: entry ${i} is ${c[i]}, want ${want.c[i]}`);
            }
          }
        }
      });
    });
    assert.ok(ran.includes('avx2-12x32'), `the AVX-512 kernel's source ran compiled for AVX2 (ran: ${ran.join(', ')})`);
  });

  it('rejects a kernel this CPU cannot run or that does not exist, and operands outside the heap', () => {
    const heap = new ArrayBuffer(4096);
    assert.throws(() => addon.matMulWithKernel(heap, addon.matrixKernels.length, 0, 64, 128, 4, 4, 4, 0, 0), /no such kernel/);
    const missing = addon.matrixKernels.findIndex(k => !k.runsHere);
    if (missing >= 0) assert.throws(() => addon.matMulWithKernel(heap, missing, 0, 64, 128, 4, 4, 4, 0, 0), /no such kernel/);
    assert.throws(() => addon.matMulWithKernel(heap, 1, 0, 64, 4080, 4, 4, 4, 0, 0), /outside the heap/);
    assert.throws(() => addon.matMulWithKernel(heap, 1, 0, 66, 128, 4, 4, 4, 0, 0), /multiples of 4/);
    assert.throws(() => addon.matMulWithKernel(heap, 1.5, 0, 64, 128, 4, 4, 4, 0, 0), /non-negative integers/);
  });
});
