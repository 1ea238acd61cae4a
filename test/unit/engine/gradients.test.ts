/**
 * Numerical gradient check of every decoder: tf.variableGrads against central finite differences of the
 * (float32) loss, on the two largest-gradient entries of every weight. Sources and targets of different
 * lengths, so the padding masks are inside the checked function.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import { AUTO_PLAN, PathRecorder, recording, REFERENCE_PLAN, type TakenPath } from '../../../src/shared/engine/executionPlan';
import { MECHANISMS, type ModelConfig } from '../../../src/shared/engine/types';
import { tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

const EPS = 5e-3;

function check(config: ModelConfig, label: string): void {
  const sv = vocabFrom(['abcdef'], 'char');
  const tv = vocabFrom(['abcdef'], 'char');
  const model = Seq2SeqModel.create(config, sv, tv, 17);
  try {
    const src = ['abcd', 'fe', 'cab'].map(s => sv.encode([...s]).reverse());
    const tgt = ['dcb', 'efab', 'a'].map(s => tv.encode([...s]));
    const loss = (): number => tf.tidy(() => model.loss(src, tgt).dataSync()[0]);
    const vars = model.variables();
    const names = model.getWeights().map(w => w.name);
    const analytic = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.loss(src, tgt), vars);
      return vars.map(v => Float32Array.from(grads[v.name].dataSync() as Float32Array));
    });
    let checked = 0;
    vars.forEach((v, i) => {
      const g = analytic[i];
      const top = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 2);
      const original = Float32Array.from(v.dataSync() as Float32Array);
      for (const k of top) {
        if (Math.abs(g[k]) < 1e-4) continue;
        const at = (delta: number): number => {
          const values = Float32Array.from(original);
          values[k] += delta;
          tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
          return loss();
        };
        const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
        tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
        const tol = 2e-3 + 3e-2 * Math.abs(g[k]);
        assert.ok(Math.abs(numeric - g[k]) <= tol, `${label} ${names[i]}[${k}]: analytic ${g[k]} vs numeric ${numeric}`);
        checked++;
      }
    });
    assert.ok(checked >= names.length, `${label}: only ${checked} entries had a gradient`);
  } finally {
    model.dispose();
  }
}

describe('engine gradients (finite differences)', () => {
  useCpuBackend();
  const base = { embeddingSize: 5, hiddenSize: 6, attentionUnits: 4 };
  for (const mechanism of MECHANISMS) {
    it(`${mechanism} (LSTM)`, () => check(tinyConfig(mechanism, base), mechanism));
  }
  it('luong-dot with input feeding', () => check(tinyConfig('luong-dot', { ...base, inputFeeding: true }), 'feeding'));
  it('bahdanau, GRU, 2 layers residual', () => check(tinyConfig('bahdanau', { ...base, cell: 'gru', layers: 2, residual: true }), 'gru-2'));
  it('luong-general, bidirectional LSTM encoder', () => check(tinyConfig('luong-general', { ...base, bidirectional: true }), 'bidi'));
});

describe('engine fused sequence ops (LSTM, GRU, Bahdanau decoder)', () => {
  useCpuBackend();

  function lossAndGrads(config: ModelConfig, fused: boolean): { loss: number; grads: Float32Array[]; paths: Set<TakenPath> } {
    const recorder = new PathRecorder();
    const v = vocabFrom(['abcdef'], 'char');
    const model = Seq2SeqModel.create(config, v, v, 23, 'default', recording(fused ? AUTO_PLAN : REFERENCE_PLAN, recorder));
    try {
      // Mixed lengths: the encoder runs with padding masks, forwards and backwards.
      const src = ['abcdef', 'fe', 'cab'].map(s => v.encode([...s]).reverse());
      const tgt = ['dcb', 'efab', 'a'].map(s => v.encode([...s]));
      const r = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => model.loss(src, tgt), model.variables());
        return { loss: value.dataSync()[0], grads: model.variables().map(x => Float32Array.from(grads[x.name].dataSync() as Float32Array)) };
      });
      return { ...r, paths: recorder.taken };
    } finally {
      model.dispose();
    }
  }

  const configs: [string, ModelConfig][] = [
    ['luong-dot, bidirectional, 2 layers residual', tinyConfig('luong-dot', { bidirectional: true, layers: 2, residual: true })],
    ['peeky', tinyConfig('peeky')],
    ['bahdanau (fused encoder and fused decoder op)', tinyConfig('bahdanau')],
    ['GRU luong-general, bidirectional, 2 layers residual', tinyConfig('luong-general', { cell: 'gru', bidirectional: true, layers: 2, residual: true })],
    ['GRU baseline', tinyConfig('baseline', { cell: 'gru' })],
  ];
  for (const [label, config] of configs) {
    it(`equals autodiff of the step cell: ${label}`, () => {
      const a = lossAndGrads(config, true);
      const b = lossAndGrads(config, false);
      // The oracle ran only the step cell under autodiff; the product's plan only sequence ops (cpu: composed
      // cell steps). The loss is composed on both: the cpu backend has no fused loss kernels (softmaxXent.test.ts).
      assert.deepStrictEqual([...b.paths].sort(), ['composed-softmax-xent', 'step-autodiff', ...(config.mechanism === 'bahdanau' ? ['step-loop'] : [])]);
      const expected = new Set<TakenPath>([config.cell === 'gru' ? 'gru-sequence' : 'composed-steps', 'composed-softmax-xent',
        ...(config.mechanism === 'bahdanau' ? ['bahdanau-sequence' as const] : [])]);
      assert.deepStrictEqual([...a.paths].sort(), [...expected].sort());
      assert.ok(Math.abs(a.loss - b.loss) < 1e-6, `loss ${a.loss} vs ${b.loss}`);
      a.grads.forEach((g, i) => g.forEach((x, k) => {
        assert.ok(Math.abs(x - b.grads[i][k]) <= 1e-5 + 1e-4 * Math.abs(x), `variable ${i} entry ${k}: ${x} vs ${b.grads[i][k]}`);
      }));
    });
  }
});
