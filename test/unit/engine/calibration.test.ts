/**
 * Calibration on decoded held-out pairs: DecodeResult's confidence figures and <unk> flags, batched scored
 * greedy decoding that agrees with the translation the panel shows, and a calibration run end to end on a
 * model that learned a toy task.
 */
import * as assert from 'assert';
import { calibrateModel, decodePairs, decodeScored } from '../../../src/shared/engine/calibration';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { trainModel } from '../../../src/shared/engine/train';
import { makeTrainConfig } from '../../../src/shared/engine/config';
import { minTokenProbability, sequenceProbability } from '../../../src/shared/quality/confidence';
import { reversalPairs, tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

describe('calibration (engine)', function () {
  this.timeout(120_000);
  useCpuBackend();

  it('DecodeResult carries the sequence probability, the weakest token (end included) and <unk> flags in the user\'s order', () => {
    for (const reverseSource of [true, false]) {
      const config = tinyConfig('luong-dot', { reverseSource });
      const model = Seq2SeqModel.create(config, vocabFrom(['abcd'], 'char'), vocabFrom(['abcd'], 'char'), 3);
      try {
        const [r] = model.translate('abzc', { modelId: 'm', beamWidth: 1, topK: 2 }).hypotheses;
        assert.deepStrictEqual(r.sourceUnknown, [false, false, true, false], `reverseSource ${reverseSource}`);
        if (r.finished) {
          assert.ok(r.endProbability !== null && r.endProbability > 0 && r.endProbability <= 1);
          // logProb sums every step's log-probability, the end included.
          assert.ok(Math.abs(Math.log(r.sequenceProbability) - r.logProb) < 1e-4);
        } else {
          assert.strictEqual(r.endProbability, null);
        }
        const scored = { probabilities: r.probabilities, endProbability: r.endProbability };
        assert.strictEqual(r.minTokenProbability, minTokenProbability(scored));
        assert.strictEqual(r.sequenceProbability, sequenceProbability(scored));
        const forced = model.forced('abc', 'dc', 'm');
        assert.ok(forced.endProbability !== null, 'a forced target ends with <eos>');
        assert.ok(Math.abs(Math.log(forced.sequenceProbability) - forced.logProb) < 1e-4);
      } finally {
        model.dispose();
      }
    }
  });

  describe('on a model that learned to reverse three letters', () => {
    let model: Seq2SeqModel;
    const pairs = reversalPairs(400);

    before(async () => {
      const trained = await trainModel({
        config: tinyConfig('bahdanau', { embeddingSize: 12, hiddenSize: 24, attentionUnits: 12 }),
        train: makeTrainConfig({ epochs: 12, batchSize: 16, learningRate: 0.02, validationSplit: 0, earlyStoppingPatience: 0, seed: 5 }),
        pairs, validation: reversalPairs(40), datasetName: 'reversal',
      });
      model = trained.model;
    });
    after(() => model?.dispose());

    it('batched scored decoding makes the choices and probabilities of greedy translation', () => {
      const sources = ['abc', 'dca', 'bbd', 'ab', 'abcd', 'dddd'];
      const batched = decodeScored(model, sources);
      sources.forEach((s, i) => {
        const [r] = model.translate(s, { modelId: 'm', beamWidth: 1, topK: 1 }).hypotheses;
        assert.strictEqual(batched[i].prediction, r.text, s);
        assert.strictEqual(batched[i].probabilities.length, r.probabilities.length);
        batched[i].probabilities.forEach((p, k) => assert.ok(Math.abs(p - r.probabilities[k]) < 1e-4, `${s} step ${k}: ${p} vs ${r.probabilities[k]}`));
        assert.ok(Math.abs((batched[i].endProbability ?? 0) - (r.endProbability ?? 0)) < 1e-4);
      });
    });

    it('marks pairs correct by exact token match and refuses what the extension refuses', () => {
      const scored = decodePairs(model, [
        { source: 'abc', target: 'cba', line: 1 }, { source: 'abc', target: 'abc', line: 2 }, { source: 'azc', target: 'cza', line: 3 }, { source: '', target: 'x', line: 4 },
      ]);
      assert.deepStrictEqual(scored.map(s => s.correct), [scored[0].prediction === 'cba', scored[1].prediction === 'abc', false, false]);
      assert.deepStrictEqual(scored.map(s => s.accepted), [true, true, false, false], "a character model refuses 'z' and empty input");
      assert.ok(Math.abs(scored[2].unknownShare - 1 / 3) < 1e-12);
    });

    it('calibrates both rules and reports out-of-task inputs', () => {
      const report = calibrateModel(model, {
        heldOut: reversalPairs(200), heldOutData: 'reversal pairs', training: pairs.map(p => p.source),
        outOfTask: [{ data: 'words', sources: ['hello', 'the moon is bright', 'cab'] }],
      });
      const correct = report.pairs.filter(p => p.correct).length;
      assert.ok(correct > 150, `the model learned the task (${correct} of 200 correct)`);
      const c = report.confidence.calibration;
      assert.ok(c.calibrated, 'enough correct outputs to calibrate');
      assert.ok(c.threshold > 0 && c.threshold <= 1);
      assert.strictEqual(c.correct + c.wrong, 100, 'measured on the odd-numbered half');
      assert.deepStrictEqual(report.outOfTask, [{ data: 'words', inputs: 3, accepted: 1 }], "only 'cab' is made of the model's letters");
      assert.strictEqual(report.fit.profile.sentences, pairs.length);
      assert.strictEqual(report.fit.maxUnknownShare, 0, 'no held-out source has an unknown character');
      assert.strictEqual(report.fit.outOfTask?.[0].caught, 2, 'the two inputs with unknown letters fail, the toy-task input fits');
    });
  });
});
