import * as assert from 'assert';
import { makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import {
  AUTO_PLAN, describePlan, lossPath, lstmChoice, NO_NATIVE_CHUNKS_PLAN, PathRecorder, recording, REFERENCE_PLAN, type LstmShape, type PlanEnvironment,
} from '../../../src/shared/engine/executionPlan';
import { trainModel } from '../../../src/shared/engine/train';
import { reversalPairs, useCpuBackend } from './engineHelpers';

const native: PlanEnvironment = { fusedCellKernels: true, nativeChunkKernels: true, fusedLossKernels: true };
const wasmOnly: PlanEnvironment = { fusedCellKernels: true, nativeChunkKernels: false, fusedLossKernels: true };
const cpu: PlanEnvironment = { fusedCellKernels: false, nativeChunkKernels: false, fusedLossKernels: false };
const training = (batch: number, hidden: number): LstmShape => ({ batch, hidden, inference: false, masked: true, fromInputs: true });
const oneSentence = (hidden: number): LstmShape => ({ batch: 1, hidden, inference: true, masked: false, fromInputs: true });

describe('execution plan', () => {
  it('trains the book model (batch 128, hidden 256) on native chunks, else fused wasm steps, else composed ops', () => {
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, training(128, 256), native), { path: 'native-chunks', chunked: true });
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, training(128, 256), wasmOnly), { path: 'fused-steps', chunked: true });
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, training(128, 256), cpu), { path: 'composed-steps', chunked: true });
    assert.deepStrictEqual(lstmChoice(NO_NATIVE_CHUNKS_PLAN, training(128, 256), native), { path: 'fused-steps', chunked: true });
  });

  it('runs cells too small for the fused kernels as composed ops', () => {
    assert.strictEqual(lstmChoice(AUTO_PLAN, { ...training(4, 64), fromInputs: false }, wasmOnly).path, 'composed-steps');
    assert.strictEqual(lstmChoice(AUTO_PLAN, { ...training(8, 64), fromInputs: false }, wasmOnly).path, 'fused-steps');
  });

  it('encodes one sentence in plain JS up to hidden 128, never chunked or native', () => {
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, oneSentence(64), native), { path: 'one-sentence', chunked: false });
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, oneSentence(128), native), { path: 'one-sentence', chunked: false });
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, oneSentence(256), native), { path: 'composed-steps', chunked: false });
    assert.deepStrictEqual(lstmChoice(AUTO_PLAN, { ...oneSentence(64), masked: true }, native), { path: 'composed-steps', chunked: false });
  });

  it('the reference plan is autodiff of the step cell everywhere, and the recorder sees which path ran', () => {
    const recorder = new PathRecorder();
    const plan = recording(REFERENCE_PLAN, recorder);
    assert.deepStrictEqual(lstmChoice(plan, training(128, 256), native), { path: 'step-autodiff', chunked: false });
    assert.deepStrictEqual(lstmChoice(plan, oneSentence(64), native), { path: 'step-autodiff', chunked: false });
    assert.deepStrictEqual([...recorder.taken], ['step-autodiff']);
  });

  it('runs the loss as the fused softmax cross-entropy wherever its kernels are, the reference composes it', () => {
    assert.strictEqual(lossPath(AUTO_PLAN, native), 'fused-softmax-xent');
    assert.strictEqual(lossPath(NO_NATIVE_CHUNKS_PLAN, wasmOnly), 'fused-softmax-xent');
    assert.strictEqual(lossPath(AUTO_PLAN, cpu), 'composed-softmax-xent');
    assert.strictEqual(lossPath(REFERENCE_PLAN, native), 'composed-softmax-xent');
  });

  it('describes its choice in one line', () => {
    const config = makeModelConfig('dates', 'bahdanau', { hiddenSize: 64 });
    const line = describePlan(AUTO_PLAN, config, 64, native);
    assert.match(line, /^plan auto: backend \w+, /);
    assert.match(line, /training \(batch 64, hidden 64\) native-chunks, teacher-forced decoder bahdanau-sequence, loss fused-softmax-xent; one-sentence encoder one-sentence$/);
    assert.match(describePlan(REFERENCE_PLAN, config, null, native), /; one-sentence encoder step-autodiff$/);
  });

  describe('in training', () => {
    useCpuBackend();
    it('is recorded in the training summary and reported once', async function () {
      this.timeout(60000);
      const reported: string[] = [];
      const { model, summary } = await trainModel({
        config: makeModelConfig('reverse', 'luong-dot', { embeddingSize: 6, hiddenSize: 8, attentionUnits: 4 }),
        train: makeTrainConfig({ epochs: 1, batchSize: 16, earlyStoppingPatience: 0, validationSplit: 0.1, seed: 3 }),
        pairs: reversalPairs(32), datasetName: 'r', hooks: { onPlan: p => reported.push(p) },
      });
      model.dispose();
      assert.strictEqual(reported.length, 1);
      assert.strictEqual(summary.executionPlan, reported[0]);
      assert.match(reported[0], /^plan auto: backend cpu, .*training \(batch 16, hidden 8\) composed-steps/);
    });
  });
});
