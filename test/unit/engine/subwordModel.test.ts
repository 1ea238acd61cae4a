/**
 * Subword models through the engine: pieces learned from the training pairs only, translations whose
 * source spans point into the input and whose text has no markers, and a model file that brings the
 * same tokenizer back (the vocabulary is the tokenizer).
 */
import * as assert from 'assert';
import { makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import { parseModelFile, serializeModel } from '../../../src/shared/engine/modelFile';
import { trainModel } from '../../../src/shared/engine/train';
import { tokenizerFor } from '../../../src/shared/text/tokenizer';
import { Vocab } from '../../../src/shared/text/vocab';
import { useCpuBackend } from './engineHelpers';

const WORDS: [string, string][] = [
  ['the cat', 'le chat'], ['the dog', 'le chien'], ['a cat', 'un chat'], ['a dog', 'un chien'],
  ['the cats', 'les chats'], ['the dogs', 'les chiens'], ['my cat', 'mon chat'], ['my dog', 'mon chien'],
];
const pairs = Array.from({ length: 96 }, (_, i) => WORDS[i % WORDS.length]).map(([source, target], i) => ({ source, target, line: i + 1 }));

describe('engine: subword models', () => {
  useCpuBackend();

  it('learns pieces from the training pairs only and translates with spans into the input', async function () {
    this.timeout(120000);
    const config = makeModelConfig('en-fr', 'luong-dot', {
      sourceTokenizer: 'subword', targetTokenizer: 'subword', embeddingSize: 12, hiddenSize: 24, attentionUnits: 12, reverseSource: false,
    });
    const validation = [{ source: 'the zebra', target: 'le zèbre', line: 1 }];
    const { model, summary } = await trainModel({
      config, train: makeTrainConfig({ epochs: 2, batchSize: 16, learningRate: 1e-2, maxVocabSize: 60, earlyStoppingPatience: 0, seed: 5 }),
      pairs, validation, datasetName: 'animals',
    });
    try {
      assert.ok(model.sourceVocab.size <= 60);
      assert.ok(model.sourceVocab.has('▁the') && model.targetVocab.has('▁le'), 'frequent words are whole pieces');
      assert.ok(!model.sourceVocab.tokens.some(t => t.includes('z')), 'nothing learned from the validation pairs');
      assert.ok(summary.notes === undefined || !summary.notes.some(n => /vocabulary: \d+ of/.test(n)), 'no word-vocabulary cap note');
      const r = model.translate('my cats', { modelId: 'm', beamWidth: 1, topK: 1 }).hypotheses[0];
      assert.deepStrictEqual(r.source.map(s => 'my cats'.slice(s.start, s.end)), r.source.map(s => s.text.replace(/^▁/, '')));
      assert.ok(!r.text.includes('▁'), `detokenised output: '${r.text}'`);
      assert.ok(r.attention && r.attention.every(row => row.length === r.source.length), 'one attention column per source piece');

      const { header, weights } = parseModelFile(serializeModel(model, { id: 'm', label: 'm', description: '', summary }), 'm.s2s');
      assert.strictEqual(header.config.sourceTokenizer, 'subword');
      assert.ok(weights.length > 0);
      const again = tokenizerFor('subword', Vocab.fromJSON(header.sourceVocab)).tokenize('the dogs');
      assert.deepStrictEqual(again, tokenizerFor('subword', model.sourceVocab).tokenize('the dogs'), 'the file brings the same tokenizer back');
    } finally {
      model.dispose();
    }
  });
});
