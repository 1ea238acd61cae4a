import * as assert from 'assert';
import { MAX_MODEL_LABEL_LENGTH, modelLabelProblem, modelLabelProblemText } from '../../../src/shared/engine/modelLabel';

describe('model labels (the name a trained model is given)', () => {
  it('accepts a line of text, Korean and emoji measured as characters, and trims it', () => {
    assert.strictEqual(modelLabelProblem('Luong · dates.txt'), null);
    assert.strictEqual(modelLabelProblem('  영어-한국어 작은 모델  '), null);
    assert.strictEqual(modelLabelProblem('가'.repeat(MAX_MODEL_LABEL_LENGTH)), null);
    assert.strictEqual(modelLabelProblem('😀'.repeat(MAX_MODEL_LABEL_LENGTH)), null, 'code points, not UTF-16 units');
  });

  it('refuses an empty, overlong or multi-line name, with a reason', () => {
    assert.strictEqual(modelLabelProblem(''), 'empty');
    assert.strictEqual(modelLabelProblem(' \t '), 'empty');
    assert.strictEqual(modelLabelProblem('x'.repeat(MAX_MODEL_LABEL_LENGTH + 1)), 'too-long');
    assert.strictEqual(modelLabelProblem('first\nsecond'), 'control');
    assert.strictEqual(modelLabelProblem('a\tb'), 'control');
    assert.strictEqual(modelLabelProblem('evil\u202etxt.s2s'), 'control', 'a right-to-left override would disguise the name');
    assert.match(modelLabelProblemText('too-long'), new RegExp(`${MAX_MODEL_LABEL_LENGTH} characters`));
  });
});
