/**
 * Held-out splits by source sentence. Parallel corpora such as Tatoeba list one English sentence with
 * several translations; a random split by pair would put "Run!" -> "Cours !" in training and
 * "Run!" -> "Courez !" in the test set, and the test would measure memory. Here every pair of one
 * source sentence goes to the same side.
 *
 * The side is a function of the sentence alone (a hash of its NFC text with the seed), not of its
 * position: adding or removing other lines never moves a sentence from one side to the other, so a
 * model trained on one version of a file is still scored on unseen sentences of the next.
 */
import { swappedPairs, type Pair } from './types';

export type SplitSide = 'train' | 'dev' | 'test';

export interface SplitOptions {
  /** Shares of source sentences held out, each in [0, 1); what remains trains. */
  dev: number;
  test: number;
  seed: number;
}

export interface SplitPairs {
  train: Pair[];
  dev: Pair[];
  test: Pair[];
}

/** The key a source sentence is grouped by: NFC, white space collapsed, case kept. */
export function sentenceKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** FNV-1a over the key's UTF-16 units, mixed with the seed; uniform in [0, 1). */
function unitHash(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  // A final avalanche so that keys differing in the last character spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function splitSide(source: string, options: SplitOptions): SplitSide {
  const u = unitHash(sentenceKey(source), options.seed);
  if (u < options.test) return 'test';
  if (u < options.test + options.dev) return 'dev';
  return 'train';
}

/** Splits pairs by source sentence; the order of the input is kept within each side. */
export function splitBySource(pairs: readonly Pair[], options: SplitOptions): SplitPairs {
  if (!(options.dev >= 0 && options.test >= 0 && options.dev + options.test < 1)) {
    throw new Error(`Held-out shares must be at least 0 and leave some training data (dev ${options.dev}, test ${options.test}).`);
  }
  const out: SplitPairs = { train: [], dev: [], test: [] };
  for (const p of pairs) out[splitSide(p.source, options)].push(p);
  return out;
}

/** The split the shipped translation models and their benchmarks use: 3 % test, 2 % dev, seed 2026. */
export const TRANSLATION_SPLIT: SplitOptions = { dev: 0.02, test: 0.03, seed: 2026 };

/**
 * The split for a model that translates the pairs the other way (French to English from English-French
 * pairs): the held-out pairs of `splitBySource`, reversed, so both directions are scored on the same
 * sentence pairs. One French sentence can translate several English ones that fell on different sides;
 * those training pairs are left out (`dropped`), so no held-out input was seen in training either.
 */
export function splitReversed(pairs: readonly Pair[], options: SplitOptions): SplitPairs & { dropped: number } {
  const forward = splitBySource(pairs, options);
  const heldOut = new Set([...forward.dev, ...forward.test].map(p => sentenceKey(p.target)));
  const train = swappedPairs(forward.train.filter(p => !heldOut.has(sentenceKey(p.target))));
  return { train, dev: swappedPairs(forward.dev), test: swappedPairs(forward.test), dropped: forward.train.length - train.length };
}
