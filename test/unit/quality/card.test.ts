/**
 * Model cards: the checks a card passes on read (every malformed field named), filling a card from
 * evaluation results, updating one, the Markdown it renders to (held-out figures, escaped text).
 */
import * as assert from 'assert';
import {
  buildModelCard, CardProblem, cardForView, checkModelCard, decodingBeamWidth, MAX_CARD_BEAM_WIDTH, mergeModelCard, MODEL_CARD_VERSION, primaryHeldOut,
} from '../../../src/shared/quality/card';
import { cardMarkdown, escapeMarkdown, qualityLine } from '../../../src/shared/quality/cardMarkdown';
import { makeModelConfig } from '../../../src/shared/engine/config';
import { SETTINGS } from '../../../src/shared/settings';
import { sampleCard } from './sampleCard';
import { CARD_MESSAGES } from '../../../src/shared/messages/cardMessages';
import type { CodedMessage } from '../../../src/shared/messages/coded';
import { koreanBundle, koreanMessage } from '../koreanBundle';
import type { ConfidenceCalibration, ModelCard } from '../../../src/shared/quality/card';

function problem(card: unknown, path: RegExp, what: RegExp): void {
  assert.throws(() => checkModelCard(card), (e: unknown) => {
    assert.ok(e instanceof CardProblem, `a CardProblem, got ${String(e)}`);
    assert.match(e.path, path);
    assert.match(e.message, what);
    return true;
  });
}

/** The sample card with `edit` applied to a deep copy. */
function edited(edit: (c: Record<string, any>) => void): unknown {
  const c = JSON.parse(JSON.stringify(sampleCard())) as Record<string, any>;
  edit(c);
  return c;
}

describe('model card', () => {
  describe('checkModelCard', () => {
    it('accepts a complete card and a minimal one, unchanged', () => {
      const full = sampleCard();
      assert.deepStrictEqual(checkModelCard(JSON.parse(JSON.stringify(full))), full);
      const minimal = { version: 1, summary: 's', training: { data: 'd', license: 'l', pairs: 0 }, heldOut: [], limits: [] };
      assert.deepStrictEqual(checkModelCard(minimal), minimal);
    });

    it('names unknown fields (a misspelt one would vanish silently)', () => {
      problem(edited(c => { c.limts = []; }), /^limts$/, /not a model card field/);
      problem(edited(c => { c.heldOut[1].blue = 3; }), /^heldOut\[1\]\.blue$/, /not a model card field/);
      problem(edited(c => { c.confidence.extra = 1; }), /^confidence\.extra$/, /not a model card field/);
      problem(edited(c => { c.fit.profile.more = 1; }), /^fit\.profile\.more$/, /not a model card field/);
    });

    it('names missing and mistyped fields', () => {
      problem(edited(c => { delete c.summary; }), /^summary$/, /is missing/);
      problem(edited(c => { c.training.pairs = '3'; }), /^training\.pairs$/, /must be a number/);
      problem(edited(c => { c.training.pairs = 2.5; }), /^training\.pairs$/, /whole number/);
      problem(edited(c => { c.heldOut = {}; }), /^heldOut$/, /must be a list/);
      problem(edited(c => { c.heldOut[0] = 'x'; }), /^heldOut\[0\]$/, /must be an object/);
      problem(edited(c => { c.limits = [3]; }), /^limits\[0\]$/, /non-empty text/);
      problem(edited(c => { c.summary = '  '; }), /^summary$/, /is empty/);
      problem('{"version": 1}', /the card/, /JSON object/);
      problem(null, /the card/, /JSON object/);
    });

    it('refuses figures out of their range and counts that contradict each other', () => {
      problem(edited(c => { c.heldOut[0].exactMatch = 1.5; }), /^heldOut\[0\]\.exactMatch$/, /between 0 and 1/);
      problem(edited(c => { c.heldOut[0].bleu = -1; }), /^heldOut\[0\]\.bleu$/, /between 0 and 100/);
      problem(edited(c => { c.heldOut[0].pairs = 0; }), /^heldOut\[0\]\.pairs$/, /at least 1/);
      problem(edited(c => { c.confidence.caught = 11; }), /^confidence\.caught$/, /more than wrong/);
      problem(edited(c => { c.confidence.outOfTask[0].caught = 4; }), /^confidence\.outOfTask\[0\]\.caught$/, /more than inputs/);
      problem(edited(c => { c.confidence.threshold = Number.NaN; }), /^confidence\.threshold$/, /must be a number/);
      problem(edited(c => { c.fit.threshold = 2; }), /^fit\.threshold$/, /between -1000 and 0/);
    });

    it('checks the confidence statistic, the uncalibrated form and the update date', () => {
      problem(edited(c => { c.confidence.statistic = 'max-token'; }), /^confidence\.statistic$/, /min-token, mean-token/);
      problem(edited(c => { c.confidence.calibrated = 'yes'; }), /^confidence\.calibrated$/, /true or false/);
      assert.deepStrictEqual(checkModelCard(edited(c => { c.confidence = { calibrated: false, reason: 'too few' }; })).confidence, { calibrated: false, reason: 'too few' });
      problem(edited(c => { c.confidence = { calibrated: false }; }), /^confidence\.reason$/, /is missing/);
      problem(edited(c => { c.updated = 'yesterday'; }), /^updated$/, /ISO date/);
    });

    it('checks the fit profile: kind, order, n-gram lengths and counts', () => {
      problem(edited(c => { c.fit.profile.kind = 'word-bigram'; }), /^fit\.profile\.kind$/, /char-ngram/);
      problem(edited(c => { c.fit.profile.order = 9; }), /^fit\.profile\.order$/, /between 2 and 5/);
      problem(edited(c => { c.fit.profile.grams = {}; }), /^fit\.profile\.grams$/, /is empty/);
      problem(edited(c => { c.fit.profile.grams = { abcd: 2 }; }), /^fit\.profile\.grams\["abcd"\]$/, /2 to 3 characters/);
      problem(edited(c => { c.fit.profile.grams = { ab: 0 }; }), /^fit\.profile\.grams\["ab"\]$/, /positive whole number/);
      problem(edited(c => { c.fit.profile.grams = { ab: 1.5 }; }), /^fit\.profile\.grams\["ab"\]$/, /positive whole number/);
    });

    it('checks the decoding choice: a beam width in the setting\'s range and its scores', () => {
      const decoding = { beamWidth: 4, data: 'the test split', bleu: 35.8, chrf: 55.2, greedyBleu: 33.5, greedyChrf: 53.8 };
      const card = checkModelCard(edited(c => { c.decoding = decoding; }));
      assert.deepStrictEqual(card.decoding, decoding);
      problem(edited(c => { c.decoding = { ...decoding, beamWidth: 0 }; }), /^decoding\.beamWidth$/, /between 1 and 10/);
      problem(edited(c => { c.decoding = { ...decoding, beamWidth: 11 }; }), /^decoding\.beamWidth$/, /between 1 and 10/);
      problem(edited(c => { c.decoding = { ...decoding, beamWidth: 2.5 }; }), /^decoding\.beamWidth$/, /whole number/);
      problem(edited(c => { c.decoding = { ...decoding, bleu: 101 }; }), /^decoding\.bleu$/, /between 0 and 100/);
      problem(edited(c => { c.decoding = { ...decoding, lengthPenalty: 1 }; }), /^decoding\.lengthPenalty$/, /not a model card field/);
    });

    it('decodes with the user\'s explicit beam width, else the card\'s, else greedily', () => {
      const card = { decoding: { beamWidth: 4, data: 'd', bleu: 2, chrf: 2, greedyBleu: 1, greedyChrf: 1 } };
      assert.strictEqual(decodingBeamWidth(card, undefined), 4);
      assert.strictEqual(decodingBeamWidth(card, 1), 1, 'a width the user set wins, greedy included');
      assert.strictEqual(decodingBeamWidth(card, 6), 6);
      assert.strictEqual(decodingBeamWidth({}, undefined), 1);
      assert.strictEqual(decodingBeamWidth(null, undefined), 1);
      // Greedy without a choice is the setting's default; a card chooses within the setting's range.
      assert.strictEqual(SETTINGS.beamWidth.default, 1);
      assert.strictEqual(MAX_CARD_BEAM_WIDTH, SETTINGS.beamWidth.maximum);
      assert.strictEqual(SETTINGS.beamWidth.minimum, 1);
    });

    it('refuses a card of a newer version, saying so', () => {
      problem(edited(c => { c.version = MODEL_CARD_VERSION + 1; }), /^version$/, /newer version of the extension/);
      problem(edited(c => { c.version = 0; }), /^version$/, /at least 1/);
    });
  });

  describe('filling and updating', () => {
    it('buildModelCard takes evaluation results and rounds float noise into range', () => {
      const card = buildModelCard({
        summary: 's', training: { data: 'd', license: 'MIT', pairs: 10 },
        heldOut: [{ data: 'test', split: 'by hash', result: { exactMatch: 1.0000000000000002, tokenAccuracy: 0.5, bleu: 100.00000000000004, chrf: 12.3456789, examples: 7 } }],
        limits: ['x'], updated: '2025-02-03',
      });
      assert.deepStrictEqual(card.heldOut, [{ data: 'test', split: 'by hash', pairs: 7, exactMatch: 1, tokenAccuracy: 0.5, bleu: 100, chrf: 12.345679 }]);
      assert.strictEqual(card.updated, '2025-02-03');
      assert.throws(() => buildModelCard({ summary: '', training: { data: 'd', license: 'l', pairs: 1 }, heldOut: [], limits: [] }), CardProblem);
    });

    it('mergeModelCard replaces top-level fields, keeps the others, and checks the result', () => {
      const base = sampleCard();
      const merged = mergeModelCard(base, { summary: 'new', limits: ['a', 'b'] });
      assert.strictEqual(merged.summary, 'new');
      assert.deepStrictEqual(merged.limits, ['a', 'b']);
      assert.deepStrictEqual(merged.fit, base.fit);
      assert.throws(() => mergeModelCard(base, { heldOut: [{ data: 'x' }] }), /heldOut\[0\]\.pairs is missing/);
      assert.throws(() => mergeModelCard(null, { summary: 's' }), /training is missing/);
      const fresh = mergeModelCard(null, { summary: 's', training: { data: 'd', license: 'l', pairs: 1 }, heldOut: [], limits: [] });
      assert.strictEqual(fresh.version, MODEL_CARD_VERSION);
    });

    it('the panel gets the card without its profile; the largest held-out set comes first', () => {
      const view = cardForView(sampleCard());
      assert.ok(view.fit && !('profile' in view.fit));
      assert.strictEqual(view.fit.threshold, -1.5);
      assert.strictEqual(primaryHeldOut(sampleCard())?.data, 'date-test.txt');
      assert.strictEqual(primaryHeldOut(null), undefined);
    });
  });

  describe('Markdown', () => {
    const info = {
      id: 'date-x', label: 'Dates *bold* <b>', task: 'date', mechanism: 'bahdanau' as const,
      config: makeModelConfig('date', 'bahdanau'), parameters: 12345, fileBytes: 2048,
    };

    it('renders held-out scores with their split, limits, calibration and size', () => {
      const md = cardMarkdown({ ...info, card: sampleCard() });
      assert.match(md, /\| date-test\.txt \| the book's split \| 5,000 \| 99\.96 % \|/);
      assert.match(md, /12,345 parameters/);
      assert.match(md, /2 KB model file/);
      assert.match(md, /weakest token's probability is below \*\*0\.900\*\*/);
      assert.match(md, /Wrong held-out outputs flagged: 8 of 10 \(80\.0 %\)/);
      assert.match(md, /rejected 10 of 10/);
      assert.match(md, /> \*\*Warning:\*\* Be careful\./);
      assert.match(md, /not held out: how well it fits what it was taught/);
      assert.doesNotMatch(md, /Decoded with beam search/);
      const beamed = cardMarkdown({ ...info, card: { ...sampleCard(), decoding: { beamWidth: 4, data: 'the test split', bleu: 35.8, chrf: 55.2, greedyBleu: 33.5, greedyChrf: 53.8 } } });
      assert.match(beamed, /Decoded with beam search of width 4 unless the setting `seq2seqAttention\.beamWidth` says otherwise: on the test split, BLEU 35\.8 and chrF 55\.2 against 33\.5 and 53\.8 greedy/);
    });

    it('escapes the model author\'s text so it renders as text', () => {
      const md = cardMarkdown({ ...info, card: { ...sampleCard(), limits: ['[click](command:evil) <img src=x> `code` | cell'] } });
      assert.match(md, /# Model card: Dates \\\*bold\\\* \\<b\\>/);
      assert.ok(md.includes('- \\[click\\](command:evil) \\<img src=x\\> \\`code\\` \\| cell'));
      assert.strictEqual(escapeMarkdown('# title'), '\\# title');
      assert.strictEqual(escapeMarkdown('1994. was a year'), '1994\\. was a year');
      assert.strictEqual(escapeMarkdown('two\nlines'), 'two lines');
    });

    it('says when a model has no card, and pickers show held-out figures, not training ones', () => {
      assert.match(cardMarkdown({ ...info, card: null }), /has no model card/);
      assert.strictEqual(qualityLine({ card: sampleCard(), summary: null }), 'held-out: 99.96 % exact, BLEU 99.9 on 5,000 pairs');
      const summary = { epochs: [{ epoch: 1, trainLoss: 1, validationLoss: 1, tokenAccuracy: 1, exactMatch: 0.45, examplesPerSecond: 1, seconds: 1 }],
        bestEpoch: 1, stoppedBy: 'completed' as const, trainPairs: 1, validationPairs: 1, dataset: 'd', seconds: 1, backend: 'cpu' as const };
      assert.strictEqual(qualityLine({ card: null, summary }), 'no model card; validation exact match 45.0 % during training');
    });

    describe('in Korean (the host renders it with the l10n bundle)', () => {
      const ko = koreanBundle();
      const korean = (m: CodedMessage): string => koreanMessage(m, ko);
      const full = { ...sampleCard(), decoding: { beamWidth: 4, data: 'the test split', bleu: 35.8, chrf: 55.2, greedyBleu: 33.5, greedyChrf: 53.8 } };
      const variants: ModelCard[] = [full, { ...full, confidence: { calibrated: false, reason: 'too few' }, fit: { ...full.fit!, maxUnknownShare: 0.2 } },
        { ...full, heldOut: [], limits: [], confidence: { ...full.confidence as ConfidenceCalibration, statistic: 'mean-token', wrong: 0 }, fit: undefined, caveat: undefined }];
      // The numbers of a rendering, sorted: percentages, counts, scores, sizes.
      const figures = (md: string): string[] => (md.match(/-?\d+(?:[.,]\d+)*(?: ?%| KB| MB)?/g) ?? []).sort();

      it('has Korean headings and sentences from the bundle, the figures and escaping unchanged', () => {
        const md = cardMarkdown({ ...info, card: full }, korean);
        assert.ok(md.startsWith('# 모델 카드: Dates \\*bold\\* \\<b\\>\n'), md.slice(0, 60));
        for (const heading of ['Training data', 'Size', 'Held-out scores', 'Known limits', 'Low-confidence warning', 'Input that does not fit']) {
          assert.ok(md.includes(`\n## ${ko[heading]}\n`), `no Korean heading for ${heading}`);
        }
        assert.match(md, /Bahdanau \(가산 방식\)/);
        assert.match(md, /\| 데이터 \| 보류 방법 \| 문장 쌍 \| 정확 일치 \| 토큰 정확도 \| BLEU \| chrF \|/);
        assert.match(md, /\| date-test\.txt \| the book's split \| 5,000 \| 99\.96 % \|/);
        assert.match(md, /> \*\*경고:\*\* Be careful\./);
        assert.match(md, /가장 약한 토큰의 확률이 \*\*0\.900\*\* 미만인 출력을 낮은 신뢰도로 표시하고, p = 0\.900 미만인 토큰을 표시합니다\./);
        assert.match(md, /- 낮은 신뢰도로 표시된 틀린 보류 출력: 10개 중 8개 \(80\.0 %\)/);
        assert.match(md, /- 매개변수 12,345개/);
        assert.match(md, /`seq2seqAttention\.beamWidth` 설정에서 달리 정하지 않으면 너비 4의 빔 탐색으로 디코딩합니다\./);
        assert.match(md, /카드 갱신일: 2025-01-31\./);
      });

      it('says the same numbers as the English card, and no English sentence of its own', () => {
        for (const card of [...variants, null]) {
          const md = cardMarkdown({ ...info, card }, korean);
          assert.deepStrictEqual(figures(md), figures(cardMarkdown({ ...info, card })));
          for (const english of Object.values(CARD_MESSAGES)) {
            for (const piece of english.split(/\{[A-Za-z]+\}/).map(p => p.replace(/[*()]/g, ' ').trim())) {
              // Words of the template, not names or units (BLEU, chrF, nats, p).
              if (!/[A-Za-z]{3,}/.test(piece.replace(/BLEU|chrF|nats/g, ''))) continue;
              assert.ok(!new RegExp(`(^|[^A-Za-z])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(md), `English left: ${JSON.stringify(piece)}`);
            }
          }
        }
        assert.strictEqual(qualityLine({ card: sampleCard(), summary: null }, korean), '보류 데이터: 정확 일치 99.96 %, BLEU 99.9, 문장 쌍 5,000개');
        assert.strictEqual(qualityLine({ card: null, summary: null }, korean), '모델 카드 없음');
        assert.match(cardMarkdown({ ...info, card: null }, korean), /이 모델에는 모델 카드가 없습니다/);
      });
    });
  });
});
