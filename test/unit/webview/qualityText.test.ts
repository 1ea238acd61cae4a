/** The words of the quality notices, and the guard of the messages their buttons send. */
import * as assert from 'assert';
import { isWebviewToHost } from '../../../src/shared/protocol/webview';
import { cardForView } from '../../../src/shared/quality/card';
import { assessConfidence } from '../../../src/shared/quality/confidence';
import { confidenceOf, fitNoticeText, heldOutText, lowConfidenceText, lowTokenNote, sourceTokenLabel, uncalibratedText } from '../../../webview/qualityText';
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
    assert.strictEqual(fitNoticeText(offer()), 'This input does not fit Dates model: it is unlike. Models that fit it: English "model".');
    assert.strictEqual(fitNoticeText({ ...offer(), candidates: [] }), 'This input does not fit Dates model: it is unlike. No installed model fits it.');
    assert.strictEqual(fitNoticeText({ ...offer(), active: { ...offer().active!, fits: true } }), null);
    assert.strictEqual(fitNoticeText(null), null);
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
