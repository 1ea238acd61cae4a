/**
 * Generated translation pairs for `bench peers` when no translation file is at hand: two invented
 * languages with a few thousand words each, drawn with Zipf-like frequencies, sentences of 3-12 words;
 * the target translates word by word with a seeded local reordering. Not a language to learn, only text
 * whose subword vocabulary and sentence lengths resemble a small parallel corpus (speed, not quality).
 */
import type { Pair } from '../../shared/data/types';
import { mulberry32 } from '../../shared/engine/random';

const ONSETS = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'st', 'tr', 'pl', 'ch', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea', 'ie'];
const CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'm', 'x'];

function lexicon(size: number, rng: () => number): string[] {
  const seen = new Set<string>();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  while (seen.size < size) {
    const syllables = 1 + Math.floor(rng() * 3);
    let w = '';
    for (let s = 0; s < syllables; s++) w += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
    seen.add(w);
  }
  return [...seen];
}

export function syntheticTranslationPairs(count: number, seed: number, words = 4000): Pair[] {
  const rng = mulberry32(seed);
  const source = lexicon(words, rng);
  const target = lexicon(words, rng);
  // Zipf: word r is drawn with weight 1 / (r + 1); cumulative weights for a binary search.
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 0; r < words; r++) cumulative.push((total += 1 / (r + 1)));
  const draw = (): number => {
    const x = rng() * total;
    let lo = 0;
    let hi = words - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(rng() * 10);
    const ids = Array.from({ length: n }, draw);
    const out = [...ids];
    for (let k = 0; k + 1 < out.length; k += 2) if (rng() < 0.3) [out[k], out[k + 1]] = [out[k + 1], out[k]];
    pairs.push({ source: ids.map(w => source[w]).join(' ') + '.', target: out.map(w => target[w]).join(' ') + ' .', line: i + 1 });
  }
  return pairs;
}
