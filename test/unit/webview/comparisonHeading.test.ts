/** The comparison heading counts models and mechanisms apart: baseline and peeky are models without attention. */
import * as assert from 'assert';
import { comparedNoun, comparisonHeading, countCompared } from '../../../webview/comparisonHeading';
import { setStrings } from '../../../webview/l10n/strings';
import { useKorean } from './korean';

const SIX = ['bahdanau', 'luong-dot', 'luong-general', 'luong-concat', 'baseline', 'peeky'] as const;

describe('comparison heading', () => {
  afterEach(() => setStrings('en', {}));

  it('says how many models and how many of them are attention mechanisms', () => {
    assert.strictEqual(comparisonHeading(['bahdanau', 'luong-dot', 'luong-general', 'baseline', 'peeky']),
      'Comparison of 5 models: 3 attention mechanisms, baseline, peeky');
    assert.strictEqual(comparisonHeading(SIX), 'Comparison of 6 models: 4 attention mechanisms, baseline, peeky');
    assert.strictEqual(comparisonHeading(['bahdanau', 'luong-dot']), 'Comparison of 2 models: 2 attention mechanisms');
    assert.strictEqual(comparisonHeading(['baseline', 'peeky']), 'Comparison of 2 models: baseline, peeky');
    assert.strictEqual(comparisonHeading(['luong-dot', 'baseline']), 'Comparison of 2 models: 1 attention mechanism, baseline');
    assert.strictEqual(comparisonHeading(['peeky']), 'Comparison of 1 model: peeky');
  });

  it('tells models of one mechanism apart from mechanisms (a trained model beside a shipped one)', () => {
    assert.deepStrictEqual(countCompared(['luong-dot', 'luong-dot', 'bahdanau', 'baseline', 'baseline']),
      { models: 5, attentionModels: 3, mechanisms: 2, baseline: 2, peeky: 0, systems: 0 });
    assert.strictEqual(comparisonHeading(['luong-dot', 'luong-dot', 'bahdanau', 'baseline', 'baseline']),
      'Comparison of 5 models: 3 attention models (2 mechanisms), 2 baseline models');
    assert.strictEqual(comparisonHeading(['luong-dot', 'luong-dot', 'peeky', 'peeky']),
      'Comparison of 4 models: 2 attention models (1 mechanism), 2 peeky models');
  });

  it('counts entries read from attention files as systems, not mechanisms', () => {
    assert.strictEqual(comparisonHeading(['external', 'external']), 'Comparison of 2 systems');
    assert.strictEqual(comparisonHeading(['external']), 'Comparison of 1 system');
    assert.strictEqual(comparisonHeading(['bahdanau', 'external']), 'Comparison of 2 entries: 1 attention mechanism, 1 system from a file');
    assert.strictEqual(comparedNoun(['external', 'external']), 'systems');
    assert.strictEqual(comparedNoun(['external', 'baseline']), 'models');
  });

  it('reads in Korean with the host bundle', () => {
    useKorean();
    assert.strictEqual(comparisonHeading(['bahdanau', 'luong-dot', 'luong-general', 'baseline', 'peeky']),
      '모델 5개 비교: 어텐션 메커니즘 3개, 기준 모델(baseline), peeky 모델');
  });
});
