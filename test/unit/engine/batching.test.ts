import * as assert from 'assert';
import { checkedSource, encodeSource, padSources, padTargets } from '../../../src/shared/engine/batching';
import { EOS_ID, PAD_ID, SOS_ID, UNK_ID } from '../../../src/shared/text/vocab';
import { tinyConfig, vocabFrom } from './engineHelpers';

describe('engine batching', () => {
  const vocab = vocabFrom(['abc', 'de'], 'char');
  const id = (c: string): number => vocab.id(c);

  it('reverses the real tokens only and keeps spans in the user order', () => {
    const enc = encodeSource('abz', tinyConfig('luong-dot', { reverseSource: true }), vocab);
    assert.deepStrictEqual(enc.ids, [UNK_ID, id('b'), id('a')]);
    assert.deepStrictEqual(enc.spans.map(s => s.text), ['a', 'b', 'z']);
    assert.strictEqual(enc.unknown, 1);
    const batch = padSources([enc.ids, [id('d')]]);
    // time-major [S, B]: the short row is padded at the end, after its real tokens.
    assert.deepStrictEqual(Array.from(batch.ids), [UNK_ID, id('d'), id('b'), PAD_ID, id('a'), PAD_ID]);
    assert.deepStrictEqual(Array.from(batch.attnMask), [1, 1, 1, 1, 0, 0]);
    assert.strictEqual(batch.padded, true);
  });

  it('builds <sos> y inputs and y <eos> outputs with a mask', () => {
    const t = padTargets([[7, 8], [9]]);
    assert.strictEqual(t.steps, 3);
    assert.deepStrictEqual(Array.from(t.input), [SOS_ID, SOS_ID, 7, 9, 8, PAD_ID]);
    assert.deepStrictEqual(Array.from(t.output), [7, 9, 8, EOS_ID, EOS_ID, PAD_ID]);
    assert.deepStrictEqual(Array.from(t.mask), [1, 1, 1, 1, 1, 0]);
  });

  it('refuses input the model cannot take, with a clear message', () => {
    const config = tinyConfig('luong-dot', { maxSourceLength: 4 });
    assert.throws(() => checkedSource('', config, vocab), /no tokens/);
    assert.throws(() => checkedSource('   ', config, vocab), /no tokens|vocabulary/);
    assert.throws(() => checkedSource('xyz', config, vocab), /None of the input's characters/);
    assert.throws(() => checkedSource('abcde', config, vocab), /at most 4/);
  });
});
