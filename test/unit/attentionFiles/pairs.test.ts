import * as assert from 'node:assert/strict';
import { looksLikePairs, matrixToPairs, pairsToMatrix, parseLegacyIndices, parsePairs } from '../../../src/shared/attentionFiles/pairs';
import { fitSoft, parseCommaRows, rowSumMessage } from '../../../src/shared/attentionFiles/fit';
import { parseWeight } from '../../../src/shared/attentionFiles/numbers';
import { splitLines } from '../../../src/shared/attentionFiles/lines';

describe('attention files: i-j pairs, weights and lines', () => {
  it('parses source-target pairs into a binary target x source matrix', () => {
    const p = parsePairs('0-0 1-2 2-1 3-3');
    assert.ok(p.ok);
    assert.deepEqual(p.value, [[0, 0], [1, 2], [2, 1], [3, 3]]);
    const m = pairsToMatrix(p.value, 4, 4);
    assert.ok(m.ok);
    assert.deepEqual(m.value, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);
    assert.equal(matrixToPairs(m.value), '0-0 2-1 1-2 3-3');
  });

  it('accepts an empty alignment and rejects items that are not pairs', () => {
    assert.deepEqual(parsePairs('  '), { ok: true, value: [] });
    assert.ok(looksLikePairs('0-0 12-3'));
    assert.ok(!looksLikePairs('0-0 1:2'));
    const bad = parsePairs('0-0 1:2');
    assert.ok(!bad.ok);
    assert.strictEqual(bad.message.code, 'attn.notPair');
    assert.match(bad.message.message, /item 2 is '1:2', not a pair of indices/);
  });

  it('names the pair that falls outside the tokens', () => {
    const m = pairsToMatrix([[0, 0], [3, 1]], 3, 2);
    assert.ok(!m.ok);
    assert.strictEqual(m.message.code, 'attn.pairPastSource');
    assert.match(m.message.message, /'3-1' names source index 3, but there are 3 source tokens/);
    const t = pairsToMatrix([[0, 2]], 3, 2);
    assert.ok(!t.ok);
    assert.strictEqual(t.message.code, 'attn.pairPastTarget');
    assert.match(t.message.message, /target index 2, but there are 2 target tokens/);
    const one = pairsToMatrix([[1, 0]], 1, 1);
    assert.ok(!one.ok);
    assert.deepStrictEqual([one.message.code, one.message.message], ['attn.pairPastSourceOne', "the pair '1-0' names source index 1, but there is 1 source token (indices start at 0)"]);
  });

  it('reads the old one-source-index-per-target form', () => {
    const p = parseLegacyIndices('0 7 7 2');
    assert.ok(p.ok);
    assert.deepEqual(p.value, [[0, 0], [7, 1], [7, 2], [2, 3]]);
  });

  it('reads weights with exponents and refuses words, nan and hex', () => {
    assert.equal(parseWeight('8.22032e-05'), 8.22032e-5);
    assert.equal(parseWeight('0.9100000'), 0.91);
    for (const bad of ['nan', 'inf', '0x1', 'abc', '', '1,0']) assert.equal(parseWeight(bad), null, bad);
    const rows = parseCommaRows('0.5,0.5 0.1,x');
    assert.ok(!rows.ok);
    assert.strictEqual(rows.message.code, 'attn.cellNotNumber');
    assert.match(rows.message.message, /row 2, column 2: 'x' is not a number/);
  });

  it('fits EOS rows and columns, drops trailing zero columns, and reports other sizes with both counts', () => {
    const f = fitSoft([[0.5, 0.5, 0, 0], [0.2, 0.8, 0, 0]], 1, 1, { matrix: 'A', source: 'S', target: 'H' });
    assert.ok(f.ok);
    assert.deepEqual(f.value, { attention: [[0.5, 0.5], [0.2, 0.8]], sourceEos: true, targetEos: true });
    const bad = fitSoft([[1, 0, 0]], 5, 1, { matrix: 'A-3', source: 'S-3', target: 'H-3' });
    assert.ok(!bad.ok);
    assert.strictEqual(bad.message.code, 'attn.matrixSize');
    assert.deepStrictEqual([bad.message.params.rows, bad.message.params.sourceTokens].map(p => (p as { code: string }).code), ['attn.nRow', 'attn.nSourceTokens']);
    assert.match(bad.message.message, /A-3: the matrix is 1 row x 3 columns, but H-3 has 1 target token and S-3 has 5 source tokens \(expected 1 or 2 rows and 5 or 6 columns/);
    assert.match(bad.message.message, /--remove-bpe/);
  });

  it('names at most three rows that do not sum to 1, then how many more', () => {
    const bad = [0, 1, 2, 3, 4].map(row => ({ row, sum: 0.5 }));
    const m = rowSumMessage('A-7', bad, ['a', 'b', 'c', 'd']);
    assert.equal(m.code, 'attn.rowSumsMore');
    assert.equal(m.message, "A-7: soft attention rows should sum to about 1: row 1 ('a') sums to 0.5, row 2 ('b') sums to 0.5, row 3 ('c') sums to 0.5, and 2 more");
    assert.equal(rowSumMessage('A-7', bad.slice(0, 1), ['a']).message, "A-7: soft attention rows should sum to about 1: row 1 ('a') sums to 0.5");
  });

  it('splits LF, CRLF and CR lines with their numbers and drops a BOM', () => {
    assert.deepEqual(splitLines('\uFEFFa\r\nb\nc\rd\n'), [{ text: 'a', no: 1 }, { text: 'b', no: 2 }, { text: 'c', no: 3 }, { text: 'd', no: 4 }]);
    assert.deepEqual(splitLines('x', 10), [{ text: 'x', no: 10 }]);
  });
});
