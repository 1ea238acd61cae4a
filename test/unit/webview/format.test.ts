import * as assert from 'assert';
import { cellLabel, cellStatus, cellText, clampWeight, displayToken, formatProbability, formatWeight, spokenToken } from '../../../webview/format';

describe('webview/format', () => {
  it('shows whitespace visibly but speaks its name', () => {
    assert.strictEqual(displayToken(' '), '\u2423');
    assert.strictEqual(displayToken('a b'), 'a\u2423b');
    assert.strictEqual(displayToken('\n'), '\u23ce');
    assert.strictEqual(displayToken(''), '\u2205');
    assert.strictEqual(spokenToken(' '), 'space');
    assert.strictEqual(spokenToken('\t'), 'tab');
    assert.strictEqual(spokenToken('  '), 'space space');
    assert.strictEqual(spokenToken('9'), '9');
  });

  it('keeps Korean tokens unchanged', () => {
    assert.strictEqual(displayToken('사랑해'), '사랑해');
    assert.strictEqual(spokenToken('친구야'), '친구야');
  });

  it('clamps weights and writes them as decimals', () => {
    assert.strictEqual(clampWeight(NaN), 0);
    assert.strictEqual(clampWeight(-0.2), 0);
    assert.strictEqual(clampWeight(1.3), 1);
    assert.strictEqual(formatWeight(0.6213), '0.62');
    assert.strictEqual(cellText(0.6213), '.62');
    assert.strictEqual(cellText(0.999), '1.0');
    assert.strictEqual(cellText(0), '.00');
    assert.strictEqual(formatProbability(0.001), '<0.01');
    assert.strictEqual(formatProbability(0.98), '0.98');
  });

  it('labels a cell with its weight as a decimal number (the testing contract)', () => {
    const label = cellLabel('1', '9', 0.62);
    assert.strictEqual(label, "'1' <- '9': 0.62");
    assert.match(label, /\d\.\d\d$/);
    assert.strictEqual(cellLabel('-', ' ', 0.5), "'-' <- 'space': 0.50");
    assert.strictEqual(cellStatus('1', 0.98, '9', 0.62), "output '1' (p=0.98) attends to source '9' at 0.62");
  });
});
