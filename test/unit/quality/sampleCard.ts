/** A complete model card for the unit tests (helper, not a test file). */
import type { ModelCard } from '../../../src/shared/quality/card';
import { buildProfile } from '../../../src/shared/quality/fit';

/** A complete, valid card (every optional part present). */
export function sampleCard(): ModelCard {
  return {
    version: 1,
    summary: 'Dates to ISO',
    training: { data: 'date-train.txt', license: 'MIT', pairs: 45000 },
    heldOut: [
      { data: 'small.txt', split: 'a few', pairs: 100, exactMatch: 0.5, tokenAccuracy: 0.7, bleu: 40, chrf: 60 },
      { data: 'date-test.txt', split: "the book's split", pairs: 5000, exactMatch: 0.9996, tokenAccuracy: 0.9999, bleu: 99.9, chrf: 99.9 },
    ],
    trainingSample: { data: 'date-train.txt', split: 'first 500', pairs: 500, exactMatch: 1, tokenAccuracy: 1, bleu: 100, chrf: 100 },
    limits: ['Only the book\'s formats.'],
    caveat: 'Be careful.',
    confidence: {
      calibrated: true, statistic: 'min-token', threshold: 0.9, tokenThreshold: 0.9, targetFalseAlarmRate: 0.05, falseAlarmRate: 0.04,
      correct: 2400, wrong: 10, caught: 8, data: 'half', outOfTask: [{ data: 'fra', inputs: 3, caught: 2 }],
    },
    fit: {
      profile: buildProfile(['may 5, 1994', 'june 6, 2001']), threshold: -1.5, maxUnknownShare: 0, targetFalseAlarmRate: 0.05,
      falseAlarmRate: 0.02, inputs: 2500, data: 'sources', outOfTask: [{ data: 'eng', inputs: 10, caught: 10 }],
    },
    updated: '2025-01-31',
  };
}

