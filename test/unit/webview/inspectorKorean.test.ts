/**
 * The step inspector, the forcing comparison and the glossary in Korean from the real bundle: the
 * glossary's terms and explanations, a vector's text alternative, the inspector's sentences with their
 * figures; every formula as in English, and no fixed English fragment left.
 */
import * as assert from 'assert';
import { explain, GLOSSARY_TERMS } from '../../../webview/glossary';
import { vectorText } from '../../../webview/vectorStrip';
import { INSPECTOR_STRINGS, type InspectorStringId } from '../../../webview/l10n/inspectorStrings';
import { setStrings, t } from '../../../webview/l10n/strings';
import { englishWords, useKorean } from './korean';

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * Latin words the Korean keeps on purpose: names (of mechanisms, a model, the network, a number type),
 * notation of the formulas, token names, and the English term beside its Korean one for learners
 * who meet it in English texts.
 */
const KEPT = [
  'Luong', 'Bahdanau', 'Peeky', 'RNN', 'float32',
  'softmax', 'exp', 'tanh',
  '<unk>', '<eos>', 'EOS',
  'teacher forcing', 'input feeding', 'dot', 'general', 'concat', 'additive',
];

/** The notation of a string: subscripted symbols, concatenations, exp(...) and norms, as they are written. */
function notation(text: string): string[] {
  return text.match(/\[[^\]]*;[^\]]*\]|exp\([^)]*\)|\u2016[^\u2016]*\u2016|[A-Za-z\u03b1-\u03c9\u03a3\u2032]+_(?:\{[^}]*\}|[A-Za-z0-9]+(?:,[A-Za-z0-9]+)?)(?:\.\.[A-Za-z_]+)?/g) ?? [];
}

/** Sample arguments for a template's placeholders (figures and tokens, no words). */
function sample(english: string): string[] {
  const n = (english.match(/\{(\d+)\}/g) ?? []).length;
  return Array.from({ length: n }, (_, k) => String(k + 7));
}

const IDS = Object.keys(INSPECTOR_STRINGS) as InspectorStringId[];

describe('step inspector and glossary in Korean', () => {
  let korean: Record<string, string> = {};
  before(() => { korean = useKorean(); });
  after(() => setStrings('en', {}));

  it('names and explains the glossary terms with the usual Korean terms, formulas unchanged', () => {
    assert.strictEqual(t('term.weight'), '어텐션 가중치');
    assert.strictEqual(t('term.score'), '점수');
    assert.strictEqual(t('term.softmax'), '소프트맥스');
    assert.strictEqual(t('term.context'), '컨텍스트 벡터');
    assert.strictEqual(t('term.entropy'), '엔트로피(나트)');
    assert.strictEqual(t('term.coverage'), '커버리지');
    assert.strictEqual(t('term.teacherForcing'), '교사 강요(teacher forcing)');
    const softmax = explain('softmax');
    assert.ok(softmax.includes('exp(e_i) / \u03a3_j exp(e_j)'), softmax);
    assert.match(softmax, /합은 1/);
    assert.ok(explain('context').includes('a_t = \u03a3 \u03b1_i h_i'), explain('context'));
    assert.match(explain('context'), /인코더 상태/);
    assert.ok(explain('query').includes('s_t(Luong)') && explain('query').includes('s_{t\u22121}(Bahdanau)'), explain('query'));
    assert.match(explain('query'), /디코더 상태/);
    assert.ok(explain('entropy').includes('\u2212\u03a3 \u03b1_i ln \u03b1_i'), explain('entropy'));
    for (const term of GLOSSARY_TERMS) {
      const text = explain(term);
      assert.match(text, HANGUL, `${term}: ${text}`);
      assert.notStrictEqual(text, INSPECTOR_STRINGS[`term.${term}.text` as InspectorStringId], term);
    }
  });

  it('says the inspector\'s steps, a vector and the forced run in Korean with their figures', () => {
    assert.strictEqual(t('inspector.heading', 6, '9'), '6단계: \u20189\u2019이(가) 만들어진 과정');
    assert.strictEqual(t('inspector.step3'), '3. 소프트맥스: 가중치');
    assert.strictEqual(t('inspector.step4'), '4. 가중합: 컨텍스트 벡터');
    assert.strictEqual(t('inspector.formula.luong-dot'), '점수(내적, dot): e_t,i = s_t \u00b7 h_i');
    assert.strictEqual(t('inspector.step3.formula', '1.000'), '\u03b1_t = softmax(e_t): 각 가중치는 exp(e_t,i) / \u03a3_j exp(e_t,j)이며, 합은 1.000입니다.');
    assert.strictEqual(vectorText('a_t', [3, 4]), 'a_t: 수 2개, 노름 5.000. 값: 3.000, 4.000');
    assert.match(vectorText('h_1', Array.from({ length: 14 }, () => 1)), /^h_1: 수 14개, 노름 3\.742\. 값: (1\.000, ){11}1\.000 … 외 2개$/);
    assert.strictEqual(t('force.parted', 3, '1', '2'), '3단계에서 갈라집니다: 자유 실행은 \u20181\u2019, 강제 실행은 \u20182\u2019을(를) 출력합니다.');
    assert.strictEqual(t('force.heading'), '출력 강제하기(교사 강요, teacher forcing)');
  });

  it('has Korean for every string of the table, each formula written as in English', () => {
    for (const id of IDS) {
      const english = INSPECTOR_STRINGS[id];
      const text = t(id, ...sample(english));
      if (/[A-Za-z]{2,}/.test(english)) {
        assert.match(text, HANGUL, `${id}: ${text}`);
        assert.notStrictEqual(korean[id], english, `${id} is still English`);
      }
      for (const formula of notation(english)) assert.ok(text.includes(formula), `${id}: ${JSON.stringify(formula)} missing in ${text}`);
    }
    assert.ok(notation(INSPECTOR_STRINGS['inspector.formula.bahdanau']).includes('[s_{t\u22121}; h_i]'), 'the notation finder finds a concatenation');
  });

  it('leaves no fixed English fragment in the Korean texts', () => {
    const texts = IDS.map((id) => t(id, ...sample(INSPECTOR_STRINGS[id])));
    const left = texts.flatMap((text, k) => englishWords(text.replace(/\[[^\]]*\]|exp\([^)]*\)|[A-Za-z\u03b1-\u03c9\u03a3\u2032]+_\S+|\b[a-zA-Z]\b/g, ' '), KEPT)
      .map((w) => `${IDS[k]}: ${w}`));
    assert.deepStrictEqual(left, []);
    const all = texts.join('\n');
    for (const id of IDS) {
      for (const piece of INSPECTOR_STRINGS[id].split(/\{\d+\}/)) {
        if (englishWords(piece, KEPT).length) assert.ok(!all.includes(piece.trim()), `English left: ${JSON.stringify(piece)} (${id})`);
      }
    }
  });
});

describe('step inspector and glossary in English (no bundle)', () => {
  before(() => setStrings('en', {}));

  it('keeps the English table as the default', () => {
    assert.match(explain('softmax'), /sum to 1/);
    assert.strictEqual(vectorText('a_t', [3, 4]), 'a_t: 2 numbers, norm 5.000. Values: 3.000, 4.000');
    assert.strictEqual(t('inspector.col.norm'), 'Norm \u2016h_i\u2016');
  });
});
