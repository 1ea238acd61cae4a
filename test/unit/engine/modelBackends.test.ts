/**
 * The whole model on the wasm backend (with this project's kernels) against the cpu backend: loss,
 * every weight's gradient, greedy and beam decoding and attention, for a model that exercises padding
 * masks, the fused LSTM op, the bidirectional bridge, residual layers and every attention score.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import type { DecodeResult, Mechanism, ModelConfig } from '../../../src/shared/engine/types';
import { tinyConfig, vocabFrom } from './engineHelpers';

interface Run {
  loss: number;
  grads: Float32Array[];
  greedy: DecodeResult;
  beam: DecodeResult[];
}

function run(config: ModelConfig): Run {
  const v = vocabFrom(['abcdefgh'], 'char');
  const model = Seq2SeqModel.create(config, v, v, 31);
  try {
    const src = ['abcdefgh', 'fe', 'cab', 'hgd'].map(s => v.encode([...s]).reverse());
    const tgt = ['hgf', 'efab', 'a', 'dd'].map(s => v.encode([...s]));
    const { loss, grads } = tf.tidy(() => {
      const r = tf.variableGrads(() => model.loss(src, tgt), model.variables());
      return { loss: r.value.dataSync()[0], grads: model.variables().map(x => Float32Array.from(r.grads[x.name].dataSync() as Float32Array)) };
    });
    return {
      loss, grads,
      greedy: model.translate('badcafe', { modelId: 'm', beamWidth: 1, topK: 3 }).hypotheses[0],
      beam: model.translate('fed', { modelId: 'm', beamWidth: 3, topK: 2 }).hypotheses,
    };
  } finally {
    model.dispose();
  }
}

const close = (a: number, b: number, what: string): void => {
  assert.ok(Math.abs(a - b) <= 1e-4 + 1e-3 * Math.abs(b), `${what}: wasm ${a} vs cpu ${b}`);
};

describe('engine model: wasm and cpu backends agree', () => {
  after(async () => {
    await tf.setBackend('cpu');
  });

  const cases: [Mechanism, Partial<ModelConfig>][] = [
    ['luong-dot', { bidirectional: true, layers: 2, residual: true }],
    ['luong-general', {}],
    ['luong-concat', { inputFeeding: true }],
    ['bahdanau', { cell: 'gru', layers: 2, residual: true }],
    ['peeky', { bidirectional: true }],
  ];
  for (const [mechanism, o] of cases) {
    it(`${mechanism} ${JSON.stringify(o)}`, async () => {
      const config = tinyConfig(mechanism, { hiddenSize: 16, embeddingSize: 8, attentionUnits: 8, ...o });
      assert.strictEqual(await initBackend('cpu'), 'cpu');
      const cpu = run(config);
      assert.strictEqual(await initBackend('wasm'), 'wasm');
      const before = tf.memory().numTensors;
      const wasm = run(config);
      assert.strictEqual(tf.memory().numTensors, before, 'wasm: no tensors left behind');
      close(wasm.loss, cpu.loss, 'loss');
      wasm.grads.forEach((g, i) => g.forEach((x, k) => close(x, cpu.grads[i][k], `gradient ${i}[${k}]`)));
      assert.deepStrictEqual(wasm.greedy.output, cpu.greedy.output);
      wasm.greedy.probabilities.forEach((p, i) => close(p, cpu.greedy.probabilities[i], `probability ${i}`));
      (wasm.greedy.attention ?? []).forEach((row, i) => row.forEach((x, j) => close(x, (cpu.greedy.attention as number[][])[i][j], `attention ${i},${j}`)));
      assert.deepStrictEqual(wasm.beam.map(h => h.text), cpu.beam.map(h => h.text));
    });
  }
});
