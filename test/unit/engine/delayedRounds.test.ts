import * as assert from 'assert';
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
