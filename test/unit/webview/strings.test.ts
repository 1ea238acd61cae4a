/** The webview's string lookup: English defaults, the host's bundle, placeholders, bad bundles. */
import * as assert from 'assert';
import { setStrings, stringsLanguage, t } from '../../../webview/l10n/strings';

describe('webview: strings by id', () => {
  afterEach(() => setStrings('en', {}));

  it('falls back to the English table and fills placeholders as text', () => {
    assert.strictEqual(t('toolbar.selectModel'), 'Select model\u2026');
    assert.strictEqual(t('export.failed', 'CSV', '<b>x</b>'), 'Export as CSV failed: <b>x</b>');
    assert.strictEqual(t('comparison.heading.models', 6, 'x'), 'Comparison of 6 models: x');
  });

  it('uses the host bundle for known ids with the same placeholders only', () => {
    setStrings('ko', {
      'toolbar.selectModel': '모델 선택…',
      'export.failed': '{0}(으)로 내보내기 실패: {1}',
      'export.prepared': '준비했습니다', // lost its {0}: the English is kept
      'no.such.id': 'x',
    });
    assert.strictEqual(stringsLanguage(), 'ko');
    assert.strictEqual(t('toolbar.selectModel'), '모델 선택…');
    assert.strictEqual(t('export.failed', 'PNG', 'boom'), 'PNG(으)로 내보내기 실패: boom');
    assert.strictEqual(t('export.prepared', 'SVG'), 'Prepared the SVG export.');
  });
});
