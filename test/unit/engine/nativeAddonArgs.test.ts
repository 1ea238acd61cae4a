/**
 * The native addon's argument checks, called directly (not through the kernels, and whatever
 * SEQ2SEQ_NATIVE says): every non-integral, negative, NaN, infinite, overflowing or misaligned size or
 * offset is an N-API error (a JS exception), never a cast of a bad value into C.
 */
import * as assert from 'assert';
import type { NativeModule } from '../../../src/shared/engine/kernels/nativeModule';
import { builtAddonOrSkip } from './builtAddon';

describe('native addon: bad arguments are errors', () => {
  let addon: NativeModule;
  before(function () {
    addon = builtAddonOrSkip(this);
  });

  const heap = (): ArrayBuffer => new ArrayBuffer(4096);
  // A valid 4x4 by 4x4 product at offsets 0, 64, 128 of a 4 KB heap.
  const matMulArgs = (): number[] => [0, 64, 128, 1, 4, 4, 4, 0, 0, 0, 0, 0];
  const callMatMul = (args: number[]): void => (addon.matMul as unknown as (...a: unknown[]) => void)(heap(), ...args);

  it('accepts a valid call (and computes it)', () => {
    const h = heap();
    const f = new Float32Array(h);
    for (let i = 0; i < 16; i++) { f[i] = i === 0 || i === 5 || i === 10 || i === 15 ? 1 : 0; f[16 + i] = i; }
    addon.matMul(h, 0, 64, 128, 1, 4, 4, 4, 0, 0, 0, 0, 0);
    assert.deepStrictEqual(Array.from(f.subarray(32, 48)), Array.from({ length: 16 }, (_, i) => i));
  });

  const bad: [string, number, number, RegExp][] = [
    ['NaN offset', 0, NaN, /finite/],
    ['infinite size', 4, Infinity, /finite/],
    ['negative offset', 1, -4, /non-negative integers/],
    ['non-integral size', 5, 2.5, /non-negative integers/],
    ['non-integral offset', 2, 0.5, /non-negative integers/],
    ['size beyond 2^53', 6, 2 ** 60, /non-negative integers/],
    ['size beyond int', 4, 2 ** 31, /below 2\^31/],
    ['misaligned offset', 0, 2, /multiples of 4/],
    ['misaligned stride', 9, 6, /multiples of 4/],
    ['offset past the heap', 2, 4096, /outside the heap/],
    ['product past the heap', 4, 1000, /outside the heap/],
  ];
  for (const [label, index, value, message] of bad) {
    it(`matMul: ${label} -> error`, () => {
      const args = matMulArgs();
      args[index] = value;
      assert.throws(() => callMatMul(args), (e: Error) => message.test(e.message));
    });
  }

  it('a non-number, a missing argument or a heap that is not an ArrayBuffer -> error', () => {
    assert.throws(() => (addon.matMul as unknown as (...a: unknown[]) => void)(heap(), '0', ...matMulArgs().slice(1)), /must be numbers/);
    assert.throws(() => (addon.matMul as unknown as (...a: unknown[]) => void)(heap(), ...matMulArgs().slice(1)), /number of arguments/);
    assert.throws(() => (addon.matMul as unknown as (...a: unknown[]) => void)(new Float32Array(16), ...matMulArgs()), /ArrayBuffer/);
  });

  it('every entry point checks its sizes and offsets', () => {
    const h = heap();
    assert.throws(() => addon.lstmForward(h, 0, 0, 0, 0, 0, 0, NaN, 4), /finite/);
    assert.throws(() => addon.lstmBackward(h, 0, 0, 0, 0, 0, 0, 0, 1, -1), /non-negative integers/);
    assert.throws(() => addon.lstmSequenceForward(h, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5, 1, 4, 0, 0, 0), /non-negative integers/);
    assert.throws(() => addon.lstmSequenceBackward(h, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2 ** 40, 0, 0, 0), /below 2\^31/);
    assert.throws(() => addon.sumOfSquares(h, 0, 2 ** 20), /outside the heap/);
    assert.throws(() => addon.sumOfSquares(h, 3, 1), /multiples of 4/);
    assert.strictEqual(addon.sumOfSquares(h, 0, 4), 0);
    assert.throws(() => addon.columnSums(h, 0, 0, 1000, 2), /outside the heap/); // x: 8,000 bytes
    assert.throws(() => addon.columnSums(h, 0, 4092, 1, 2), /outside the heap/); // out: past the end
    assert.throws(() => addon.columnSums(h, 2, 64, 2, 2), /multiples of 4/);
    assert.throws(() => addon.columnSums(h, 0, 64, 2, 2 ** 31), /below 2\^31/);
    addon.columnSums(h, 0, 64, 2, 2);
    // Segment sums: x [2, 2] at 0, ids at 16, out [3, 2] at 32.
    assert.throws(() => addon.segmentSums(h, 0, 16, 32, 2, 2, 1000), /outside the heap/); // out: 8,000 bytes
    assert.throws(() => addon.segmentSums(h, 0, 4092, 32, 2, 2, 3), /outside the heap/); // ids: past the end
    assert.throws(() => addon.segmentSums(h, 0, 18, 32, 2, 2, 3), /multiples of 4/);
    assert.throws(() => addon.segmentSums(h, 0, 16, 32, 2, 2.5, 3), /non-negative integers/);
    addon.segmentSums(h, 0, 16, 32, 2, 2, 3);
    assert.throws(() => addon.tanh(h, 0, 64, 1024), /outside the heap/); // out: 64 + 4,096 bytes
    assert.throws(() => addon.tanh(h, 0, 6, 2), /multiples of 4/);
    assert.throws(() => addon.tanh(h, 0, 64, -1), /non-negative integers/);
    const f = new Float32Array(h);
    f.set([0, 1, -1, 30], 0);
    addon.tanh(h, 0, 64, 4);
    assert.deepStrictEqual(Array.from(f.subarray(16, 20)).map(y => Math.round(y * 1e6) / 1e6), [0, 0.761594, -0.761594, 1]);
    assert.throws(() => addon.adamStep(h, 0, 0, 0, 0, 0, 0, 0, 4, 0, NaN, 1, 0.9, 0.999, 0.01, 1e-7), /finite/);
    assert.throws(() => addon.adamStep(h, 0, 0, 0, 0, 0, 0, 0, 4.5, 0, 1, 1, 0.9, 0.999, 0.01, 1e-7), /non-negative integers/);
    addon.adamStep(h, 0, 16, 32, 48, 64, 80, 96, 4, 1, 1, 1, 0.9, 0.999, 0.01, 1e-7);
    // Softmax cross-entropy: logits [2, 8] at 0, labels at 64, weights at 72, lse at 80, loss at 88.
    assert.throws(() => addon.softmaxXentForward(h, 0, 64, 72, 80, 88, 2, NaN), /finite/);
    assert.throws(() => addon.softmaxXentForward(h, 0, 64, 72, 80, 88, 0, 8), /empty shape/);
    assert.throws(() => addon.softmaxXentForward(h, 0, 64, 72, 80, 88, 2, 4096), /outside the heap/);
    assert.throws(() => addon.softmaxXentBackward(h, 0, 64, 80, 72, 2, 2, 8), /multiples of 4/);
    assert.throws(() => addon.softmaxXentBackward(h, 0, 64, 80, 72, 4064, 2, 8), /outside the heap/);
  });

  it('softmax cross-entropy: a label outside the vocabulary on a counted row is a RangeError naming the row', () => {
    const h = heap();
    const f = new Float32Array(h);
    const labels = new Int32Array(h, 64, 2);
    labels[0] = 3;
    labels[1] = 8;
    f[18] = 1; // row 0 counts
    f[19] = 1; // row 1 counts, and its label is the ninth of eight classes
    assert.throws(() => addon.softmaxXentForward(h, 0, 64, 72, 80, 88, 2, 8), (e: Error) => e instanceof RangeError && /row 1/.test(e.message));
    f[19] = 0; // padding: not read
    addon.softmaxXentForward(h, 0, 64, 72, 80, 88, 2, 8);
    // Eight equal logits: log 8 per counted row, 0 for the padded one.
    assert.ok(Math.abs(f[22] - Math.log(8)) < 1e-6, `loss ${f[22]}`);
    assert.strictEqual(f[23], 0);
  });
});
