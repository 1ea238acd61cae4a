import * as assert from 'node:assert/strict';
import {
  chrF, corpusBleu, corpusBleuMultiRef, exactMatch, tokenAccuracy, tokenize13a,
} from '../../../src/shared/metrics';
import { attentionStats } from '../../../src/shared/metrics/attention';

const close = (actual: number, expected: number, eps = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);

describe('metrics: exact match and token accuracy', () => {
  it('exact match counts whole strings', () => {
    assert.equal(exactMatch(['1994-09-27', '2001-01-01', 'x'], ['1994-09-27', '2001-01-02', 'x']), 2 / 3);
    assert.equal(exactMatch([], []), 0);
  });

  it('exact match refuses lists of different lengths', () => {
    assert.throws(() => exactMatch(['a'], []), /1 hypotheses but 0 references/);
  });

  it('token accuracy is position-wise over reference tokens', () => {
    // 3 of 4 reference tokens right in the first, 1 of 2 in the second (too short), extra tokens ignored.
    const hyp = [['a', 'b', 'x', 'd', 'extra'], ['c']];
    const ref = [['a', 'b', 'c', 'd'], ['c', 'e']];
    assert.equal(tokenAccuracy(hyp, ref), 4 / 6);
    assert.equal(tokenAccuracy([[]], [[]]), 0);
  });
});

describe('metrics: sacreBLEU 13a tokenisation', () => {
  it('splits punctuation like mteval-v13a', () => {
    assert.equal(
      tokenize13a('Hello, world! 3.14 and 1,000 e-mail 1990-2000 &quot;hi&quot; a/b (x) [y] {z} ~`^_@'),
      'Hello , world ! 3.14 and 1,000 e-mail 1990 - 2000 " hi " a / b ( x ) [ y ] { z } ~ ` ^ _ @',
    );
    assert.equal(tokenize13a("It's 5.5% cheaper, isn't it?"), "It's 5.5 % cheaper , isn't it ?");
    assert.equal(tokenize13a('end.'), 'end .');
  });

  it('leaves Korean untouched apart from punctuation', () => {
    assert.equal(tokenize13a('나는 학생입니다.'), '나는 학생입니다 .');
  });
});

describe('metrics: corpus BLEU', () => {
  it('is 100 for identical sentences', () => {
    const r = corpusBleu(['the cat sat on the mat .', 'a b c d'], ['the cat sat on the mat .', 'a b c d']);
    close(r.score, 100);
    assert.equal(r.brevityPenalty, 1);
  });

  it('matches a hand computation: (5/6 * 3/5 * 2/4 * 1/3)^(1/4)', () => {
    // unigrams: "the" clipped to 1 -> 5/6; bigrams 3/5; trigrams 2/4; 4-grams 1/3; equal lengths -> BP 1.
    const r = corpusBleu(['the cat sat on the mat'], ['the cat sat on a mat']);
    close(r.score, 100 * Math.pow((5 / 6) * (3 / 5) * (2 / 4) * (1 / 3), 0.25));
    close(r.score, 53.7284965911, 1e-6);
    assert.deepEqual([r.hypLength, r.refLength], [6, 6]);
  });

  it("applies sacreBLEU's exp smoothing to orders without matches", () => {
    // trigrams 0/3 -> 1/(2*3); 4-grams 0/2 -> 1/(4*2).
    const r = corpusBleu(['a b c d e'], ['a b x d e']);
    close(r.precisions[2], 100 / 6);
    close(r.precisions[3], 100 / 8);
    close(r.score, 100 * Math.pow(0.8 * 0.5 * (1 / 6) * (1 / 8), 0.25));
  });

  it('applies the brevity penalty exp(1 - r/c)', () => {
    const r = corpusBleu(['a b c d'], ['a b c d e f']);
    close(r.brevityPenalty, Math.exp(1 - 6 / 4));
    close(r.score, 100 * Math.exp(1 - 6 / 4));
  });

  it('is 0 without any matching n-gram and for empty hypotheses', () => {
    assert.equal(corpusBleu(['x y z'], ['a b c']).score, 0);
    assert.equal(corpusBleu([''], ['a b c']).score, 0);
  });

  it("reproduces sacreBLEU's README example (two reference streams): 48.53", () => {
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const r = corpusBleuMultiRef(sys, refs);
    close(r.score, 48.530827009929865, 1e-9);
    assert.deepEqual([r.hypLength, r.refLength], [17, 18]);
    // Single reference stream, as sacreBLEU 2.6.0 prints it: 45.07 70.6/42.9/36.4/37.5.
    close(corpusBleu(sys, refs[0]).score, 45.06750632106114, 1e-9);
  });
});

describe('metrics: chrF', () => {
  it('is 100 for identical text and 0 for disjoint text', () => {
    close(chrF(['나는 학생입니다.', 'hello'], ['나는 학생입니다.', 'hello']), 100);
    assert.equal(chrF(['abc'], ['xyz']), 0);
  });

  it('matches a hand computation with effective-order averaging', () => {
    // order 1: P = R = 1/2; order 2: P = R = 0; orders 3..6 absent on both sides -> averaged over 2 orders.
    // P = R = 1/4 -> F2 = 5 * P * R / (4P + R) = 1/4.
    close(chrF(['ab'], ['ac']), 25);
  });

  it('does not count hypothesis n-grams of an order the reference lacks (sacreBLEU rule)', () => {
    // order 1: P = 3/5, R = 1; order 2: only "xy" counts (the reference "a" has no bigram) -> P = R = 1;
    // higher orders: no reference n-grams. avgP = 0.8, avgR = 1 -> F2 = 5 * 0.8 / (3.2 + 1) = 95.238...
    close(chrF(['abc', 'xy'], ['a', 'xy']), 100 * 4 / 4.2);
  });

  it("reproduces sacreBLEU 2.6.0 on the README sentences (chrF2 = 50.04) and on Korean", () => {
    const refs = ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'];
    const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    close(chrF(sys, refs), 50.043063606582294, 1e-9);
    close(chrF(['나는 학생입니다.', '그는 집에 갔다'], ['나는 학생이다.', '그는 집에 갔어요']), 41.567460317460316, 1e-9);
  });
});

describe('metrics: attention statistics', () => {
  it('uniform rows have entropy ln n; one-hot rows have 0', () => {
    const s = attentionStats([[0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]]);
    close(s.rowEntropy[0], Math.log(4));
    close(s.rowEntropy[1], 0);
    close(s.meanEntropy, Math.log(4) / 2);
  });

  it('coverage is the column sums and coveredShare the share of columns >= 0.5', () => {
    const s = attentionStats([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.6, 0.2, 0.2]]);
    s.coverage.forEach((c, j) => close(c, [1.4, 0.7, 0.9][j]));
    close(s.coveredShare, 1);
    const t = attentionStats([[0.9, 0.05, 0.05]]);
    close(t.coveredShare, 1 / 3);
  });

  it('an empty matrix gives zeros, not NaN', () => {
    assert.deepEqual(attentionStats([]), { rowEntropy: [], meanEntropy: 0, coverage: [], coveredShare: 0 });
  });
});
