import * as assert from 'assert';
import { sentenceKey, splitBySource, splitReversed, swappedPairs, type Pair } from '../../../src/shared/data/index';

const options = { dev: 0.2, test: 0.3, seed: 7 };

/** English sentences with several translations each, and French sentences shared by two English ones. */
function corpus(): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < 300; i++) {
    pairs.push({ source: `I saw ${i} birds.`, target: `J'ai vu ${i} oiseaux.`, line: pairs.length + 1 });
    pairs.push({ source: `I saw ${i} birds.`, target: `Je voyais ${i} oiseaux.`, line: pairs.length + 1 });
    // Two English sentences, one French translation: the case a reversed split must guard.
    pairs.push({ source: `We have ${i} cats.`, target: `Nous avons ${i} chats.`, line: pairs.length + 1 });
    pairs.push({ source: `We've got ${i} cats.`, target: `Nous avons ${i} chats.`, line: pairs.length + 1 });
  }
  return pairs;
}

describe('held-out splits by sentence', () => {
  it('puts every translation of one source sentence on the same side, by its text alone', () => {
    const pairs = corpus();
    const split = splitBySource(pairs, options);
    assert.strictEqual(split.train.length + split.dev.length + split.test.length, pairs.length);
    const side = new Map<string, string>();
    for (const [name, ps] of Object.entries(split)) {
      for (const p of ps) {
        const seen = side.get(sentenceKey(p.source));
        assert.ok(seen === undefined || seen === name, `${p.source} is in ${seen} and ${name}`);
        side.set(sentenceKey(p.source), name);
      }
    }
    // Shares near the asked ones (600 source sentences).
    assert.ok(Math.abs(split.test.length / pairs.length - 0.3) < 0.08, `test share ${split.test.length / pairs.length}`);
    // Position does not matter: the reversed file splits the same sentences the same way.
    const again = splitBySource([...pairs].reverse(), options);
    assert.deepStrictEqual(new Set(again.test.map(p => p.line)), new Set(split.test.map(p => p.line)));
  });

  it('reversed: the forward split\'s held-out pairs turned round, and no held-out input among the training sources', () => {
    const pairs = corpus();
    const forward = splitBySource(pairs, options);
    const reversed = splitReversed(pairs, options);
    assert.deepStrictEqual(reversed.test, swappedPairs(forward.test));
    assert.deepStrictEqual(reversed.dev, swappedPairs(forward.dev));
    const heldOut = new Set([...reversed.test, ...reversed.dev].map(p => sentenceKey(p.source)));
    const leaked = reversed.train.filter(p => heldOut.has(sentenceKey(p.source)));
    assert.deepStrictEqual(leaked, []);
    // Only the shared French sentences split across sides are dropped, and some are (the corpus has them).
    assert.ok(reversed.dropped > 0, 'some French sentences translate English sentences on both sides');
    assert.strictEqual(reversed.train.length + reversed.dropped, forward.train.length);
    assert.ok(reversed.train.every(p => /^(J'ai vu|Je voyais|Nous avons) /.test(p.source)), 'sources are the French side');
  });

  it('swaps each pair and keeps its line and attribution', () => {
    const [p] = swappedPairs([{ source: 'a', target: 'b', line: 3, attribution: 'x' }]);
    assert.deepStrictEqual(p, { source: 'b', target: 'a', line: 3, attribution: 'x' });
  });
});
