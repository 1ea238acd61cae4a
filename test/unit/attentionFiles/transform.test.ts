import * as assert from 'node:assert/strict';
import { headMatrix, showSentence, wordGroupsOf, wordText } from '../../../src/shared/attentionFiles/transform';
import { sourceFileCandidates } from '../../../src/shared/attentionFiles/sourceFile';
import type { AttentionSentence } from '../../../src/shared/attentionFiles/types';

const sentence = (over: Partial<AttentionSentence>): AttentionSentence => ({
  id: 0, rank: 0, source: [], target: [], attention: null, alignment: 'soft', sourceEos: false, targetEos: false, line: 1, ...over,
});

describe('attention files: word merge, EOS, layers and heads', () => {
  it('groups BPE @@, SentencePiece ▁ and ￭ joiner pieces into words, EOS alone', () => {
    assert.deepEqual(wordGroupsOf(['das', 'stim@@', 'mt', '</s>']), [[0], [1, 2], [3]]);
    assert.deepEqual(wordGroupsOf(['▁zum', '▁Bahn', 'hof', '</s>']), [[0], [1, 2], [3]]);
    assert.deepEqual(wordGroupsOf(['Bahn', '￭hof', 'ist', 'da', '￭.']), [[0, 1], [2], [3, 4]]);
    assert.deepEqual(wordGroupsOf(['plain', 'words']), [[0], [1]]);
    assert.equal(wordText(['das', 'stim@@', 'mt'], [1, 2]), 'stimmt');
    assert.equal(wordText(['▁Bahn', 'hof'], [0, 1]), 'Bahnhof');
    assert.equal(wordText(['da', '￭.'], [0, 1]), 'da.');
  });

  it('sums merged source columns, averages merged target rows, and hides the EOS column', () => {
    const s = sentence({
      source: ['a@@', 'b', '</s>'], target: ['x@@', 'y', '</s>'], sourceEos: true, targetEos: true,
      attention: [[0.5, 0.3, 0.2], [0.1, 0.7, 0.2], [0.1, 0.1, 0.8]],
    });
    const w = showSentence(s, { words: true });
    assert.ok(w);
    assert.deepEqual(w.source, ['ab', '</s>']);
    assert.deepEqual(w.target, ['xy', '</s>']);
    assert.deepEqual(w.attention.map(r => r.map(x => Number(x.toFixed(6)))), [[0.8, 0.2], [0.2, 0.8]]);
    assert.deepEqual(w.sourceGroups, [[0, 1], [2]]);
    const h = showSentence(s, { hideEos: true });
    assert.deepEqual(h?.source, ['a@@', 'b']);
    assert.deepEqual(h?.attention[2], [0.1, 0.1]);
  });

  it('picks one layer and head, or the mean over those not picked', () => {
    const heads = [[[[1, 0]], [[0, 1]]], [[[0.5, 0.5]], [[0.25, 0.75]]]];
    const s = sentence({ source: ['a', 'b'], target: ['x'], heads, attention: [[0.4375, 0.5625]] });
    assert.deepEqual(headMatrix(s, 0, 1), [[0, 1]]);
    assert.deepEqual(headMatrix(s, 1, 'mean'), [[0.375, 0.625]]);
    assert.deepEqual(headMatrix(s, 'mean', 0), [[0.75, 0.25]]);
    assert.deepEqual(headMatrix(s), [[0.4375, 0.5625]]);
    assert.equal(headMatrix(s, 5, 0), null);
  });

  it('looks for the Marian source file by the output name', () => {
    assert.deepEqual(sourceFileCandidates('test.de.out'), ['test.de', 'test.de.src', 'test.de.source', 'test.de.in', 'test.de.input']);
    assert.deepEqual(sourceFileCandidates('out'), ['out.src', 'out.source', 'out.in']);
  });
});
