import * as assert from 'assert';
import { attentionStats, entropy } from '../../../src/shared/metrics/attention';
import { noAttentionNote } from '../../../webview/noAttention';

describe('attention statistics in the panel', () => {
  it('computes entropy in nats', () => {
    assert.strictEqual(entropy([1, 0, 0]), 0);
    assert.ok(Math.abs(entropy([0.5, 0.5]) - Math.log(2)) < 1e-12);
    assert.ok(Math.abs(entropy([0.25, 0.25, 0.25, 0.25]) - Math.log(4)) < 1e-12);
  });
  it('computes coverage and the covered share', () => {
    const st = attentionStats([[0.9, 0.1, 0], [0.8, 0.2, 0]], 3);
    assert.deepStrictEqual(st.coverage.map((c) => Number(c.toFixed(6))), [1.7, 0.3, 0]);
    assert.strictEqual(st.coveredShare, 1 / 3);
    assert.strictEqual(st.rowEntropy.length, 2);
    assert.ok(Math.abs(st.meanEntropy - (entropy([0.9, 0.1]) + entropy([0.8, 0.2])) / 2) < 1e-12);
  });
  it('explains why baseline and peeky have no grid', () => {
    assert.match(noAttentionNote('baseline'), /only the encoder's final state/);
    assert.match(noAttentionNote('peeky'), /fed to every decoder step/);
  });
});
