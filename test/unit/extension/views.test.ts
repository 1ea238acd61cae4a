/** The host's pure helpers: panel views from worker results, and training ids from file names. */
import * as assert from 'assert';
import { comparisonView, shownResult, showsWords, sourceAt, translationView } from '../../../src/extension/views';
import { guessTokenizer, makeModelId, taskFromFile } from '../../../src/extension/training/options';
import { makeModelConfig } from '../../../src/shared/engine/config';
import type { DecodeResult, Mechanism, ModelInfo } from '../../../src/shared/engine/types';
import { subwordEntry } from '../webview/sampleViews';
import { disagreements } from '../../../src/shared/metrics/attention';

function info(id: string, mechanism: Mechanism): ModelInfo {
  return { id, path: `/m/${id}.s2s`, task: 'date', mechanism, label: id.toUpperCase(), description: '', shipped: true, config: makeModelConfig('date', mechanism), summary: null };
}

function result(modelId: string, output: string[], attention: number[][] | null): DecodeResult {
  return {
    modelId, mechanism: 'bahdanau', source: [{ text: 'a', start: 0, end: 1 }, { text: 'b', start: 1, end: 2 }],
    output, text: output.join(''), probabilities: output.map(() => 0.9), topK: output.map(() => []),
    attention, logProb: -1, normalizedScore: -0.5, finished: true,
    endProbability: 0.95, sequenceProbability: 0.9 ** output.length * 0.95, minTokenProbability: 0.9, sourceUnknown: [false, false],
  };
}

describe('host views', () => {
  it('finds the output positions where mechanisms disagree, counting missing tokens', () => {
    assert.deepStrictEqual(disagreements([['1', '9', '9'], ['1', '8', '9'], ['1', '9', '9', '4']]), [1, 3]);
    assert.deepStrictEqual(disagreements([['x'], ['x']]), []);
    assert.deepStrictEqual(disagreements([]), []);
  });

  it('builds a translation view with stats for attention models and beams only when there are several', () => {
    const r = result('m', ['x', 'y'], [[0.75, 0.25], [0.5, 0.5]]);
    const view = translationView('ab', info('m', 'bahdanau'), { hypotheses: [r] });
    assert.strictEqual(view.entry.modelLabel, 'M');
    assert.deepStrictEqual(view.entry.beams, []);
    assert.ok(view.entry.stats);
    assert.deepStrictEqual(view.entry.stats.coverage, [1.25, 0.75]);
    const two = translationView('ab', info('m', 'bahdanau'), { hypotheses: [r, result('m', ['x'], [[1, 0]])] });
    assert.strictEqual(two.entry.beams.length, 2);
    assert.strictEqual(view.entry.beamWidth, undefined);
    assert.strictEqual(translationView('ab', info('m', 'bahdanau'), { hypotheses: [r] }, null, 4).entry.beamWidth, 4, 'the decoding used is recorded');
    assert.deepStrictEqual(comparisonView('ab', [info('a', 'bahdanau')], [r], null, 1).entries.map(e => e.beamWidth), [1]);
    assert.throws(() => translationView('ab', info('m', 'bahdanau'), { hypotheses: [] }), /no hypothesis/);
  });

  it('builds a comparison view; models without attention get null stats', () => {
    const view = comparisonView('ab', [info('a', 'bahdanau'), info('b', 'baseline')],
      [result('a', ['x', 'y'], [[1, 0], [0, 1]]), result('b', ['x', 'z'], null)]);
    assert.deepStrictEqual(view.disagreements, [1]);
    assert.strictEqual(view.entries[1].stats, null);
    assert.strictEqual(view.entries[1].mechanism, 'baseline');
  });

  it('tells the panel each side\'s tokenizer, so it knows when pieces can be merged', () => {
    const model = info('m', 'bahdanau');
    model.config = { ...model.config, sourceTokenizer: 'subword', targetTokenizer: 'word' };
    const view = translationView('ab', model, { hypotheses: [result('m', ['x'], [[0.5, 0.5]])] });
    assert.deepStrictEqual(view.entry.tokenizers, { source: 'subword', target: 'word' });
  });

  it('shows results as the panel does: merged words in the word view, found by offset', () => {
    const entry = subwordEntry();
    assert.strictEqual(shownResult(entry, 'pieces'), entry.result);
    const words = shownResult(entry, 'words');
    assert.deepStrictEqual(words.source.map(t => t.text), ['the', 'student', 'sleeps']);
    assert.strictEqual(showsWords(entry, 'words'), true);
    assert.strictEqual(showsWords(entry, 'pieces'), false);
    // "the student sleeps": offset 8 ('d') is piece 2 ("dent") but word 1 ("student").
    assert.strictEqual(sourceAt(entry.result, 8), 2);
    assert.strictEqual(sourceAt(words, 8), 1);
    assert.strictEqual(sourceAt(words, 3), -1, 'the space between words is no token');
    const chars = { ...entry, tokenizers: { source: 'char' as const, target: 'char' as const } };
    assert.strictEqual(shownResult(chars, 'words'), chars.result);
  });

    it('derives a task from the dataset name, reversed for swapped directions', () => {
    assert.strictEqual(taskFromFile('/w/data/date-train.txt', false), 'date');
    assert.strictEqual(taskFromFile('/w/kor-eng.tsv', false), 'kor-eng');
    assert.strictEqual(taskFromFile('/w/kor-eng.tsv', true), 'eng-kor');
    assert.strictEqual(taskFromFile('/w/kor-eng-small.tsv', true), 'eng-kor');
    assert.strictEqual(taskFromFile('/w/date-train-small.txt', false), 'date');
    assert.strictEqual(taskFromFile('/w/My Data!.csv', false), 'my-data');
    assert.strictEqual(taskFromFile('/w/.tsv', false), 'custom');
  });

  it('makes file-system-safe, unique model ids', () => {
    const id = makeModelId('date', 'luong-dot', new Date('2026-11-21T07:05:09Z'));
    assert.strictEqual(id, 'date-luong-dot-20261121-070509');
    assert.match(id, /^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });

  it('trains prose on subword pieces and dates or sums on characters', () => {
    const pairs = (rows: [string, string][]) => rows.map(([source, target], i) => ({ source, target, line: i + 1 }));
    const korEng = pairs([['Go.', '가.'], ['Hi.', '안녕.'], ['Run!', '뛰어!'], ['Who?', '누구?']]);
    assert.strictEqual(guessTokenizer({ format: 'tsv-tatoeba', sample: korEng }, false), 'subword');
    assert.strictEqual(guessTokenizer({ format: 'tsv-tatoeba', sample: korEng }, true), 'subword');
    const dates = pairs([['2/7/72', '1972-02-07'], ['Apr 6, 1993', '1993-04-06']]);
    assert.strictEqual(guessTokenizer({ format: 'csv', sample: dates }, false), 'char');
    assert.strictEqual(guessTokenizer({ format: 'fixed-width', sample: [] }, false), 'char');
  });
});
