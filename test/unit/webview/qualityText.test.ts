/** The words of the quality notices, and the guard of the messages their buttons send. */
import * as assert from 'assert';
import { isWebviewToHost } from '../../../src/shared/protocol/webview';
import { cardForView } from '../../../src/shared/quality/card';
import { assessConfidence } from '../../../src/shared/quality/confidence';
import { buildProfile, fitVerdict } from '../../../src/shared/quality/fit';
import { setStrings } from '../../../webview/l10n/strings';
import { QUALITY_STRINGS } from '../../../webview/l10n/qualityStrings';
import {
  candidateHeldOutText, caveatText, confidenceOf, fitNoticeText, fitReasonText, fitShortText, heldOutScoresText, heldOutText, lowConfidenceText,
  lowTokenNote, outputChipTitle, outputTokenLabel, outputTokenTitle, sourceTokenLabel, sourceTokenTitle, uncalibratedText,
} from '../../../webview/qualityText';
import { englishWords, useKorean } from './korean';
import type { ConfidenceCalibration } from '../../../src/shared/quality/card';
import { sampleCard } from '../quality/sampleCard';
import { decodeResult, offer } from './sampleViews';

describe('webview/qualityText', () => {
  const card = cardForView(sampleCard());

  it('held-out figures come from the largest held-out set, and their absence is said', () => {
    assert.strictEqual(heldOutText(card), 'held-out: 99.96 % exact match, BLEU 99.9 on 5,000 pairs (date-test.txt)');
    assert.strictEqual(heldOutText({ ...card, heldOut: [] }), 'no held-out scores in its model card');
    assert.match(heldOutText(null), /no model card/);
  });

  it('the held-out figure is the one for the decoding the output used, and says which', () => {
    const decoding = { beamWidth: 4, data: 'the 500 held-out pairs of date-test.txt', bleu: 99.95, chrf: 99.8, greedyBleu: 99.1, greedyChrf: 99.2 };
    const beamCard = { ...card, decoding };
    assert.strictEqual(heldOutText(beamCard, 4), 'held-out, beam 4: BLEU 100.0, chrF 99.8 on the 500 held-out pairs of date-test.txt (greedy: BLEU 99.1)');
    assert.strictEqual(heldOutText(beamCard, 1), 'held-out, greedy: 99.96 % exact match, BLEU 99.9 on 5,000 pairs (date-test.txt)');
    assert.strictEqual(heldOutText(beamCard, 3),
      'held-out, greedy: 99.96 % exact match, BLEU 99.9 on 5,000 pairs (date-test.txt); this output used beam 3, which the card has no scores for');
    assert.strictEqual(heldOutText(card, 1), 'held-out, greedy: 99.96 % exact match, BLEU 99.9 on 5,000 pairs (date-test.txt)');
    assert.strictEqual(heldOutText({ ...beamCard, heldOut: [] }, 4), heldOutText(beamCard, 4), 'the beam scores need no held-out list');
  });

  it('the low-confidence notice states the value, the threshold and the calibrated rates', () => {
    const calibration = sampleCard().confidence;
    const low = assessConfidence({ probabilities: [0.99, 0.42], endProbability: 0.99 }, calibration);
    assert.strictEqual(lowConfidenceText(low, card),
      "Low confidence: its weakest token has p = 0.42, below this model's calibrated 0.90. On held-out data the threshold flags 4.0 % of the correct outputs, and 80 % of the wrong ones. Check this output.");
    assert.strictEqual(lowConfidenceText(assessConfidence({ probabilities: [0.99], endProbability: 0.99 }, calibration), card), null);
    assert.strictEqual(lowConfidenceText(assessConfidence({ probabilities: [0.1], endProbability: 0.1 }, null), null), null, 'no threshold, no notice');
    assert.strictEqual(lowTokenNote(low), ', low probability (below 0.90)');
    assert.strictEqual(lowTokenNote(assessConfidence({ probabilities: [0.1], endProbability: 1 }, null)), ', low probability (below 0.50, uncalibrated default)');
  });

  it('other beams get their own verdict; older views without an end probability use the tokens', () => {
    const r = { ...decodeResult('bahdanau', ['a'], ['x', 'y'], [[1], [1]]), probabilities: [0.95, 0.5] };
    const host = assessConfidence({ probabilities: [0.99, 0.99], endProbability: 0.99 }, sampleCard().confidence);
    assert.strictEqual(confidenceOf(r, card, host, true), host);
    assert.deepStrictEqual(confidenceOf(r, card, host, false).lowTokens, [1]);
    const old = { ...r } as Partial<typeof r>;
    delete old.endProbability;
    assert.strictEqual(confidenceOf(old as typeof r, card, undefined, false).value, 0.5);
  });

  it('the fit notice names the models that fit, or says none does', () => {
    const unlike = "its characters are unlike the model's training inputs (fit -9.00 nats per character, below the calibrated -1.00)";
    assert.strictEqual(fitNoticeText(offer()), `This input does not fit Dates model: ${unlike}. Models that fit it: English "model".`);
    assert.strictEqual(fitNoticeText({ ...offer(), candidates: [] }), `This input does not fit Dates model: ${unlike}. No installed model fits it.`);
    assert.strictEqual(fitNoticeText({ ...offer(), active: { ...offer().active!, fits: true } }), null);
    assert.strictEqual(fitNoticeText(null), null);
  });

  it('the fit reason is worded from the verdict\'s figures, as fit.ts words it in English', () => {
    const fit = { profile: buildProfile(['abc', 'abd']), threshold: -1e9, maxUnknownShare: 0.3, targetFalseAlarmRate: 0.05, falseAlarmRate: 0.05, inputs: 10, data: 'test' };
    const tooUnknown = { ...fitVerdict(fit, 'abc', 0.5), modelId: 'm', label: 'M' };
    assert.strictEqual(tooUnknown.reason, '50 % of its tokens are unknown to the model (more than 30 %)');
    assert.strictEqual(fitReasonText(tooUnknown), tooUnknown.reason);
    assert.strictEqual(fitReasonText(offer().active!), offer().active!.reason);
    // A verdict saved without its figures keeps its words; one without either says it in general.
    const old = { fits: false, reason: 'its own words', modelId: 'm', label: 'M' } as never;
    assert.strictEqual(fitReasonText(old), 'its own words');
    assert.strictEqual(fitReasonText({ ...(old as object), reason: null } as never), 'it is unlike its training data');
  });

  it('labels and uncalibrated notes', () => {
    assert.strictEqual(sourceTokenLabel(2, 'foo', true), 'source 3: foo, unknown to the model (read as <unk>)');
    assert.strictEqual(sourceTokenLabel(0, 'space', false), 'source 1: space');
    assert.match(uncalibratedText({ ...card, confidence: { calibrated: false, reason: 'only 0 of 100 correct' } }) ?? '', /not calibrated: only 0 of 100 correct\./);
    assert.strictEqual(uncalibratedText(card), null);
  });

  it('the host accepts the buttons\' messages only with a model id', () => {
    assert.ok(isWebviewToHost({ type: 'useModel', modelId: 'en-ko-luong-dot' }));
    assert.ok(isWebviewToHost({ type: 'openModelCard', modelId: 'x' }));
    for (const bad of [{ type: 'useModel' }, { type: 'useModel', modelId: '' }, { type: 'useModel', modelId: 'x'.repeat(201) }, { type: 'openModelCard', modelId: 3 }]) {
      assert.ok(!isWebviewToHost(bad), JSON.stringify(bad).slice(0, 60));
    }
  });
});

describe('webview/qualityText in Korean', () => {
  const card = cardForView(sampleCard());
  let ko: Record<string, string>;
  before(() => { ko = useKorean(); });
  after(() => setStrings('en', {}));

  it('words the low-confidence notice in Korean with the same figures', () => {
    const low = assessConfidence({ probabilities: [0.99, 0.42], endProbability: 0.99 }, sampleCard().confidence);
    const text = lowConfidenceText(low, card) ?? '';
    assert.strictEqual(text,
      '낮은 신뢰도: 가장 약한 토큰의 확률(p = 0.42)이 이 모델의 보정된 임계값 0.90보다 낮습니다. ' +
      '보류 데이터에서 이 임계값에 걸리는 출력은 올바른 출력의 4.0 %, 틀린 출력의 80 %입니다. 이 출력을 확인하세요.');
    assert.ok(text.endsWith(ko['lowConfidence.check']));
    assert.deepStrictEqual(englishWords(text), []);
    const mean = assessConfidence({ probabilities: [0.99, 0.42], endProbability: 0.99 }, { ...(sampleCard().confidence as ConfidenceCalibration), statistic: 'mean-token' });
    assert.ok((lowConfidenceText(mean, card) ?? '').startsWith('낮은 신뢰도: 토큰 확률의 기하 평균(p = '));
  });

  it('words the uncalibrated notes, the fit notice and the token marks in Korean', () => {
    const none = uncalibratedText(null) ?? '';
    assert.strictEqual(none, '신뢰도가 보정되지 않았습니다(모델 카드 없음): p = 0.50 미만인 토큰을 표시하며, 임계값은 적용하지 않습니다.');
    // The card's reason is its author's words: only the frame is translated.
    assert.strictEqual(uncalibratedText({ ...card, confidence: { calibrated: false, reason: 'only 0 of 100 correct' } }), '신뢰도가 보정되지 않았습니다: only 0 of 100 correct.');
    const fit = fitNoticeText(offer()) ?? '';
    assert.strictEqual(fit, '이 입력은 Dates model에 맞지 않습니다: 문자 구성이 모델의 학습 입력과 다릅니다(적합도 문자당 -9.00 nats, 보정된 기준 -1.00 미만). 이 입력에 맞는 모델: English "model".');
    assert.deepStrictEqual(englishWords(fit, ['Dates model', 'English "model"', 'nats']), []);
    assert.strictEqual(fitNoticeText({ ...offer(), candidates: [] }), `이 입력은 Dates model에 맞지 않습니다: ${fitReasonText(offer().active!)}. ${ko['fit.noneInstalled']}`);
    assert.strictEqual(fitShortText(offer()), '이 입력은 Dates model에 맞지 않습니다. 맞는 모델 1개를 제안합니다.');
    assert.strictEqual(candidateHeldOutText(offer().candidates[0]), '보류 데이터 문장 쌍 100개에서 정확 일치 1.00 %');
    assert.strictEqual(sourceTokenLabel(2, 'foo', true), '원문 3: foo, 모델이 모르는 토큰(<unk>로 읽음)');
    assert.strictEqual(lowTokenNote(assessConfidence({ probabilities: [0.1], endProbability: 1 }, null)), ', 낮은 확률(0.50 미만, 보정되지 않은 기본값)');
    assert.strictEqual(caveatText('Dates only.'), '이 모델의 주의 사항: Dates only.');
    assert.strictEqual(heldOutScoresText(card.heldOut[0]), `문장 쌍 ${card.heldOut[0].pairs.toLocaleString('en-US')}개에서 정확 일치 ${(card.heldOut[0].exactMatch * 100).toFixed(2)} %, BLEU ${card.heldOut[0].bleu.toFixed(1)}, chrF ${card.heldOut[0].chrf.toFixed(1)}.`);
  });

  it('leaves no English fixed sentence of the quality table in the Korean texts', () => {
    const low = assessConfidence({ probabilities: [0.99, 0.42], endProbability: 0.99 }, sampleCard().confidence);
    const texts = [lowConfidenceText(low, card), uncalibratedText(null), fitNoticeText(offer()), fitShortText(offer()), sourceTokenLabel(0, 'x', true),
      lowTokenNote(low), caveatText('x'), heldOutScoresText(card.heldOut[0]), candidateHeldOutText(offer().candidates[0]),
      outputTokenLabel(1, 'x', '0.42', lowTokenNote(low), true), outputTokenTitle(1, 'x', '0.42', true), outputChipTitle('0.42', true, true),
      sourceTokenTitle(0, 'x', 0, 1, true), sourceTokenTitle(0, 'x', 0, 1, false)].join('\n');
    assert.match(texts, /출력 2: x, 확률 0\.42, 낮은 확률\(0\.90 미만\), 비교한 출력이 여기서 다름\. 대안 보기/);
    for (const english of Object.values(QUALITY_STRINGS)) {
      for (const piece of english.split(/\{\d+\}/)) {
        // Names and units stay as they are in every language.
        if (englishWords(piece, ['BLEU', 'chrF', 'nats', '<unk>']).length) assert.ok(!texts.includes(piece.trim()), `English left: ${JSON.stringify(piece)}`);
      }
    }
  });
});
