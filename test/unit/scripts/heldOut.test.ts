import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusBleu, corpusBleuMultiRef } from '../../../src/shared/metrics';
import { heldOutScores, readTranslationPairs } from '../../../src/scripts/heldOut';
import { projectRoot } from '../../../src/scripts/projectRoot';

describe('held-out translation scores', () => {
  const pairs = [
    { line: 1, source: 'I am tired.', target: 'Je suis fatigué.' },
    { line: 2, source: 'Hello!', target: 'Bonjour !' },
    { line: 3, source: 'I am tired.', target: 'Je suis fatiguée.' },
  ];

  it('groups the pairs by source sentence and scores each sentence against all its translations', () => {
    const predictions = ['Je suis fatiguée.', 'Salut !', 'Je suis fatiguée.'];
    const s = heldOutScores(predictions, pairs, 1 / 3, 11, 22);
    assert.equal(s.pairs, 3);
    assert.equal(s.sentences, 2);
    // Per pair the numbers given are passed through; per sentence the first pair's prediction is scored
    // against both references of 'I am tired.' (streams padded with '' where a sentence has fewer).
    assert.deepEqual([s.bleu, s.chrf, s.exactMatch], [11, 22, 1 / 3]);
    const expected = corpusBleuMultiRef(['Je suis fatiguée.', 'Salut !'], [['Je suis fatigué.', 'Bonjour !'], ['Je suis fatiguée.', '']]).score;
    assert.equal(s.multiRefBleu, expected);
    assert.ok(s.multiRefBleu > corpusBleu(['Je suis fatiguée.', 'Salut !'], ['Je suis fatigué.', 'Bonjour !']).score,
      'a second reference that matches must raise BLEU');
  });

  it('the fresh English-French pairs read as 100 pairs of two non-empty sides', () => {
    const file = path.join(projectRoot(), 'src', 'scripts', 'eval', 'en-fr-fresh.tsv');
    assert.ok(fs.existsSync(file), file);
    const read = readTranslationPairs(file);
    assert.equal(read.length, 100);
    for (const p of read) assert.ok(p.source.trim() !== '' && p.target.trim() !== '', `line ${p.line}`);
    assert.equal(new Set(read.map(p => p.source)).size, 100, 'every English sentence once');
  });
});
