import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { MECHANISMS, type CellType, type ModelConfig } from '../../../src/shared/engine/types';
import { tokenizerFor } from '../../../src/shared/text/tokenizer';
import { tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

const SOURCES = ['abc', 'bad', 'cafe', 'fed', 'ab', 'decaf'];
const TARGETS = SOURCES.map(s => [...s].reverse().join(''));

const LAYOUTS: { name: string; o: Partial<ModelConfig> }[] = [
  { name: '1 layer', o: { layers: 1 } },
  { name: '2 layers residual', o: { layers: 2, residual: true } },
  { name: 'bidirectional', o: { bidirectional: true } },
];

function build(config: ModelConfig, seed = 5): Seq2SeqModel {
  return Seq2SeqModel.create(config, vocabFrom(SOURCES, 'char'), vocabFrom(TARGETS, 'char'), seed);
}

function rowSums(m: number[][]): number[] {
  return m.map(r => r.reduce((a, b) => a + b, 0));
}

describe('engine model', () => {
  useCpuBackend();

  describe('every mechanism x cell x layout builds and decodes with the right shapes', () => {
    for (const mechanism of MECHANISMS) {
      for (const cell of ['lstm', 'gru'] as CellType[]) {
        for (const layout of LAYOUTS) {
          it(`${mechanism} / ${cell} / ${layout.name}`, () => {
            const model = build(tinyConfig(mechanism, { cell, ...layout.o }));
            try {
              const before = tf.memory().numTensors;
              const beam = model.translate('cafe', { modelId: 'm', beamWidth: 3, topK: 4 });
              assert.ok(beam.hypotheses.length >= 1 && beam.hypotheses.length <= 3);
              const scores = beam.hypotheses.map(h => h.normalizedScore);
              assert.deepStrictEqual(scores, [...scores].sort((a, b) => b - a), 'hypotheses are best first');
              for (const h of beam.hypotheses) {
                assert.deepStrictEqual(h.source.map(s => s.text), ['c', 'a', 'f', 'e']);
                assert.strictEqual(h.probabilities.length, h.output.length);
                assert.strictEqual(h.topK.length, h.output.length);
                for (const alts of h.topK) assert.ok(alts.length === 4 && alts[0].probability >= alts[3].probability);
                if (mechanism === 'baseline' || mechanism === 'peeky') {
                  assert.strictEqual(h.attention, null);
                } else {
                  assert.ok(h.attention);
                  assert.strictEqual(h.attention.length, h.output.length);
                  for (const row of h.attention) assert.strictEqual(row.length, 4);
                }
              }
              const forced = model.forced('cafe', 'efac', 'm');
              assert.deepStrictEqual(forced.output, ['e', 'f', 'a', 'c']);
              assert.strictEqual(forced.text, 'efac');
              assert.ok(forced.logProb < 0 && forced.finished);
              if (forced.attention) assert.deepStrictEqual(forced.attention.map(r => r.length), [4, 4, 4, 4]);
              else assert.ok(mechanism === 'baseline' || mechanism === 'peeky');
              assert.strictEqual(tf.memory().numTensors, before, 'decoding leaves no tensors behind');
            } finally {
              model.dispose();
            }
          });
        }
      }
    }
  });

  it('names its weights as the model file does and creates them from the seed', () => {
    const config = tinyConfig('bahdanau', { bidirectional: true, layers: 2, residual: true });
    const a = build(config, 11);
    const b = build(config, 11);
    const c = build(config, 12);
    try {
      const wa = a.getWeights();
      const names = wa.map(w => w.name);
      for (const n of ['encoder/embedding', 'encoder/l0/fw/kernel', 'encoder/l0/bw/recurrent_kernel', 'encoder/l1/fw/kernel',
        'encoder/bridge/kernel', 'decoder/embedding', 'decoder/l0/context_kernel', 'decoder/l1/kernel',
        'decoder/attention/W', 'decoder/attention/U', 'decoder/attention/v', 'decoder/output/kernel', 'decoder/output/bias']) {
        assert.ok(names.includes(n), `missing ${n}`);
      }
      assert.deepStrictEqual(wa.find(w => w.name === 'encoder/l0/fw/kernel')?.shape, [6, 32]);
      assert.deepStrictEqual(wa.find(w => w.name === 'decoder/output/kernel')?.shape, [16, a.targetVocab.size]);
      const wb = b.getWeights();
      wa.forEach((w, i) => assert.deepStrictEqual(Array.from(w.values), Array.from(wb[i].values), w.name));
      const wc = c.getWeights();
      assert.ok(wa.some((w, i) => w.values.some((x, k) => x !== wc[i].values[k])), 'another seed gives other weights');
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });

  it('setWeights round-trips and rejects wrong names and shapes clearly', () => {
    const config = tinyConfig('luong-general');
    const a = build(config, 1);
    const b = build(config, 2);
    try {
      b.setWeights(a.getWeights());
      assert.deepStrictEqual(b.translate('abc', { modelId: 'm', beamWidth: 2, topK: 2 }), a.translate('abc', { modelId: 'm', beamWidth: 2, topK: 2 }));
      const ws = a.getWeights();
      const bad = ws.map(w => (w.name === 'decoder/attention/W' ? { ...w, shape: [4, 16], values: new Float32Array(64) } : w));
      assert.throws(() => b.setWeights(bad), /decoder\/attention\/W' has shape \[4, 16\], expected \[8, 8\]/);
      assert.throws(() => b.setWeights(ws.filter(w => w.name !== 'decoder/output/bias')), /missing weight 'decoder\/output\/bias'/);
      assert.throws(() => b.setWeights([...ws, { name: 'x/y', shape: [1], values: new Float32Array(1) }]), /unexpected weight 'x\/y'/);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('attention rows sum to 1 and are given in the user\'s source order', () => {
    for (const mechanism of ['luong-dot', 'luong-general', 'luong-concat', 'bahdanau'] as const) {
      const rev = build(tinyConfig(mechanism, { reverseSource: true }), 3);
      const fwd = build(tinyConfig(mechanism, { reverseSource: false }), 3);
      try {
        const r = rev.forced('cafe', 'efac', 'm');
        assert.ok(r.attention);
        for (const s of rowSums(r.attention)) assert.ok(Math.abs(s - 1) < 1e-5, `${mechanism}: row sums to ${s}`);
        const g = rev.translate('decaf', { modelId: 'm', beamWidth: 1, topK: 1 }).hypotheses[0];
        for (const s of rowSums(g.attention ?? [])) assert.ok(Math.abs(s - 1) < 1e-5);
        // Same weights: 'cafe' reversed and 'efac' read forwards give the encoder the same ids, so the
        // reversed model's column for user token i must be the forward model's column 3 - i.
        fwd.setWeights(rev.getWeights());
        const f = fwd.forced('efac', 'efac', 'm');
        const fa = f.attention as number[][];
        r.attention.forEach((row, t) => {
          for (let i = 0; i < 4; i++) assert.ok(Math.abs(row[i] - fa[t][3 - i]) < 1e-6, `${mechanism} row ${t} column ${i}`);
        });
      } finally {
        rev.dispose();
        fwd.dispose();
      }
    }
  });

  it('padding does not change results: alone or in a batch with longer sentences', () => {
    for (const o of [{}, { bidirectional: true }, { layers: 2, residual: true, cell: 'gru' as const }]) {
      for (const mechanism of MECHANISMS) {
        const model = build(tinyConfig(mechanism, { reverseSource: true, ...o }), 9);
        try {
          const src = (s: string): number[] => model.sourceVocab.encode([...s]).reverse();
          const tgt = (s: string): number[] => model.targetVocab.encode([...s]);
          const alone = model.greedyIds([src('ab')]);
          const batched = model.greedyIds([src('decaf'), src('ab'), src('cafe')]);
          assert.deepStrictEqual(batched[1], alone[0], `${mechanism} ${JSON.stringify(o)} greedy`);
          const nAlone = model.nll([src('ab')], [tgt('ba')]).perPair[0];
          const nBatch = model.nll([src('decaf'), src('ab')], [tgt('faced'), tgt('ba')]).perPair[1];
          assert.ok(Math.abs(nAlone - nBatch) < 1e-5, `${mechanism} ${JSON.stringify(o)} forced ${nAlone} vs ${nBatch}`);
          const single = model.forced('ab', 'ba', 'm');
          assert.ok(Math.abs(-single.logProb - nAlone) < 1e-4, 'forced() scores as the batch does');
        } finally {
          model.dispose();
        }
      }
    }
  });

  it('the all-steps-at-once teacher-forced path equals the step loop', () => {
    for (const mechanism of ['baseline', 'peeky', 'luong-dot', 'luong-general', 'luong-concat'] as const) {
      const model = build(tinyConfig(mechanism, { layers: 2, residual: true }), 4);
      try {
        const src = [model.sourceVocab.encode([...'cafe']), model.sourceVocab.encode([...'ab'])];
        const tgt = [model.targetVocab.encode([...'efac']), model.targetVocab.encode([...'ba'])];
        const fast = tf.tidy(() => model.loss(src, tgt).dataSync()[0]);
        const slow = tf.tidy(() => model.loss(src, tgt, undefined, true).dataSync()[0]);
        assert.ok(Math.abs(fast - slow) < 1e-5, `${mechanism}: ${fast} vs ${slow}`);
      } finally {
        model.dispose();
      }
    }
  });

  it('tf.memory().numTensors is unchanged after 1,000 decodes', () => {
    const model = build(tinyConfig('luong-dot', { maxTargetLength: 4 }), 2);
    const bahdanau = build(tinyConfig('bahdanau', { maxTargetLength: 4 }), 2);
    try {
      model.translate('abc', { modelId: 'm', beamWidth: 1, topK: 3 });
      const before = tf.memory().numTensors;
      for (let i = 0; i < 1000; i++) {
        const m = i % 2 ? model : bahdanau;
        if (i % 10 === 0) m.forced('cafe', 'ef', 'm');
        else m.translate(i % 3 ? 'abc' : 'decaf', { modelId: 'm', beamWidth: i % 4 === 0 ? 3 : 1, topK: 3 });
      }
      assert.strictEqual(tf.memory().numTensors, before);
    } finally {
      model.dispose();
      bahdanau.dispose();
    }
  });

  it('a Korean sentence survives tokenise -> encode -> decode ids -> detokenise with a word model', () => {
    const ko = '나는 매일 아침 커피를 마셔요.';
    const en = 'I drink coffee every morning.';
    const config = tinyConfig('luong-dot', { sourceTokenizer: 'word', targetTokenizer: 'word', reverseSource: false });
    const model = Seq2SeqModel.create(config, vocabFrom([en], 'word'), vocabFrom([ko], 'word'), 1);
    try {
      const words = tokenizerFor('word').tokenize(ko).map(t => t.text);
      assert.deepStrictEqual(words, ['나는', '매일', '아침', '커피를', '마셔요', '.']);
      const ids = model.targetVocab.encode(words);
      assert.ok(ids.every(id => id > 3), 'every Korean word is in the vocabulary');
      const back = ids.map(id => model.targetVocab.token(id));
      assert.strictEqual(tokenizerFor('word').detokenize(back), ko);
      // Through the model: forced decoding of the Korean target returns it unchanged.
      const r = model.forced(en, ko, 'm');
      assert.deepStrictEqual(r.output, words);
      assert.strictEqual(r.text, ko);
      assert.deepStrictEqual(r.source.map(s => en.slice(s.start, s.end)), ['I', 'drink', 'coffee', 'every', 'morning', '.']);
    } finally {
      model.dispose();
    }
  });

  it('throws clear errors for input it cannot take and after dispose', () => {
    const model = build(tinyConfig('luong-dot', { maxSourceLength: 5 }));
    assert.throws(() => model.translate('', { modelId: 'm', beamWidth: 1, topK: 1 }), /no tokens/);
    assert.throws(() => model.translate('xyz', { modelId: 'm', beamWidth: 1, topK: 1 }), /vocabulary/);
    assert.throws(() => model.translate('abcabc', { modelId: 'm', beamWidth: 1, topK: 1 }), /at most 5/);
    assert.throws(() => model.forced('abc', '', 'm'), /empty/);
    model.dispose();
    assert.throws(() => model.translate('abc', { modelId: 'm', beamWidth: 1, topK: 1 }), /disposed/);
    assert.throws(() => Seq2SeqModel.create({ ...tinyConfig('luong-dot'), hiddenSize: 0 }, model.sourceVocab, model.targetVocab, 1), /hiddenSize must be an integer from 1 to 2048 \(got 0\)/);
  });
});
