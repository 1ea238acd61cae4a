import * as assert from 'node:assert/strict';
import { decodeWeights, encodedByteLength, encodeWeights, fromFloat16Bits, toFloat16Bits } from '../../../src/shared/engine/weightCodec';

describe('engine: weight codec (float16, int8)', () => {
  it('float16 bits of known values, both ways', () => {
    const known: [number, number][] = [[0, 0x0000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [2 ** -24, 0x0001], [2 ** -14, 0x0400]];
    for (const [v, bits] of known) {
      assert.equal(toFloat16Bits(v), bits, `bits of ${v}`);
      assert.equal(fromFloat16Bits(bits), v, `value of 0x${bits.toString(16)}`);
    }
    assert.equal(toFloat16Bits(1e6), 0x7c00, 'too large: infinity');
    assert.equal(toFloat16Bits(1e-9), 0, 'too small: zero');
    assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
  });

  it('float16 rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: the even one (1) wins; 1 + 3 * 2^-11 goes up.
    assert.equal(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11)), 1);
    assert.equal(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11)), 1 + 2 ** -9);
    for (const v of [0.1, -3.14159, 123.456, 1e-5]) {
      assert.ok(Math.abs(fromFloat16Bits(toFloat16Bits(v)) - v) <= Math.abs(v) * 2 ** -11 + 2 ** -25, `error of ${v}`);
    }
  });

  it('int8 keeps a scale per row, zero exactly, and the largest value of each row', () => {
    const values = Float32Array.from([0, 0.5, -1, 0.25, 0, 0, 0, 0, 10, -5, 2.5, 0]);
    const shape = [3, 4];
    const bytes = encodeWeights(values, shape, 'int8');
    assert.equal(bytes.length, encodedByteLength('int8', shape));
    assert.equal(bytes.length, 3 * 4 + 12);
    const back = decodeWeights(bytes, shape, 'int8');
    assert.equal(back[0], 0);
    assert.ok(Math.abs(back[2] + 1) < 1e-6 && Math.abs(back[8] - 10) < 1e-5, 'row maxima are exact');
    assert.deepEqual(Array.from(back.subarray(4, 8)), [0, 0, 0, 0], 'an all-zero row stays zero');
    values.forEach((v, i) => assert.ok(Math.abs(back[i] - v) <= (i < 4 ? 1 : 10) / 127 / 2 + 1e-6, `value ${i}`));
  });

  it('float32 round-trips bit for bit', () => {
    const values = Float32Array.from([1.1, -2.2, 3.3e-30, 4.4e30]);
    assert.deepEqual(decodeWeights(encodeWeights(values, [4], 'float32'), [4], 'float32'), values);
  });
});
