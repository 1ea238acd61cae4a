import * as assert from 'assert';
import { describePosition, disagreementSummary, tokensAt } from '../../../webview/disagreement';
import { disagreements as computeDisagreements } from '../../../src/shared/metrics/attention';

const outputs = [
  { label: 'Bahdanau', output: [...'1994-09-27'] },
  { label: 'Luong (dot)', output: [...'1994-09-27'] },
  { label: 'Baseline', output: [...'1994-08-27'] },
  { label: 'Peeky', output: [...'1994-09-2'] },
];

describe('webview/disagreement', () => {
  it('finds positions where at least two outputs differ (a missing token differs)', () => {
    assert.deepStrictEqual(computeDisagreements(outputs.map((o) => o.output)), [6, 9]);
    assert.deepStrictEqual(computeDisagreements([['a'], ['a']]), []);
    assert.deepStrictEqual(computeDisagreements([['a']]), []);
  });

  it('groups the tokens at a position', () => {
    assert.deepStrictEqual(tokensAt(outputs, 6), [['9', ['Bahdanau', 'Luong (dot)', 'Peeky']], ['8', ['Baseline']]]);
    assert.deepStrictEqual(tokensAt(outputs, 9)[1], ['', ['Peeky']]);
  });

  it('describes a position with the majority first', () => {
    assert.strictEqual(describePosition(outputs, 6), "3 say '9'; Baseline says '8'");
    assert.strictEqual(describePosition(outputs, 9), "3 say '7'; Peeky says nothing");
    assert.strictEqual(describePosition(outputs.slice(1, 3), 6), "Luong (dot) says '9'; Baseline says '8'");
  });

  it('summarises the disagreements in one line', () => {
    const s = disagreementSummary(outputs, [6, 9]);
    assert.match(s, /^The models disagree at 2 of 10 output positions\./);
    assert.match(s, /position 7: 3 say '9'; Baseline says '8'/);
    assert.match(s, /position 10:/);
    // Baseline and peeky are models without attention, not mechanisms; attention files hold systems.
    assert.strictEqual(disagreementSummary(outputs, []), 'All 4 models produce the same output.');
    assert.strictEqual(disagreementSummary(outputs.slice(0, 2), [], 6, 'systems'), 'All 2 systems produce the same output.');
    assert.strictEqual(disagreementSummary(outputs.slice(0, 1), []), 'Only one model: nothing to compare.');
    assert.match(disagreementSummary(outputs, [0, 1, 2, 3], 2), /and 2 more\.$/);
  });
});
