/** The word view of subword results: pieces merged into words (src/shared/text/wordMerge.ts). */
import * as assert from 'assert';
import type { DecodeResult } from '../../../src/shared/engine/types';
import { SubwordSegmenter } from '../../../src/shared/text/subword';
import { hasSubwordSide, isSubwordSide, isWordResult, mergeResult, wordGroups, wordLabel, wordOfPiece, type WordResult } from '../../../src/shared/text/wordMerge';
import { decodeResult, subwordResult } from '../webview/sampleViews';

const S = '\u2581';

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

function merged(result: DecodeResult, kinds = {}): WordResult {
  const m = mergeResult(result, kinds);
  assert.ok(isWordResult(m), 'merged into words');
  return m;
}

describe('word view of subword results', () => {
  it('groups pieces into words at every \u2581 piece and at index 0', () => {
    assert.deepStrictEqual(wordGroups([`${S}the`, `${S}stu`, 'dent', `${S}sleeps`]), [[0], [1, 2], [3]]);
    // A first piece without the mark still starts a word; punctuation glued to a word joins it.
    assert.deepStrictEqual(wordGroups(['x', 'y', `${S}gare`, '?']), [[0, 1], [2, 3]]);
    assert.deepStrictEqual(wordGroups([]), []);
    assert.strictEqual(wordOfPiece([[0], [1, 2], [3]], 2), 1);
    assert.strictEqual(wordOfPiece([[0], [1, 2], [3]], 7), -1);
    assert.strictEqual(wordLabel([`${S}stu`, 'dent'], [0, 1]), 'student');
  });

  it('sums source columns over a word\'s pieces and averages its output rows; every row still sums to 1', () => {
    const r = subwordResult();
    const m = merged(r, { source: 'subword', target: 'subword' });
    const att = m.attention ?? [];
    assert.strictEqual(att.length, 3);
    for (const row of att) {
      assert.strictEqual(row.length, 3);
      assertClose(row.reduce((a, b) => a + b, 0), 1, 'row sum');
    }
    const a = r.attention ?? [];
    // Row 0 (one piece): columns summed over "▁stu dent".
    assertClose(att[0][0], a[0][0], 'the');
    assertClose(att[0][1], a[0][1] + a[0][2], 'student = stu + dent');
    assertClose(att[0][2], a[0][3], 'sleeps');
    // Row 1 ("▁étu diant"): the mean of rows 1 and 2, then the same column sums.
    assertClose(att[1][0], (a[1][0] + a[2][0]) / 2, 'étudiant <- the');
    assertClose(att[1][1], (a[1][1] + a[1][2] + a[2][1] + a[2][2]) / 2, 'étudiant <- student');
    assertClose(att[1][2], (a[1][3] + a[2][3]) / 2, 'étudiant <- sleeps');
    assertClose(att[2][2], a[3][3], 'dort <- sleeps');
    assert.deepStrictEqual(m.pieceGroups, { source: [[0], [1, 2], [3]], output: [[0], [1, 2], [3]], merged: { source: true, output: true } });
  });

  it('multiplies a word\'s piece probabilities, merges spans and detokenises labels', () => {
    const r = subwordResult();
    const m = merged(r, { source: 'subword', target: 'subword' });
    assert.deepStrictEqual(m.output, ['le', '\u00e9tudiant', 'dort']);
    assertClose(m.probabilities[0], 0.9, 'le');
    assertClose(m.probabilities[1], 0.8 * 0.5, 'étudiant = p(étu) p(diant)');
    assertClose(m.probabilities[2], 0.95, 'dort');
    assert.deepStrictEqual(m.source, [{ text: 'the', start: 0, end: 3 }, { text: 'student', start: 4, end: 11 }, { text: 'sleeps', start: 12, end: 18 }]);
    assert.ok(m.source.every((t) => !t.text.includes(S)) && m.output.every((t) => !t.includes(S)), 'no \u2581 left');
    // Alternatives are per piece: merged words have none; the rest of the result is kept.
    assert.deepStrictEqual(m.topK, [[], [], []]);
    assert.strictEqual(m.text, r.text);
    assert.strictEqual(m.logProb, r.logProb);
    assert.strictEqual(m.finished, true);
    // The input is not modified.
    assert.deepStrictEqual(r, subwordResult());
  });

  it('merges the spans of the real subword segmenter back into the words of the input', () => {
    const input = 'the students sleep.';
    // Base symbols, then merges in the order they were learned (each piece reachable by joining two).
    const seg = new SubwordSegmenter(['<pad>', `${S}t`, 'h', 'e', `${S}s`, 't', 'u', 'd', 'n', 's', 'l', 'p', '.',
      `${S}th`, `${S}the`, `${S}st`, `${S}stu`, 'de', 'den', 'dent', `${S}sl`, `${S}sle`, 'ep']);
    const source = seg.tokenize(input);
    assert.deepStrictEqual(source.map((t) => t.text), [`${S}the`, `${S}stu`, 'dent', 's', `${S}sle`, 'ep', '.']);
    const r: DecodeResult = { ...decodeResult('luong-dot', [], ['x'], [source.map(() => 1 / source.length)]), source };
    const m = merged(r, { source: 'subword', target: 'char' });
    assert.deepStrictEqual(m.source.map((t) => t.text), ['the', 'students', 'sleep.']);
    assert.deepStrictEqual(m.source.map((t) => input.slice(t.start, t.end)), ['the', 'students', 'sleep.']);
    assertClose(m.attention?.[0][1] ?? NaN, 3 / 7, 'three of seven pieces');
  });

  it('marks a word as read as <unk> when any of its pieces was', () => {
    const r: DecodeResult = { ...subwordResult(), sourceUnknown: [false, false, true, false] };
    assert.deepStrictEqual(merged(r, { source: 'subword', target: 'subword' }).sourceUnknown, [false, true, false]);
    assert.deepStrictEqual(merged(subwordResult(), { source: 'subword', target: 'subword' }).sourceUnknown, [false, false, false]);
    // A source that is not merged keeps its flags as they are.
    const charSource: DecodeResult = { ...r, source: r.source.map((t) => ({ ...t, text: t.text.replace(S, '') })) };
    assert.deepStrictEqual(merged(charSource, { source: 'char', target: 'subword' }).sourceUnknown, [false, false, true, false]);
  });

    it('merges only the side made of pieces: a subword source with a char target keeps its rows', () => {
    const r = subwordResult();
    const charTarget: DecodeResult = { ...r, output: ['a', 'b', 'c', 'd'], text: 'abcd' };
    const m = merged(charTarget, { source: 'subword', target: 'char' });
    assert.deepStrictEqual(m.output, ['a', 'b', 'c', 'd']);
    assert.deepStrictEqual(m.probabilities, r.probabilities);
    assert.deepStrictEqual(m.topK, r.topK);
    assert.strictEqual(m.attention?.length, 4);
    assert.deepStrictEqual(m.source.map((t) => t.text), ['the', 'student', 'sleeps']);
    assert.deepStrictEqual(m.pieceGroups.merged, { source: true, output: false });
  });

  it('leaves results of char and word models unchanged, even with a \u2581 character in their text', () => {
    const chars = decodeResult('bahdanau', ['a', S, 'b'], [S, 'x'], [[0.2, 0.3, 0.5], [1, 0, 0]]);
    assert.strictEqual(mergeResult(chars, { source: 'char', target: 'char' }), chars);
    const words = decodeResult('luong-dot', ['I', 'am'], ['나는'], [[0.4, 0.6]]);
    assert.strictEqual(mergeResult(words, { source: 'word', target: 'word' }), words);
    // Without the tokenizer kinds (views saved before they were sent) the marks decide.
    assert.strictEqual(mergeResult(words), words);
    assert.ok(isWordResult(mergeResult(subwordResult())), 'marks found');
    assert.strictEqual(hasSubwordSide(chars, { source: 'char', target: 'char' }), false);
    assert.strictEqual(isSubwordSide([`${S}a`]), true);
    assert.strictEqual(isSubwordSide([`${S}a`], 'word'), false);
    assert.strictEqual(isWordResult(words), false);
  });

  it('handles empty results, one-piece results and results without attention', () => {
    const empty: DecodeResult = { ...subwordResult(), source: [], output: [], probabilities: [], topK: [], attention: [], text: '' };
    const e = merged(empty, { source: 'subword', target: 'subword' });
    assert.deepStrictEqual([e.source, e.output, e.probabilities, e.topK, e.attention], [[], [], [], [], []]);
    const one: DecodeResult = { ...subwordResult(), source: [{ text: `${S}hi`, start: 0, end: 2 }], output: [`${S}salut`], probabilities: [0.7], topK: [[]], attention: [[1]], text: 'salut' };
    const o = merged(one, { source: 'subword', target: 'subword' });
    assert.deepStrictEqual(o.source, [{ text: 'hi', start: 0, end: 2 }]);
    assert.deepStrictEqual(o.output, ['salut']);
    assert.deepStrictEqual(o.attention, [[1]]);
    assert.deepStrictEqual(o.probabilities, [0.7]);
    const peeky: DecodeResult = { ...subwordResult(), attention: null };
    const p = merged(peeky, { source: 'subword', target: 'subword' });
    assert.strictEqual(p.attention, null);
    assert.deepStrictEqual(p.output, ['le', '\u00e9tudiant', 'dort']);
  });
});
