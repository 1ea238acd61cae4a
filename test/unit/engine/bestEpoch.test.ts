/** The one rule for the epoch a training keeps. */
import * as assert from 'assert';
import { bestEpochOf, isBetterEpoch } from '../../../src/shared/engine/bestEpoch';
import type { EpochMetrics } from '../../../src/shared/engine/types';

const epoch = (n: number, exactMatch: number, validationLoss: number): EpochMetrics => ({
  epoch: n, trainLoss: 1, validationLoss, tokenAccuracy: 0.5, exactMatch, examplesPerSecond: 1, seconds: 1,
});

describe('best epoch', () => {
  it('prefers the higher exact match, then the lower validation loss', () => {
    assert.ok(isBetterEpoch(epoch(2, 0.6, 0.9), epoch(1, 0.5, 0.1)));
    assert.ok(isBetterEpoch(epoch(2, 0.5, 0.2), epoch(1, 0.5, 0.3)));
    assert.ok(!isBetterEpoch(epoch(2, 0.5, 0.3), epoch(1, 0.5, 0.3)), 'a tie keeps the earlier epoch');
    assert.ok(isBetterEpoch(epoch(1, 0, 5), undefined));
  });

  it('picks the epoch the engine keeps: equal exact match decided by the loss', () => {
    assert.strictEqual(bestEpochOf([epoch(1, 0.2, 1), epoch(2, 0.4, 0.8), epoch(3, 0.4, 0.6), epoch(4, 0.3, 0.5)]), 3);
    assert.strictEqual(bestEpochOf([]), 0);
  });
});
