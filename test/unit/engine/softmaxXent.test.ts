/**
 * The loss's fused softmax cross-entropy kernels (kernels/softmaxXent.ts, native and JavaScript) against
 * the composed log-softmax on the cpu backend: the loss and its gradient, with padded rows, and the
 * errors it must not swallow.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { AUTO_PLAN, PathRecorder, recording, REFERENCE_PLAN } from '../../../src/shared/engine/executionPlan';
import { configureNativeKernels, nativeKernelsSetting } from '../../../src/shared/engine/kernels/nativeModule';
import { maskedCrossEntropy, sequenceNll, weightedNll } from '../../../src/shared/engine/loss';
import { assertBackendsAgree, randomValues } from './engineHelpers';

// 37 classes: not a multiple of the 8-wide vector loop, so the tail is exercised too.
const N = 13;
const V = 37;
const logitValues = Float32Array.from(randomValues(N * V, 11), x => 6 * x);
const labels = Int32Array.from({ length: N }, (_, r) => (r * 7) % V);
const mask = Float32Array.from({ length: N }, (_, r) => (r % 5 === 4 ? 0 : 1));

/** Runs `fn` with the native kernels set to `setting`, then puts the previous setting back. */
function withNativeKernels<T>(setting: 'auto' | 'off', fn: () => T): T {
  const before = nativeKernelsSetting();
  configureNativeKernels(setting, 'test');
  try {
    return fn();
  } finally {
    configureNativeKernels(before.value, before.source);
  }
}

/** The mean loss and its gradient with respect to the logits. */
function lossAndGradient(plan = AUTO_PLAN): tf.Tensor[] {
  const z = tf.variable(tf.tensor2d(logitValues, [N, V]), true, `logits_${Math.random()}`);
  const { value, grads } = tf.variableGrads(() => maskedCrossEntropy(z, labels, mask, plan), [z]);
  const g = grads[z.name];
  z.dispose();
  return [value, g];
}

describe('softmax cross-entropy (loss.ts) on its kernels', () => {
  before(async () => {
    assert.strictEqual(await initBackend('wasm'), 'wasm');
  });
  after(async () => {
    await initBackend('cpu');
  });

  const paths: [string, 'auto' | 'off'][] = [['as the machine runs it', 'auto'], ['with the native module turned off (the JavaScript loop)', 'off']];
  for (const [label, setting] of paths) {
    it(`gives the composed log-softmax's loss and gradient ${label}`, async () => {
      const before = nativeKernelsSetting();
      configureNativeKernels(setting, 'test');
      try {
        // (The setting stays for the whole await: assertBackendsAgree runs both backends in turn.)
        const [loss, grad] = await assertBackendsAgree(() => lossAndGradient(), 1e-5);
        assert.ok(loss.values[0] > 0);
        // Padded rows get no gradient at all; a counted row's gradient sums to 0 (softmax minus one-hot).
        const row = (r: number): number[] => grad.values.slice(r * V, (r + 1) * V);
        assert.ok(row(4).every(v => v === 0) && row(9).every(v => v === 0));
        const sum = row(0).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum) < 1e-6, `row 0 sums to ${sum}`);
        assert.ok(row(0)[labels[0]] < 0);
      } finally {
        configureNativeKernels(before.value, before.source);
      }
    });
  }

  it('sums per sequence as the composed ops do (validation loss)', async () => {
    const [T, B] = [N, 1];
    await assertBackendsAgree(() => sequenceNll(tf.tensor2d(logitValues, [N, V]), labels, mask, T, B), 1e-5);
  });

  it('stays finite for logits far from 0, where a naive exp overflows', async () => {
    const big = Float32Array.from(logitValues, (x, i) => (i % 3 === 0 ? 80 + x : -80 + x));
    const [r] = await assertBackendsAgree(() => weightedNll(tf.tensor2d(big, [N, V]), labels, mask), 1e-5);
    assert.ok(r.values.every(Number.isFinite));
  });

  it('records which implementation ran: the kernels on wasm, the composed ops for the reference plan', () => {
    const fused = new PathRecorder();
    tf.tidy(() => lossAndGradient(recording(AUTO_PLAN, fused)));
    assert.deepStrictEqual([...fused.taken], ['fused-softmax-xent']);
    const composed = new PathRecorder();
    tf.tidy(() => lossAndGradient(recording(REFERENCE_PLAN, composed)));
    assert.deepStrictEqual([...composed.taken], ['composed-softmax-xent']);
  });

  it('keeps a NaN logit visible in the loss instead of clamping it away', () => {
    for (const setting of ['auto', 'off'] as const) {
      const values = logitValues.slice();
      values[2 * V + 5] = NaN;
      const losses = withNativeKernels(setting, () => tf.tidy(() => weightedNll(tf.tensor2d(values, [N, V]), labels, mask).dataSync()));
      assert.ok(Number.isNaN(losses[2]), `${setting}: row 2 is ${losses[2]}`);
      assert.ok(Number.isFinite(losses[1]), `${setting}: row 1 is ${losses[1]}`);
    }
  });

  it('rejects a label outside the vocabulary on a counted row, and ignores it on a padded one', () => {
    for (const setting of ['auto', 'off'] as const) {
      const bad = labels.slice();
      bad[3] = V;
      assert.throws(() => withNativeKernels(setting, () => tf.tidy(() => weightedNll(tf.tensor2d(logitValues, [N, V]), bad, mask).dataSync())),
        (e: unknown) => e instanceof RangeError && /label of row 3 is outside the vocabulary/.test(e.message), setting);
      const padded = labels.slice();
      padded[4] = -1;
      const losses = withNativeKernels(setting, () => tf.tidy(() => Array.from(weightedNll(tf.tensor2d(logitValues, [N, V]), padded, mask).dataSync())));
      assert.ok(losses.every(Number.isFinite), setting);
    }
  });
});
