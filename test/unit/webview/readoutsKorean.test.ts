/**
 * What a screen reader reads in the panel (cell labels, the status sentences, whitespace token names),
 * the refused-input view and its exported picture, the no-attention note and the PNG painter's error,
 * in Korean from the real bundle: the Korean words, the same figures, no fixed English sentence left.
 * English stays as the grid's testing contract words it.
 */
import * as assert from 'assert';
import { cellLabel, cellStatus, cellTitle, spokenToken } from '../../../webview/format';
import { viewScene, viewSvg } from '../../../webview/exporters';
import { mismatchSummary } from '../../../webview/mismatch';
import { noAttentionNote } from '../../../webview/noAttention';
import { sceneToPngBase64 } from '../../../webview/png';
import { setStrings } from '../../../webview/l10n/strings';
import { READOUT_STRINGS } from '../../../webview/l10n/readoutStrings';
import { PANEL_STRINGS } from '../../../webview/l10n/panelStrings';
import { EXPORT_STRINGS } from '../../../webview/l10n/exportStrings';
import type { Palette, Prim } from '../../../webview/scene';
import { englishWords, useKorean } from './korean';
import { mismatch } from './sampleViews';

const palette: Palette = {
  colors: { bg: '#ffffff', fg: '#1f1f1f', muted: '#717171', grid: '#cccccc', heat: '#1a85ff', accent: '#d18616', series0: '#1a85ff', series1: '#d18616', series2: '#388a34', series3: '#652d90', series4: '#e51400', series5: '#bf8803' },
  monoFont: 'monospace',
  uiFont: 'sans-serif',
};

const sceneTexts = (prims: readonly Prim[]): string[] => prims.flatMap((p) => (p.kind === 'text' ? [p.text] : []));

/** The error the PNG painter throws where the page has no 2D canvas (a document stub whose canvas has no context). */
function pngError(): string {
  const g = globalThis as { document?: unknown };
  const saved = g.document;
  g.document = { createElement: () => ({ width: 0, height: 0, getContext: () => null }) };
  try {
    sceneToPngBase64({ width: 10, height: 10, title: '', prims: [] }, palette);
    return '(no error)';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    g.document = saved;
  }
}

/** The English of the strings the texts here are built from (the others are drawn in Chromium, panelInChromium.test.ts). */
const CHECKED = [
  READOUT_STRINGS['cell.label'], READOUT_STRINGS['cell.title'], READOUT_STRINGS['cell.status'],
  ...Object.entries(READOUT_STRINGS).filter(([id]) => id.startsWith('spoken.')).map(([, english]) => english),
  PANEL_STRINGS['mismatch.summary'], PANEL_STRINGS['mismatch.refused'], PANEL_STRINGS['noAttention.peeky'], PANEL_STRINGS['noAttention.none'],
  EXPORT_STRINGS['export.mismatch.title'], EXPORT_STRINGS['export.mismatch.input'], EXPORT_STRINGS['export.mismatch.fits'], EXPORT_STRINGS['export.noCanvas'],
];

describe('webview readouts in English', () => {
  before(() => setStrings('en', {}));

  it('keeps the grid contract words: cell labels, tooltips and the status sentence', () => {
    assert.strictEqual(cellLabel('1', '9', 0.62), "'1' <- '9': 0.62");
    assert.strictEqual(cellTitle('1', ' ', 0.5), "'1' \u2190 ' ': 0.50");
    assert.strictEqual(cellStatus('1', 0.98, '\n', 0.62), "output '1' (p=0.98) attends to source 'newline' at 0.62");
    assert.strictEqual(spokenToken(' \t'), 'space tab');
    assert.strictEqual(mismatchSummary(mismatch()), "Dates model did not translate this input: Model 'date-x' does not know the character 'k'. Models that fit it: English \"model\".");
    assert.match(pngError(), /^This panel cannot create a 2D canvas/);
  });
});

describe('webview readouts in Korean', () => {
  before(() => useKorean());
  after(() => setStrings('en', {}));

  it('labels a grid cell and says the focused cell in Korean, the weight last as a decimal number', () => {
    assert.strictEqual(cellLabel('사랑', 'love', 0.7), "출력 '사랑', 원문 'love': 0.70");
    assert.match(cellLabel('a', 'b', 0.123), /: 0\.12$/);
    assert.strictEqual(cellLabel('x', ' ', 0.15), "출력 'x', 원문 '공백': 0.15");
    assert.strictEqual(cellTitle('x', ' ', 0.15), "출력 'x' \u2190 원문 ' ': 0.15");
    assert.strictEqual(cellStatus('x', 0.9, '\t', 0.8), "출력 'x'(p=0.90): 원문 '탭'에 대한 어텐션 가중치 0.80");
    assert.deepStrictEqual(['', ' ', '\t', '\n', '\r', '\u00a0', ' \u2003'].map(spokenToken), ['빈 토큰', '공백', '탭', '줄바꿈', '캐리지 리턴', '공백', '공백 공백 문자']);
    // A token that is text stays as it is.
    assert.strictEqual(spokenToken('space'), 'space');
  });

  it('words the refused-input view, its picture and its SVG in Korean', () => {
    const view = mismatch();
    assert.strictEqual(mismatchSummary(view), `Dates model에서 이 입력을 번역하지 못했습니다: ${view.message} 이 입력에 맞는 모델: English "model".`);
    const scene = viewScene(view);
    assert.strictEqual(scene.title, '입력이 Dates model에 맞지 않음');
    assert.deepStrictEqual(sceneTexts(scene.prims), [
      '입력: hello world',
      `Dates model(date-x)에서 이 입력을 번역하지 못했습니다: ${view.message}`,
      '이 입력에 맞는 모델:',
      '\u2022 English "model" (en-x): 보류 데이터 문장 쌍 100개에서 정확 일치 1.00 %',
    ]);
    const svg = viewSvg(view, palette);
    assert.ok(svg.includes('<title>입력이 Dates model에 맞지 않음</title>'), svg.slice(0, 400));
    assert.ok(svg.includes('이 입력에 맞는 모델:'));
  });

  it('words the no-attention notes and the PNG error in Korean', () => {
    assert.strictEqual(noAttentionNote('baseline'), '어텐션 없음: 디코더는 인코더의 최종 상태(컨텍스트 벡터)만 보므로 보여 줄 원문 \u00d7 출력 행렬이 없습니다.');
    assert.match(noAttentionNote('peeky'), /^어텐션 없음: 인코더의 최종 상태\(컨텍스트 벡터\)가 디코더의 모든 단계에 입력되지만/);
    assert.strictEqual(pngError(), '이 패널에서 2D 캔버스를 만들 수 없어 PNG로 내보낼 수 없습니다.');
  });

  it('leaves no fixed English fragment of these strings in the Korean texts', () => {
    const view = mismatch();
    const texts = [cellLabel('x', ' ', 0.1), cellTitle('x', 'y', 0.1), cellStatus('x', 0.5, '', 0.1), spokenToken(' \t\n\r\u2003'),
      mismatchSummary(view), ...sceneTexts(viewScene(view).prims), viewScene(view).title, noAttentionNote('peeky'), noAttentionNote('baseline'), pngError()]
      // The sample's data (model names, the host's message) is English in any language.
      .map((text) => text.split(view.message).join(' ')).join('\n');
    assert.deepStrictEqual(englishWords(texts, ['Dates model', 'English "model"', 'date-x', 'en-x', 'hello world', 'PNG']), []);
    for (const english of CHECKED) {
      for (const piece of english.split(/\{\d+\}/)) {
        if (englishWords(piece).length) assert.ok(!texts.includes(piece.trim()), `English left: ${JSON.stringify(piece)}`);
      }
    }
  });
});
