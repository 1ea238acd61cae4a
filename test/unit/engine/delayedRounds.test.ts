import * as assert from 'assert';
import { leaderPart } from '../../../src/shared/engine/parallel/delayedEpoch';
import { roundsOfTwo } from '../../../src/shared/engine/parallel/delayedRounds';

describe('delayed training rounds (roundsOfTwo)', () => {
  it('pairs consecutive batches in epoch order, the cheaper one to the leader', () => {
    assert.deepStrictEqual(roundsOfTwo([5, 3, 1, 2, 4, 4]), [[1, 0], [2, 3], [4, 5]]);
  });
  it('leaves the last batch of an odd count alone, and handles none', () => {
    assert.deepStrictEqual(roundsOfTwo([1, 2, 3]), [[0, 1], [2, null]]);
    assert.deepStrictEqual(roundsOfTwo([]), []);
  });
});

describe('delayed rounds: the leader\'s part of the other batch (leaderPart)', () => {
  // 40 pairs, cost 1 each (whatever the split): times are cost / speed (+ the leader's apply time).
  const other = { sources: Array.from({ length: 40 }, () => [1]), targets: Array.from({ length: 40 }, () => [1]) };
  const cost = (from: number, to: number): number => to - from;
  it('takes nothing before both speeds are measured, or when the batches cost the same', () => {
    assert.strictEqual(leaderPart(40, other, cost, { leader: null, helper: 1, applyMs: 0 }), 0);
    assert.strictEqual(leaderPart(40, other, cost, { leader: 0.01, helper: 0.01, applyMs: 0 }), 0);
  });
  it('evens out a cheap leader batch against a costly other batch', () => {
    // 1 FLOP per 100 ms: mine 10 pairs (1 s), the other 40 (4 s); 15 pairs move: 2.5 s each.
    assert.strictEqual(leaderPart(10, other, cost, { leader: 0.01, helper: 0.01, applyMs: 0 }), 15);
    // A slower leader takes less.
    assert.ok(leaderPart(10, other, cost, { leader: 0.005, helper: 0.01, applyMs: 0 }) < 15);
  });
  it('does not split for a small gain', () => {
    // 1 FLOP per ms: the best split saves 15 ms, under the 25 ms threshold.
    assert.strictEqual(leaderPart(10, other, cost, { leader: 1, helper: 1, applyMs: 0 }), 0);
  });
});
