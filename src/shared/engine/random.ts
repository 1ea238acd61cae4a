/**
 * A small seeded PRNG (mulberry32) so that weight initialisation, shuffling and scheduled sampling are
 * reproducible: the same seed gives the same run on every machine and backend. Math.random is never used
 * by the engine.
 */

export type Rng = () => number;

/** mulberry32: 32-bit state, uniform floats in [0, 1). Good enough for shuffles and initialisers. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream for a named purpose (init, shuffle, sampling) from one user seed. */
export function deriveSeed(seed: number, purpose: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < purpose.length; i++) {
    h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** [0, 1, ..., n-1]. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
