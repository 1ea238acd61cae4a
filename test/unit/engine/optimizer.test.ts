import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { FlatAdam } from '../../../src/shared/engine/optimizer';
import { useCpuBackend } from './engineHelpers';

/** The reference: tf.train.adam after clipping every gradient by the global norm. */
function referenceStep(opt: tf.Optimizer, vars: tf.Variable[], grads: tf.NamedTensorMap, clip: number): void {
  tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(vars.map(v => tf.sum(tf.square(grads[v.name])))));
    const scale = tf.div(clip, tf.maximum(norm, clip));
    const clipped: tf.NamedTensorMap = {};
    for (const v of vars) clipped[v.name] = tf.mul(grads[v.name], scale);
    opt.applyGradients(clipped);
  });
}

describe('engine FlatAdam', () => {
  useCpuBackend();

  it('matches tf.train.adam with global-norm clipping over several steps, and frees its tensors', () => {
    const init = [tf.tensor2d([[0.5, -1], [2, 0.1]]), tf.tensor1d([0.3, -0.2, 0.9])];
    const a = init.map((t, i) => tf.variable(t, true, `flatA${i}`));
    const b = init.map((t, i) => tf.variable(t, true, `flatB${i}`));
    init.forEach(t => t.dispose());
    const loss = (vs: tf.Variable[]): tf.Scalar =>
      tf.add(tf.sum(tf.square(tf.sub(vs[0], 3))), tf.mul(tf.sum(tf.exp(vs[1])), 2)) as tf.Scalar;
    const flat = new FlatAdam(a, 0.05);
    const ref = tf.train.adam(0.05);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 6; step++) {
      // Clip 1.0 is below the gradient norm here, so clipping is active.
      tf.tidy(() => flat.apply(tf.variableGrads(() => loss(a), a).grads, 1.0));
      const { value, grads } = tf.variableGrads(() => loss(b), b);
      const renamed: tf.NamedTensorMap = {};
      b.forEach(v => { renamed[v.name] = grads[v.name]; });
      referenceStep(ref, b, renamed, 1.0);
      tf.dispose([value, grads]);
    }
    a.forEach((v, i) => {
      const x = v.dataSync();
      const y = b[i].dataSync();
      x.forEach((val, k) => assert.ok(Math.abs(val - y[k]) < 1e-5, `weight ${i}[${k}]: ${val} vs ${y[k]}`));
      assert.ok(Math.abs(x[0] - 0.5) > 0.1, 'the weights moved');
    });
    // FlatAdam holds two moment vectors; the reference holds two moments per variable plus its betas.
    assert.strictEqual(tf.memory().numTensors, before + 2 + 2 * b.length, 'no tensors leak per step');
    flat.dispose();
    ref.dispose();
    [...a, ...b].forEach(v => v.dispose());
  });
});
