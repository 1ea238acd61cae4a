import * as assert from 'node:assert/strict';
import { entryFromSentence, panelPieces, sentenceText, spansInText } from '../../../src/shared/attentionFiles/entry';
import { readAttentionText } from '../../../src/shared/attentionFiles/index';
import type { CodedMessage } from '../../../src/shared/messages/coded';
import { mergeResult } from '../../../src/shared/text/wordMerge';
import { koreanMessage } from '../koreanBundle';
import { attentionFixture } from './fixtures';

describe('attention files: panel entries', () => {
  it('hands BPE and joiner pieces to the panel in the ▁ convention; plain words stay words', () => {
    assert.deepEqual(panelPieces(['das', 'stim@@', 'mt', '</s>']), { pieces: ['▁das', '▁stim', 'mt', '▁</s>'], kind: 'subword' });
    assert.deepEqual(panelPieces(['Bahn', '￭hof', 'da']), { pieces: ['▁Bahn', 'hof', '▁da'], kind: 'subword' });
    assert.deepEqual(panelPieces(['▁zum', '▁Bahn', 'hof']), { pieces: ['▁zum', '▁Bahn', 'hof'], kind: 'subword' });
    assert.deepEqual(panelPieces(['it', 'rains', '</s>']), { pieces: ['it', 'rains', '</s>'], kind: 'word' });
    assert.equal(sentenceText(['das', 'stim@@', 'mt', '</s>']), 'das stimmt');
  });

  it('finds each piece in the source text as the user has it, or says it is not there', () => {
    assert.deepEqual(spansInText(['das', 'stim@@', 'mt', '</s>'], 'das  stimmt'), [
      { text: 'das', start: 0, end: 3 }, { text: 'stim@@', start: 5, end: 9 }, { text: 'mt', start: 9, end: 11 }, { text: '</s>', start: 11, end: 11 }]);
    assert.equal(spansInText(['das', 'stimmt'], 'das stimmte nicht') !== null, true);
    assert.equal(spansInText(['das', 'stimmt'], 'dies stimmt'), null);
  });

  it('builds an entry whose word view (the panel\'s own merge) sums source pieces and averages target pieces', () => {
    const f = readAttentionText(attentionFixture('fairseq-soft.txt'), 'gen.txt');
    assert.ok(f);
    const built = entryFromSentence(f.sentences[0], { format: 'fairseq', fileName: 'gen.txt', hideEos: false });
    assert.ok(built);
    const { entry } = built;
    assert.equal(entry.mechanism, 'external');
    // A file names no mechanism of ours: its result (and so a JSON export of it) says 'external', never one of ours.
    assert.equal(entry.result.mechanism, 'external');
    assert.doesNotMatch(JSON.stringify(entry), /luong|bahdanau/);
    assert.equal(entry.attentionFile?.line, 13);
    assert.deepEqual(entry.result.probabilities.map(p => Number(p.toFixed(4))), [0.9048, 0.8187, 0.7408, 0.6668]);
    assert.equal(built.input, '▁das ▁stim mt ▁</s>');
    const words = mergeResult(entry.result, entry.tokenizers);
    assert.deepEqual(words.source.map(s => s.text), ['das', 'stimmt', '</s>']);
    assert.deepEqual(words.attention?.[2].map(x => Number(x.toFixed(6))), [0.03, 0.92, 0.05]);
    const hidden = entryFromSentence(f.sentences[0], { format: 'fairseq', fileName: 'gen.txt', hideEos: true });
    assert.equal(hidden?.entry.result.source.length, 3);
    assert.deepEqual(hidden?.entry.result.attention?.[3], [0.01, 0.02, 0.07]);
  });

  it('names the layer and head shown and leaves hard alignments without entropy statistics', () => {
    const heads = readAttentionText(attentionFixture('heads.json'), 'h.json');
    assert.ok(heads);
    const mean = entryFromSentence(heads.sentences[0], { format: 'json', fileName: 'h.json', hideEos: false });
    assert.equal(mean?.entry.attentionFile?.heads, 'mean of 2 layers x 2 heads');
    const one = entryFromSentence(heads.sentences[0], { format: 'json', fileName: 'h.json', hideEos: false, layer: 1, head: 0 });
    assert.equal(one?.entry.attentionFile?.heads, 'layer 2, head 1');
    assert.deepEqual(one?.entry.result.attention, [[0, 1], [1, 0]]);
    const hard = readAttentionText(attentionFixture('fairseq-hard-nbest.txt'), 'hard.txt');
    const e = hard && entryFromSentence(hard.sentences[0], { format: 'fairseq', fileName: 'hard.txt', hideEos: false });
    assert.equal(e?.entry.stats, null);
    assert.equal(e?.entry.attentionFile?.alignment, 'hard');
  });

  it('words the heads line and the entry title through the host\'s renderer: Korean from the bundle, no English left', () => {
    const korean = (m: CodedMessage): string => koreanMessage(m);
    const heads = readAttentionText(attentionFixture('heads.json'), 'h.json');
    assert.ok(heads);
    const mean = entryFromSentence(heads.sentences[0], { format: 'json', fileName: 'h.json', hideEos: false, render: korean });
    assert.equal(mean?.entry.attentionFile?.heads, '층 2개 x 헤드 2개의 평균');
    assert.equal(mean?.entry.modelLabel, `h.json: 문장 ${heads.sentences[0].id}`);
    const one = entryFromSentence(heads.sentences[0], { format: 'json', fileName: 'h.json', hideEos: false, layer: 'mean', head: 1, render: korean });
    assert.equal(one?.entry.attentionFile?.heads, '헤드 2, 층 2개의 평균');
    const nbest = readAttentionText(attentionFixture('fairseq-hard-nbest.txt'), 'hard.txt');
    const second = nbest?.sentences.find(s => s.rank === 1);
    assert.ok(second, 'the fixture has a second hypothesis');
    const e = entryFromSentence(second, { format: 'fairseq', fileName: 'hard.txt', hideEos: false, render: korean });
    assert.equal(e?.entry.modelLabel, `hard.txt: 문장 ${second.id}, 가설 2`);
    // English by default (the CLI, scripts): the same words as before.
    const english = entryFromSentence(second, { format: 'fairseq', fileName: 'hard.txt', hideEos: false });
    assert.equal(english?.entry.modelLabel, `hard.txt: sentence ${second.id}, hypothesis 2`);
    for (const text of [mean?.entry.attentionFile?.heads, one?.entry.attentionFile?.heads, e?.entry.modelLabel]) {
      assert.doesNotMatch(text ?? '', /mean of|layers?\b|heads?\b|sentence|hypothesis/);
    }
  });
});
