import * as assert from 'node:assert/strict';
import { detokenizeSubwords, learnSubwords, startsWord, SubwordSegmenter, WORD_START } from '../../../src/shared/text/subword';
import { tokenizerFor } from '../../../src/shared/text/tokenizer';
import { SPECIAL_TOKENS, Vocab } from '../../../src/shared/text/vocab';

const ENGLISH = [
  'I am a student.', 'Where is the station?', "I don't know.", 'The students are here.', 'Tom is a teacher.',
  'Is this the station?', 'We are students.', "Don't go!", 'Where are you?', 'I know Tom.',
];
const FRENCH = [
  'Je suis étudiant.', 'Où est la gare\u00a0?', 'Je ne sais pas.', 'Les étudiants sont ici.', "L'homme est là.",
  'Cours\u00a0!', 'Ça alors\u00a0!', 'Nous sommes étudiantes.', "Aujourd'hui, il fait beau.", 'Où êtes-vous\u00a0?',
];
const KOREAN = ['나는 학생이에요.', '역은 어디에 있어요?', '저는 톰이에요.', '학생들이 여기 있어요.', '몰라요.', '어디에 있어요?'];

function vocabOf(texts: readonly string[], size: number): Vocab {
  return new Vocab([...SPECIAL_TOKENS, ...learnSubwords(texts, { size, minFrequency: 1 }).pieces]);
}

describe('text: subword tokenizer (byte-pair encoding)', () => {
  for (const [name, texts] of [['English', ENGLISH], ['French', FRENCH], ['Korean', KOREAN]] as const) {
    it(`round-trips ${name} exactly, pieces covering the text's characters in order`, () => {
      const tok = tokenizerFor('subword', vocabOf(texts, 120));
      for (const text of texts) {
        const spans = tok.tokenize(text);
        assert.equal(tok.detokenize(spans.map(s => s.text)), text, `round trip of '${text}'`);
        let at = -1;
        for (const s of spans) {
          assert.ok(s.start > at && s.end > s.start, `spans in order in '${text}'`);
          assert.equal(text.slice(s.start, s.end).normalize('NFC'), s.text.replace(WORD_START, ''), `span text of '${s.text}'`);
          at = s.start;
        }
      }
    });
  }

  it('learns whole frequent words and marks where words start', () => {
    const vocab = vocabOf(ENGLISH, 200);
    const pieces = tokenizerFor('subword', vocab).tokenize('Where is the station?').map(s => s.text);
    assert.deepEqual(pieces, ['▁Where', '▁is', '▁the', '▁station', '?']);
    assert.deepEqual(pieces.map(startsWord), [true, true, true, true, false]);
  });

  it('splits an unseen word into known pieces, and keeps unseen characters as pieces of their own', () => {
    const vocab = vocabOf(ENGLISH, 200);
    const spans = tokenizerFor('subword', vocab).tokenize('Students zq');
    assert.ok(spans.length >= 3, 'the unseen word is split');
    assert.equal(detokenizeSubwords(spans.map(s => s.text)), 'Students zq');
    assert.ok(spans.some(s => !vocab.has(s.text)), "'z' and 'q' never appear in the data: not in the vocabulary (read as <unk>)");
  });

  it('keeps no-break spaces and case, and reads a run of spaces as one', () => {
    const tok = tokenizerFor('subword', vocabOf(FRENCH, 150));
    assert.equal(tok.detokenize(tok.tokenize('Où est la gare\u00a0?').map(s => s.text)), 'Où est la gare\u00a0?');
    assert.equal(tok.detokenize(tok.tokenize('Je  suis\tici').map(s => s.text)), 'Je suis ici');
    const pieces = (t: string): string => tok.tokenize(t).map(s => s.text).join(' ');
    assert.notEqual(pieces('JE'), pieces('Je'), 'case is kept');
    assert.equal(tok.detokenize(tok.tokenize('JE SUIS').map(s => s.text)), 'JE SUIS');
  });

  it('normalises decomposed Hangul to NFC and loses no syllable', () => {
    const tok = tokenizerFor('subword', vocabOf(KOREAN, 100));
    const decomposed = '나는 학생이에요.'.normalize('NFD');
    const pieces = tok.tokenize(decomposed).map(s => s.text);
    assert.equal(detokenizeSubwords(pieces), '나는 학생이에요.');
    assert.ok(pieces.every(p => p === p.normalize('NFC')));
  });

  it('stops at the requested size and is deterministic', () => {
    const a = learnSubwords(ENGLISH, { size: 60, minFrequency: 1 });
    const b = learnSubwords([...ENGLISH], { size: 60, minFrequency: 1 });
    assert.equal(a.pieces.length, 60);
    assert.deepEqual(a.pieces, b.pieces);
    assert.equal(new Set(a.pieces).size, a.pieces.length, 'no piece twice');
    assert.equal(a.baseSymbols + a.merges, 60);
  });

  it('learns merges in frequency order: the most frequent pair first', () => {
    const r = learnSubwords(['ab ab ab ab cd cd'], { size: 100, minFrequency: 1 });
    const firstMerge = r.pieces[r.baseSymbols];
    assert.equal(firstMerge, '▁ab');
    assert.ok(r.pieces.indexOf('▁cd') > r.pieces.indexOf('▁ab'));
  });

  it('segments by the rank of the joined piece, not greedily by length', () => {
    // 'bc' ranks before 'ab': "abc" must be a + bc although 'ab' is also a piece.
    const seg = new SubwordSegmenter([...SPECIAL_TOKENS, '▁a', 'b', 'c', 'bc', '▁ab']);
    assert.deepEqual(seg.tokenize('abc').map(s => s.text), ['▁a', 'bc']);
    const other = new SubwordSegmenter([...SPECIAL_TOKENS, '▁a', 'b', 'c', '▁ab', 'bc']);
    assert.deepEqual(other.tokenize('abc').map(s => s.text), ['▁ab', 'c']);
  });

  it('leaves out characters rarer than minFrequency', () => {
    const r = learnSubwords(['aaa aaa aaa x'], { size: 50, minFrequency: 2 });
    assert.ok(!r.pieces.some(p => p.includes('x')));
    assert.equal(r.droppedSymbols, 1);
  });

  it('merges only pairs seen often enough, so a small corpus stops before memorising every word', () => {
    const r = learnSubwords(['the cat', 'the dog', 'a zebra'], { size: 100, minFrequency: 1, minPairFrequency: 2 });
    assert.ok(r.pieces.includes('▁the'));
    assert.ok(!r.pieces.includes('▁zebra') && !r.pieces.includes('▁cat'), 'words seen once stay in pieces');
    assert.ok(r.pieces.length < 100);
  });

  it('needs the vocabulary it was learned with', () => {
    assert.throws(() => tokenizerFor('subword'), /needs the vocabulary/);
  });
});
