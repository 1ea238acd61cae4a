/** Fuzzed worker messages from a seeded stream (the same seed gives the same 500 messages). */
import type { Rng } from '../../src/shared/engine/random';

const METHODS = ['init', 'trace', 'listModels', 'translate', 'compare', 'forced', 'train', 'nope'];

export /** One fuzzed value: anything structured clone can carry, hostile where it can be. */
function fuzzValue(rng: Rng, depth = 0): unknown {
  const pick = Math.floor(rng() * 12);
  switch (pick) {
    case 0: return BigInt(Math.floor(rng() * 1e9)) * 10n ** 30n;
    case 1: { const o: Record<string, unknown> = { a: 1 }; o.self = o; return o; }
    case 2: { let o: unknown = 'leaf'; for (let i = 0; i < 5000; i++) o = { o }; return o; }
    case 3: return 'x'.repeat(Math.floor(rng() * 100_000));
    case 4: return NaN;
    case 5: return -Infinity;
    case 6: return null;
    case 7: return undefined;
    case 8: return new Uint8Array(Math.floor(rng() * 64));
    case 9: return depth < 3 ? [fuzzValue(rng, depth + 1), fuzzValue(rng, depth + 1)] : [];
    case 10: return new Map([[1n, 'bigint key']]);
    default: return depth < 3 ? { modelId: fuzzValue(rng, depth + 1), text: fuzzValue(rng, depth + 1), beamWidth: fuzzValue(rng, depth + 1) } : {};
  }
}

/** A fuzzed message; `callId` set when it is shaped like a call the worker must answer. */
export function fuzzMessage(rng: Rng, n: number): { message: unknown; callId?: number } {
  const kind = Math.floor(rng() * 4);
  if (kind === 0) return { message: fuzzValue(rng) };
  if (kind === 1) return { message: { type: 'call', id: fuzzValue(rng), method: METHODS[Math.floor(rng() * METHODS.length)], args: fuzzValue(rng) } };
  if (kind === 2) return { message: { type: 'cancel', id: fuzzValue(rng) } };
  // Well-formed calls with hostile arguments (never train or init: they would change the worker's state).
  const id = 100_000 + n;
  const method = ['translate', 'compare', 'forced', 'trace', 'nope'][Math.floor(rng() * 5)];
  return { message: { type: 'call', id, method, args: fuzzValue(rng) }, callId: method === 'nope' ? undefined : id };
}

