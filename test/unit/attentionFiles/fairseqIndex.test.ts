import * as assert from 'node:assert/strict';
import { FairseqIndexer } from '../../../src/shared/attentionFiles/fairseqIndex';
import { readFairseq } from '../../../src/shared/attentionFiles/fairseq';
import { readAttentionText } from '../../../src/shared/attentionFiles/index';
import { splitLines } from '../../../src/shared/attentionFiles/lines';
import type { AttentionSentence } from '../../../src/shared/attentionFiles/types';
import { attentionFixture } from './fixtures';

function indexInChunks(bytes: Uint8Array, size: number): ReturnType<FairseqIndexer['finish']> {
  const ix = new FairseqIndexer();
  for (let i = 0; i < bytes.length; i += size) ix.push(bytes.subarray(i, i + size));
  return ix.finish();
}

describe('attention files: indexing a large fairseq output', () => {
  for (const name of ['fairseq-soft.txt', 'fairseq-hard-nbest.txt', 'fairseq-crlf.txt', 'fairseq-mismatch.txt']) {
    it(`${name}: any chunking gives the same index, and each range reads the sentence the whole file gives`, () => {
      const text = attentionFixture(name);
      const bytes = new TextEncoder().encode(text);
      const whole = readAttentionText(text, name);
      assert.ok(whole);
      const reference = indexInChunks(bytes, bytes.length);
      for (const size of [1, 7, 64]) assert.deepEqual(indexInChunks(bytes, size), reference, `chunks of ${size}`);
      for (const entry of reference) {
        const part = new TextDecoder().decode(bytes.subarray(entry.start, entry.end));
        const f = readFairseq(splitLines(part, entry.line), name);
        const fromWhole: AttentionSentence[] = whole.sentences.filter(s => s.id === entry.id);
        assert.deepEqual(f.sentences, fromWhole, `sentence ${entry.id}`);
      }
    });
  }

  it('keeps the S- text and first hypothesis for the sentence list, and which sentences have an alignment', () => {
    const ix = indexInChunks(new TextEncoder().encode(attentionFixture('fairseq-soft.txt')), 5);
    assert.deepEqual(ix.map(s => [s.id, s.source, s.hypothesis, s.hypotheses, s.hasAlignment, s.line]),
      [[0, 'das stim@@ mt', 'that is right', 1, true, 8], [1, 'es regnet', 'it rains', 1, true, 2]]);
    const crlf = indexInChunks(new TextEncoder().encode(attentionFixture('fairseq-crlf.txt')), 3);
    assert.equal(crlf[0].source, 'ja nein');
    assert.equal(crlf[0].hypothesis, 'yes no');
  });
});
