/**
 * The step inspector's numbers come from the decode itself: for every attention mechanism the recorded
 * scores' softmax is the recorded weights, the context is the weighted sum of the recorded encoder
 * states, and a free-running trace reproduces translate's greedy output. Checked here in float64.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import type { CellType, Mechanism, ModelConfig } from '../../../src/shared/engine/types';
import { tinyConfig, useCpuBackend, vocabFrom } from './engineHelpers';

const SOURCES = ['abc', 'bad', 'cafe', 'fed', 'ab', 'decaf'];
const TARGETS = SOURCES.map(s => [...s].reverse().join(''));
const TOL = 1e-5;

function build(config: ModelConfig): Seq2SeqModel {
  return Seq2SeqModel.create(config, vocabFrom(SOURCES, 'char'), vocabFrom(TARGETS, 'char'), 9);
}

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map(x => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map(x => x / z);
}

function close(a: number[], b: number[], what: string, tol = TOL): void {
  assert.strictEqual(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${x} vs ${b[i]}`));
}

const ATTENTION: Mechanism[] = ['luong-dot', 'luong-general', 'luong-concat', 'bahdanau'];

describe('engine step trace', () => {
  useCpuBackend();

  for (const mechanism of ATTENTION) {
    for (const cell of ['lstm', 'gru'] as CellType[]) {
      for (const reverseSource of [false, true]) {
        it(`${mechanism} / ${cell}${reverseSource ? ' / reversed input' : ''}: softmax(scores) = weights, context = sum alpha h`, () => {
          const model = build(tinyConfig(mechanism, { cell, reverseSource }));
          try {
            const before = tf.memory().numTensors;
            const { result, trace } = model.trace('cafe', { modelId: 'm', topK: 3 });
            assert.strictEqual(tf.memory().numTensors, before, 'tracing leaves no tensors behind');
            assert.strictEqual(trace.reversed, reverseSource);
            assert.deepStrictEqual(trace.source, ['c', 'a', 'f', 'e']);
            assert.strictEqual(trace.keys.length, 4);
            assert.strictEqual(trace.contextEntry, null);
            const H = model.config.hiddenSize;
            assert.ok(trace.steps.length >= 1);
            for (const s of trace.steps) {
              assert.ok(s.query && s.scores && s.weights && s.context && s.concat, `step ${s.step} has every part`);
              assert.strictEqual(s.query.length, H);
              close(softmax(s.scores), s.weights, `step ${s.step} softmax(scores) vs weights`);
              close([s.weights.reduce((a, b) => a + b, 0)], [1], `step ${s.step} weights sum`);
              const mixed = Array.from({ length: H }, (_, d) => s.weights!.reduce((acc, w, i) => acc + w * trace.keys[i][d], 0));
              close(mixed, s.context, `step ${s.step} context vs sum alpha h`);
              if (mechanism === 'luong-dot') {
                const dots = trace.keys.map(k => k.reduce((acc, x, d) => acc + x * s.query![d], 0));
                close(dots, s.scores, `step ${s.step} scores vs s.h`);
              }
              if (mechanism.startsWith('luong')) close(s.concat, [...s.context, ...s.query], `step ${s.step} [a; s]`);
              else {
                assert.strictEqual(s.concat.length, model.config.embeddingSize + H);
                close(s.concat.slice(model.config.embeddingSize), s.context, `step ${s.step} [x; a] ends with a`);
              }
              const pTop = s.top[0].probability;
              assert.ok(s.probability <= pTop + 1e-9 && s.probability > 0);
            }
            // Steps feed each other: step t's input is step t-1's output.
            trace.steps.forEach((s, t) => assert.strictEqual(s.input, t === 0 ? '<sos>' : trace.steps[t - 1].output));
            // Free running reproduces greedy translate (the same step function on the same encoder output).
            const greedy = model.translate('cafe', { modelId: 'm', beamWidth: 1, topK: 3 }).hypotheses[0];
            assert.deepStrictEqual(result.output, greedy.output);
            close(result.probabilities, greedy.probabilities, 'probabilities vs translate');
            assert.ok(result.attention && greedy.attention);
            result.attention.forEach((row, t) => close(row, greedy.attention![t], `attention row ${t} vs translate`));
            // The result's attention rows are the trace's weights (both in the user's order).
            result.attention.forEach((row, t) => close(row, trace.steps[t].weights!, `attention row ${t} vs trace`));
          } finally {
            model.dispose();
          }
        });
      }
    }
  }

  it('forcing the whole target scores it as forced decoding does, and marks every step forced', () => {
    for (const mechanism of ['luong-dot', 'bahdanau', 'baseline'] as Mechanism[]) {
      const model = build(tinyConfig(mechanism));
      try {
        const { result, trace } = model.trace('cafe', { modelId: 'm', topK: 3, target: 'efac', mode: 'whole' });
        const reference = model.forced('cafe', 'efac', 'm');
        assert.deepStrictEqual(result.output, ['e', 'f', 'a', 'c']);
        close(result.probabilities, reference.probabilities, `${mechanism} forced probabilities`, 1e-4);
        close([result.endProbability ?? NaN], [reference.endProbability ?? NaN], `${mechanism} end probability`, 1e-4);
        assert.deepStrictEqual(trace.steps.map(s => s.output), ['e', 'f', 'a', 'c', '<eos>']);
        assert.ok(trace.steps.every(s => s.forced));
      } finally {
        model.dispose();
      }
    }
  });

  it('a forced prefix is fed, then the model runs free from it', () => {
    const model = build(tinyConfig('luong-general'));
    try {
      const { result, trace } = model.trace('cafe', { modelId: 'm', topK: 3, target: 'ff', mode: 'prefix' });
      assert.deepStrictEqual(result.output.slice(0, 2), ['f', 'f']);
      assert.deepStrictEqual(trace.steps.map(s => s.forced).slice(0, 3), [true, true, false]);
      assert.strictEqual(trace.steps[2].input, 'f');
      // After the prefix each step outputs its most likely token.
      for (const s of trace.steps.slice(2)) assert.strictEqual(s.output, s.top[0].token);
    } finally {
      model.dispose();
    }
  });

  it('baseline and peeky: no attention parts, the one context vector and where it enters', () => {
    for (const [mechanism, entry] of [['baseline', 'initial-state'], ['peeky', 'every-step']] as const) {
      const model = build(tinyConfig(mechanism));
      try {
        const { result, trace } = model.trace('cafe', { modelId: 'm', topK: 2 });
        assert.strictEqual(trace.contextEntry, entry);
        assert.strictEqual(trace.finalState.length, model.config.hiddenSize);
        assert.ok(trace.finalState.some(x => x !== 0));
        assert.ok(trace.steps.every(s => s.query === null && s.scores === null && s.weights === null));
        assert.strictEqual(result.attention, null);
      } finally {
        model.dispose();
      }
    }
  });

  it('a forced output longer than the model produces is refused with a message', () => {
    const model = build(tinyConfig('luong-dot'));
    try {
      assert.throws(() => model.trace('cafe', { modelId: 'm', topK: 2, target: 'abcdefabcdef', mode: 'whole' }), /at most 8/);
    } finally {
      model.dispose();
    }
  });
});
