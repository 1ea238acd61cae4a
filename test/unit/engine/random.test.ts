import * as assert from 'assert';
import { deriveSeed, mulberry32, range, shuffleInPlace } from '../../../src/shared/engine/random';

describe('engine random', () => {
  it('mulberry32 repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepStrictEqual(Array.from({ length: 5 }, () => b()), xs);
    assert.notDeepStrictEqual(Array.from({ length: 5 }, () => c()), xs);
    for (const x of xs) assert.ok(x >= 0 && x < 1);
  });

  it('shuffle is a seeded permutation', () => {
    const p1 = shuffleInPlace(range(50), mulberry32(7));
    const p2 = shuffleInPlace(range(50), mulberry32(7));
    assert.deepStrictEqual(p1, p2);
    assert.notDeepStrictEqual(p1, range(50));
    assert.deepStrictEqual([...p1].sort((a, b) => a - b), range(50));
  });

  it('derived seeds differ by purpose', () => {
    assert.notStrictEqual(deriveSeed(1, 'shuffle'), deriveSeed(1, 'split'));
    assert.strictEqual(deriveSeed(1, 'shuffle'), deriveSeed(1, 'shuffle'));
  });
});
