/**
 * A result shown in the order the encoder read the source (models that reverse their input): source
 * tokens, attention columns and `<unk>` marks reversed. Column indices map back with `userColumn`.
 */
import type { DecodeResult } from '../src/shared/engine/types';

export function inEncoderOrder(r: DecodeResult): DecodeResult {
  return {
    ...r,
    source: [...r.source].reverse(),
    attention: r.attention ? r.attention.map((row) => [...row].reverse()) : null,
    sourceUnknown: r.sourceUnknown ? [...r.sourceUnknown].reverse() : r.sourceUnknown,
  };
}

/** A column of the encoder-order grid as a column of the user's order (and back: the map is its own inverse). */
export function userColumn(col: number, sourceLength: number): number {
  return sourceLength - 1 - col;
}
