/**
 * The fit test: the character n-gram profile, its score, its calibration on held-out sources, and the
 * models offered for an input that does not fit the active one (found from the installed models' cards,
 * so a model added later with a card is offered without any code naming it).
 */
import * as assert from 'assert';
import { makeModelConfig } from '../../../src/shared/engine/config';
import type { ModelInfo } from '../../../src/shared/engine/types';
import type { FitCalibration, ModelCard } from '../../../src/shared/quality/card';
import {
  assessFit, buildProfile, calibrateFit, fitScore, fitText, fitVerdict, fittingModels, MAX_CANDIDATES, ProfileScorer, type FitInput,
} from '../../../src/shared/quality/fit';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Dates in the book's formats, seeded. */
function dates(n: number, seed: number): string[] {
  let a = seed;
  const next = (k: number): number => { a = (a * 1103515245 + 12345) % 2147483648; return a % k; };
  return Array.from({ length: n }, () => {
    const m = MONTHS[next(12)];
    const d = 1 + next(28);
    const y = 1970 + next(48);
    switch (next(4)) {
      case 0: return `${m} ${d}, ${y}`;
      case 1: return `${m.slice(0, 3).toUpperCase()} ${d}, ${y}`;
      case 2: return `${DAYS[next(7)]}, ${m} ${d}, ${y}`;
      default: return `${1 + next(12)}/${d}/${String(y).slice(2)}`;
    }
  });
}

const ENGLISH = [
  'I won\'t buy this shirt.', 'This room is too dark.', 'No one remembered my birthday.', 'Please take me to my seat.',
  'Take care not to catch a cold.', 'What is your name?', 'Tom is here.', 'hello world', 'The cat sleeps on the bed.',
  'We have to go now.', 'Where is the station?', 'She likes green tea.', 'I think so.', 'Do you speak French?',
];

function fitOf(sources: string[], threshold: number, maxUnknownShare = 0.5): FitCalibration {
  return { profile: buildProfile(sources), threshold, maxUnknownShare, targetFalseAlarmRate: 0.05, falseAlarmRate: 0.05, inputs: 10, data: 'test' };
}

function model(id: string, task: string, fit: FitCalibration | null, exactMatch = 0.9): ModelInfo {
  const card: ModelCard | null = fit ? {
    version: 1, summary: id, training: { data: 'd', license: 'l', pairs: 1 }, limits: [], fit,
    heldOut: [{ data: 'held', split: 's', pairs: 100, exactMatch, tokenAccuracy: 1, bleu: 50, chrf: 50 }],
  } : null;
  return {
    id, path: `/m/${id}.s2s`, task, mechanism: 'bahdanau', label: `Label ${id}`, description: '', shipped: true,
    config: makeModelConfig(task, 'bahdanau'), summary: null, card,
  };
}

describe('fit test', () => {
  it('normalises case, digits and white space before counting', () => {
    assert.strictEqual(fitText('  SEPTEMBER\t27,  1994 '), 'september 00, 0000');
    assert.strictEqual(fitText('e\u0301'), '\u00e9', 'NFC');
    const p = buildProfile(['ab', 'AB']);
    assert.deepStrictEqual(p, { kind: 'char-ngram', order: 3, sentences: 2, grams: { '\nab': 2, '\na': 2, 'ab': 2, 'ab\n': 2, 'b\n': 2 } });
  });

  it('keeps the most frequent n-grams up to the cap', () => {
    const p = buildProfile(['aaaa', 'abcd'], 3, 4);
    assert.strictEqual(Object.keys(p.grams).length, 4);
    assert.strictEqual(p.grams.aa, 3);
    assert.strictEqual(p.grams.aaa, 2);
  });

  it('is a probability model: the scores of every next character sum to 1', () => {
    const scorer = new ProfileScorer(buildProfile(dates(500, 1)));
    // P(next | "ma") over the profile's alphabet plus one unseen character.
    const alphabet = [...new Set(dates(500, 1).flatMap(d => [...fitText(d)])), '\n', '\u2603'];
    const prob = (scorer as unknown as { prob(h: string[], y: string): number }).prob.bind(scorer);
    const total = alphabet.reduce((s, y) => s + prob(['m', 'a'], y), 0);
    // The unseen-character slot is shared: one stands for all of them.
    assert.ok(Math.abs(total - 1) < 1e-9, `sum ${total}`);
  });

  it('scores held-out dates far above English and Korean under a date profile', () => {
    const profile = buildProfile(dates(5000, 2));
    const heldOut = dates(300, 3).map(d => fitScore(profile, d));
    const english = ENGLISH.map(s => fitScore(profile, s));
    const korean = ['안녕하세요.', '나는 학생이다.'].map(s => fitScore(profile, s));
    const worstDate = Math.min(...heldOut);
    assert.ok(Math.max(...english) < worstDate - 1, `english up to ${Math.max(...english)}, dates down to ${worstDate}`);
    assert.ok(Math.max(...korean) < Math.max(...english), 'unseen characters score lowest');
  });

  it('calibrates on held-out sources: the stated false-alarm rate is the check half\'s, out-of-task inputs are counted', () => {
    const profile = buildProfile(dates(5000, 4));
    const heldOut: FitInput[] = dates(400, 5).map(text => ({ text, unknownShare: 0 }));
    const fit = calibrateFit(profile, heldOut, { rate: 0.05, data: 'dates', outOfTask: [{ data: 'english', inputs: ENGLISH.map(text => ({ text, unknownShare: 0.2 })) }] });
    assert.strictEqual(fit.maxUnknownShare, 0, 'no held-out source had an unknown token: any <unk> fails');
    const check = heldOut.filter((_, i) => i % 2 === 1);
    const rejected = check.filter(i => !fitVerdict(fit, i.text, i.unknownShare).fits).length;
    assert.strictEqual(fit.falseAlarmRate, rejected / check.length);
    assert.ok(fit.falseAlarmRate <= 0.1, `false alarms ${fit.falseAlarmRate}`);
    assert.deepStrictEqual(fit.outOfTask, [{ data: 'english', inputs: ENGLISH.length, caught: ENGLISH.length }]);
    assert.strictEqual(fit.inputs, check.length);
  });

  it('with unknown tokens in held-out data, splits the rate between the score and the <unk> share', () => {
    const profile = buildProfile(ENGLISH);
    const heldOut: FitInput[] = Array.from({ length: 200 }, (_, i) => ({ text: ENGLISH[i % ENGLISH.length], unknownShare: (i % 10) / 20 }));
    const fit = calibrateFit(profile, heldOut, { rate: 0.1, data: 'english' });
    assert.ok(fit.maxUnknownShare > 0 && fit.maxUnknownShare <= 0.5);
    assert.strictEqual(calibrateFit(profile, heldOut.map(h => ({ ...h, unknownShare: 0.9 })), { rate: 0.1, data: 'e' }).maxUnknownShare, 0.5, 'more than half unknown always fails');
    assert.throws(() => calibrateFit(profile, heldOut.slice(0, 30), { rate: 0.05, data: 'few' }), /needs at least 40 held-out sources in each half; got 15/);
  });

  it('says why an input does not fit', () => {
    const fit = fitOf(dates(2000, 6), -1.5, 0);
    const english = fitVerdict(fit, 'hello world');
    assert.strictEqual(english.fits, false);
    assert.match(english.reason ?? '', /unlike the model's training inputs \(fit -\d+\.\d+ nats per character, below the calibrated -1\.50\)/);
    assert.strictEqual(fitVerdict(fit, 'may 5, 1994').fits, true);
    const unknown = fitVerdict(fitOf(ENGLISH, -10, 0.3), 'Tom is here.', 0.5);
    assert.deepStrictEqual([unknown.fits, unknown.reason], [false, '50 % of its tokens are unknown to the model (more than 30 %)']);
  });

  describe('candidates', () => {
    const dateFit = fitOf(dates(3000, 7), -1.6, 0);
    const englishFit = fitOf(ENGLISH, -3.2, 0.5);
    const installed = (): ModelInfo[] => [
      model('date-a', 'date', dateFit, 0.99), model('date-b', 'date', dateFit, 1), model('en-ko', 'en-ko', englishFit, 0.01), model('bare', 'other', null),
    ];

    it('English with the date model active: the English model is offered, the dates are not', () => {
      const report = assessFit('The cat sleeps on the bed.', installed(), 'date-a');
      assert.ok(report.active && !report.active.fits);
      assert.deepStrictEqual(report.candidates.map(c => c.modelId), ['en-ko']);
      assert.strictEqual(report.candidates[0].heldOut, '1.00 % exact match on 100 held-out pairs');
    });

    it('a date with the English model active offers the best date model of the task, once', () => {
      const report = assessFit('september 27, 1994', installed(), 'en-ko');
      if (report.active?.fits) assert.fail(`a date fitted the English profile (${report.active.score})`);
      assert.deepStrictEqual(report.candidates.map(c => c.modelId), ['date-b']);
    });

    it('nothing is offered when the input fits, or when the active model has no profile', () => {
      const fits = assessFit('may 5, 1994', installed(), 'date-a');
      assert.deepStrictEqual([fits.active?.fits, fits.candidates], [true, []]);
      assert.deepStrictEqual(assessFit('anything', installed(), 'bare'), { active: null, candidates: [] });
      assert.deepStrictEqual(assessFit('안녕하세요', installed(), 'date-a').candidates, [], 'Korean fits no installed model');
    });

    it('a model installed later with a card is offered too, at most one per task and a few in all', () => {
      const more = [...installed(), model('en-fr', 'en-fr', englishFit, 0.3)];
      const report = assessFit('Where is the station?', more, 'date-a');
      assert.deepStrictEqual(report.candidates.map(c => c.modelId).sort(), ['en-fr', 'en-ko']);
      const many = [...installed(), ...Array.from({ length: 6 }, (_, i) => model(`en-${i}`, `task-${i}`, englishFit))];
      assert.strictEqual(fittingModels('Where is the station?', many, 'date-a').length, MAX_CANDIDATES);
    });
  });
});
