/**
 * Sequence confidence: the statistics of an output, the panel's verdict, and the calibration that picks
 * a threshold for a stated false-alarm rate on held-out outputs (chosen on one half, measured on the other).
 */
import * as assert from 'assert';
import { mulberry32 } from '../../../src/shared/engine/random';
import {
  assessConfidence, calibrateConfidence, calibrateStatistic, DEFAULT_TOKEN_THRESHOLD, halves, meanTokenProbability, minTokenProbability,
  sequenceProbability, shareBelow, thresholdForRate, type CalibrationItem,
} from '../../../src/shared/quality/confidence';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);


describe('confidence', () => {
  it('statistics of one output include the end step', () => {
    const o = { probabilities: [0.9, 0.5, 0.8], endProbability: 0.4 };
    close(minTokenProbability(o), 0.4);
    close(sequenceProbability(o), 0.9 * 0.5 * 0.8 * 0.4);
    close(meanTokenProbability(o), Math.pow(0.9 * 0.5 * 0.8 * 0.4, 1 / 4));
    const unfinished = { probabilities: [0.9, 0.5], endProbability: null };
    close(minTokenProbability(unfinished), 0.5);
    close(meanTokenProbability(unfinished), Math.sqrt(0.45));
    assert.strictEqual(minTokenProbability({ probabilities: [], endProbability: null }), 0);
    close(minTokenProbability({ probabilities: [], endProbability: 0.7 }), 0.7);
  });

  describe('thresholdForRate', () => {
    it('flags at most the rate, and is the largest threshold that does', () => {
      const random = mulberry32(7);
      for (const n of [20, 57, 400, 1001]) {
        for (const rate of [0.05, 0.1, 0.25]) {
          if (n < Math.ceil(1 / rate)) continue;
          const scores = Array.from({ length: n }, () => Math.round(random() * 50) / 50); // ties on purpose
          const t = thresholdForRate(scores, rate);
          assert.ok(t !== null);
          assert.ok(shareBelow(scores, t) <= rate, `n=${n} rate=${rate}: ${shareBelow(scores, t)} flagged`);
          // Any larger threshold (the next distinct score up) flags more than the rate.
          const next = [...new Set(scores)].sort((a, b) => a - b).find(s => s > t);
          if (next !== undefined) assert.ok(shareBelow(scores, next + 1e-9) > rate, `n=${n} rate=${rate}: ${t} is not the largest`);
        }
      }
    });

    it('needs at least 1 / rate scores and a rate in (0, 1)', () => {
      assert.strictEqual(thresholdForRate([0.5, 0.6], 0.05), null);
      assert.strictEqual(thresholdForRate(Array(19).fill(0.5), 0.05), null);
      assert.strictEqual(thresholdForRate(Array(20).fill(0.5), 0.05), 0.5);
      assert.throws(() => thresholdForRate([1], 0), /between 0 and 1/);
      assert.throws(() => thresholdForRate([1], 1), /between 0 and 1/);
    });
  });

  it('halves: even positions choose, odd positions check', () => {
    assert.deepStrictEqual(halves([0, 1, 2, 3, 4]), { choose: [0, 2, 4], check: [1, 3] });
  });

  describe('calibrateConfidence', () => {
    /**
     * Correct outputs are confident; wrong ones have one weak token among sure ones. With `spread`, some
     * correct outputs have one weak token too, and wrong ones are unsure everywhere (a weak average).
     */
    function heldOut(n: number, wrongShare: number, seed: number, spread = false): CalibrationItem[] {
      const random = mulberry32(seed);
      return Array.from({ length: n }, () => {
        const correct = random() >= wrongShare;
        if (spread) {
          const probabilities = Array.from({ length: 8 }, () => (correct ? 0.95 + 0.05 * random() : 0.8 + 0.06 * random()));
          if (correct && random() < 0.3) probabilities[Math.floor(random() * 8)] = 0.4 + 0.5 * random();
          return { correct, probabilities, endProbability: 0.99 };
        }
        const probabilities = Array.from({ length: 8 }, () => (correct ? 0.9 + 0.1 * random() : 0.97 + 0.03 * random()));
        if (!correct) probabilities[Math.floor(random() * 8)] = 0.3 + 0.5 * random();
        return { correct, probabilities, endProbability: 0.99 };
      });
    }

    it('meets the target false-alarm rate on the half it did not see, and reports the wrong outputs it catches', () => {
      const items = heldOut(4000, 0.05, 11);
      const { calibration, candidates } = calibrateConfidence(items, { rate: 0.05, data: 'synthetic' });
      assert.ok(calibration.calibrated);
      const { check } = halves(items);
      const correct = check.filter(i => i.correct);
      const wrong = check.filter(i => !i.correct);
      assert.strictEqual(calibration.correct, correct.length);
      assert.strictEqual(calibration.wrong, wrong.length);
      // The stated figures are the check half's, recomputed here from the threshold.
      close(calibration.falseAlarmRate, correct.filter(i => minTokenProbability(i) < calibration.threshold).length / correct.length);
      assert.strictEqual(calibration.caught, wrong.filter(i => minTokenProbability(i) < calibration.threshold).length);
      assert.ok(calibration.falseAlarmRate < 0.075, `false alarms ${calibration.falseAlarmRate}`);
      assert.ok(calibration.caught / calibration.wrong > 0.9, 'one weak token in a wrong output is caught');
      assert.strictEqual(calibration.statistic, 'min-token', 'the weakest token catches a single weak step better than the mean');
      assert.ok(candidates['mean-token']);
      assert.strictEqual(calibration.tokenThreshold, candidates['min-token']?.threshold);
      assert.match(calibration.data, /synthetic; threshold chosen on the 2,000 even-numbered pairs/);
    });

    it('keeps the geometric mean when it catches more (wrong outputs uniformly unsure)', () => {
      const items = heldOut(4000, 0.05, 12, true);
      const { calibration, candidates } = calibrateConfidence(items, { rate: 0.05, data: 'synthetic' });
      assert.ok(calibration.calibrated);
      assert.strictEqual(calibration.statistic, 'mean-token');
      assert.ok((candidates['mean-token']?.caught ?? 0) > (candidates['min-token']?.caught ?? 0));
      // Tokens are still marked against the weakest-token threshold.
      assert.strictEqual(calibration.tokenThreshold, candidates['min-token']?.threshold);
    });

    it('says why it cannot calibrate when too few outputs are correct', () => {
      const items = heldOut(60, 0.9, 13);
      const { calibration } = calibrateConfidence(items, { rate: 0.05, data: 'tiny' });
      assert.strictEqual(calibration.calibrated, false);
      assert.ok(!calibration.calibrated && /at least 20 correct outputs in each half/.test(calibration.reason));
    });

    it('reports how many out-of-task outputs the chosen rule flags', () => {
      const items = heldOut(2000, 0.05, 14);
      const foreign = [{ probabilities: [0.99, 0.2], endProbability: 0.9 }, { probabilities: [0.999, 0.999], endProbability: 0.999 }];
      const { calibration } = calibrateConfidence(items, { rate: 0.05, data: 'd', outOfTask: [{ data: 'english', outputs: foreign }] });
      assert.ok(calibration.calibrated);
      assert.deepStrictEqual(calibration.outOfTask, [{ data: 'english', inputs: 2, caught: 1 }]);
    });

    it('calibrateStatistic measures on the check half only', () => {
      const choose: CalibrationItem[] = Array.from({ length: 20 }, (_, i) => ({ correct: true, probabilities: [0.5 + i / 100], endProbability: 1 }));
      const check: CalibrationItem[] = [{ correct: true, probabilities: [0.1], endProbability: 1 }, { correct: false, probabilities: [0.2], endProbability: 1 }];
      const r = calibrateStatistic('min-token', choose, check, 0.05);
      assert.ok(r);
      close(r.threshold, 0.51);
      assert.deepStrictEqual([r.falseAlarmRate, r.correct, r.wrong, r.caught], [1, 1, 1, 1]);
    });
  });

  describe('assessConfidence', () => {
    const calibration = {
      calibrated: true as const, statistic: 'min-token' as const, threshold: 0.8, tokenThreshold: 0.8, targetFalseAlarmRate: 0.05,
      falseAlarmRate: 0.05, correct: 100, wrong: 5, caught: 4, data: 'd',
    };

    it('flags an output below the calibrated threshold and marks its weak tokens', () => {
      const a = assessConfidence({ probabilities: [0.99, 0.6, 0.95], endProbability: 0.99 }, calibration);
      assert.deepStrictEqual([a.low, a.lowTokens, a.threshold, a.calibrated], [true, [1], 0.8, true]);
      close(a.value, 0.6);
      const ok = assessConfidence({ probabilities: [0.99, 0.9], endProbability: 0.99 }, calibration);
      assert.deepStrictEqual([ok.low, ok.lowTokens], [false, []]);
      // A weak end step makes the output low without marking a token.
      const end = assessConfidence({ probabilities: [0.99], endProbability: 0.5 }, calibration);
      assert.deepStrictEqual([end.low, end.lowTokens], [true, []]);
    });

    it('without a calibration: never low, tokens marked at the default', () => {
      for (const c of [null, undefined, { calibrated: false as const, reason: 'r' }]) {
        const a = assessConfidence({ probabilities: [0.3, 0.9], endProbability: 0.1 }, c);
        assert.deepStrictEqual([a.low, a.threshold, a.calibrated, a.tokenThreshold, a.lowTokens], [false, null, false, DEFAULT_TOKEN_THRESHOLD, [0]]);
      }
    });

    it('the mean-token statistic compares the geometric mean', () => {
      const a = assessConfidence({ probabilities: [0.9, 0.9], endProbability: 0.9 }, { ...calibration, statistic: 'mean-token', threshold: 0.95, tokenThreshold: 0.5 });
      close(a.value, 0.9);
      assert.deepStrictEqual([a.low, a.lowTokens], [true, []]);
    });
  });
});
