/** CSV exports open safely in spreadsheets: formula characters neutralised, a UTF-8 byte order mark. */
import * as assert from 'assert';
import { csvField, neutraliseFormula } from '../../../webview/exporters';
import { exportView } from '../../../webview/exportRunner';
import { trickyTranslation } from './sampleViews';

describe('webview: CSV in spreadsheets', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    assert.strictEqual(neutraliseFormula('=HYPERLINK("x")'), '\'=HYPERLINK("x")');
    assert.strictEqual(neutraliseFormula('+1'), "'+1");
    assert.strictEqual(neutraliseFormula('@sum'), "'@sum");
    assert.strictEqual(neutraliseFormula('-2+3'), "'-2+3");
    assert.strictEqual(neutraliseFormula('-'), '-', 'a lone dash (a date separator token) stays');
    assert.strictEqual(neutraliseFormula('1994'), '1994');
    assert.strictEqual(csvField('=1,2'), '"\'=1,2"');
    assert.strictEqual(csvField(-0.5), '-0.5', 'numbers stay numbers');
  });

  it('starts the CSV file with a byte order mark', () => {
    const { data, encoding } = exportView(trickyTranslation(), 'csv');
    assert.strictEqual(encoding, 'utf8');
    assert.strictEqual(data.charCodeAt(0), 0xfeff);
  });
});
