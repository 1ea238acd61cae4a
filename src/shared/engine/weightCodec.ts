/**
 * How a model file stores each weight tensor. Shipped translation models are mostly embedding and output
 * matrices; storing them in 16 or 8 bits keeps the extension's package small, and they are expanded back
 * to float32 on load (the engine always computes in float32).
 *
 *   float32  4 bytes a value, little-endian
 *   float16  2 bytes a value (IEEE half precision, round to nearest even; about 3 significant digits)
 *   int8     per row of the tensor's last axis: a float32 scale, then one signed byte per value;
 *            value = byte * scale, scale = max |row| / 127 (symmetric, so 0 stays exactly 0)
 */
export type WeightDtype = 'float32' | 'float16' | 'int8';
export const WEIGHT_DTYPES: readonly WeightDtype[] = ['float32', 'float16', 'int8'];

/** Rows and row length of a shape for int8 scales: a vector is one row. */
function rowsOf(shape: readonly number[]): { rows: number; width: number } {
  const size = shape.reduce((a, b) => a * b, 1);
  const width = shape.length === 0 ? 1 : shape[shape.length - 1];
  return { rows: width === 0 ? 0 : size / width, width };
}

export function encodedByteLength(dtype: WeightDtype, shape: readonly number[]): number {
  const size = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'float32') return size * 4;
  if (dtype === 'float16') return size * 2;
  return rowsOf(shape).rows * 4 + size;
}

// ---------------------------------------------------------------------------------------------------
// float16

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf, NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Inf
  if (e <= 0) {
    if (e < -10) return sign; // too small: signed zero
    // Subnormal: shift the mantissa (with its hidden bit) into place, rounding to nearest even.
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let out = m >>> shift;
    if (rest > half || (rest === half && (out & 1))) out++;
    return sign | out;
  }
  let out = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (out & 1))) out++; // may carry into the exponent: still right
  return sign | out;
}

export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// ---------------------------------------------------------------------------------------------------
// Encoding and decoding

/** Little-endian bytes of `values` stored as `dtype`. */
export function encodeWeights(values: Float32Array, shape: readonly number[], dtype: WeightDtype): Uint8Array {
  const out = new Uint8Array(encodedByteLength(dtype, shape));
  const view = new DataView(out.buffer);
  if (dtype === 'float32') {
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  } else if (dtype === 'float16') {
    for (let i = 0; i < values.length; i++) view.setUint16(i * 2, toFloat16Bits(values[i]), true);
  } else {
    const { rows, width } = rowsOf(shape);
    for (let r = 0; r < rows; r++) {
      let max = 0;
      for (let k = 0; k < width; k++) max = Math.max(max, Math.abs(values[r * width + k]));
      const scale = max / 127;
      const at = r * (4 + width);
      view.setFloat32(at, scale, true);
      for (let k = 0; k < width; k++) {
        view.setInt8(at + 4 + k, scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(values[r * width + k] / scale))));
      }
    }
  }
  return out;
}

/** The float32 values of `bytes` (exactly `encodedByteLength(dtype, shape)` of them). */
export function decodeWeights(bytes: Uint8Array, shape: readonly number[], dtype: WeightDtype): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(size);
  if (dtype === 'float32') {
    for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (dtype === 'float16') {
    for (let i = 0; i < size; i++) out[i] = fromFloat16Bits(view.getUint16(i * 2, true));
  } else {
    const { rows, width } = rowsOf(shape);
    for (let r = 0; r < rows; r++) {
      const at = r * (4 + width);
      const scale = view.getFloat32(at, true);
      for (let k = 0; k < width; k++) out[r * width + k] = view.getInt8(at + 4 + k) * scale;
    }
  }
  return out;
}

/**
 * The dtype a weight is stored in under a file-wide choice: biases and other vectors stay float32
 * (they are small and a shift in them moves every output); matrices take the chosen dtype.
 */
export function storedDtype(choice: WeightDtype, shape: readonly number[]): WeightDtype {
  return shape.length >= 2 ? choice : 'float32';
}
