/** The typed worker protocol's runtime checks: arguments and results per method, the method list. */
import * as assert from 'assert';
import { isHostToWorker, isWorkerArgs, isWorkerResult, WORKER_METHODS } from '../../../src/shared/protocol/worker';

const decoded = {
  modelId: 'm', mechanism: 'bahdanau', source: [], output: ['a'], text: 'a', probabilities: [0.5], topK: [[]],
  attention: [[1]], logProb: -1, normalizedScore: -1, finished: true, endProbability: 0.9, sequenceProbability: 0.4,
  minTokenProbability: 0.5, sourceUnknown: [],
};

describe('worker protocol checks', () => {
  it('lists exactly the methods of WorkerApi (no setBackend)', () => {
    assert.deepStrictEqual([...WORKER_METHODS].sort(), ['compare', 'crash', 'forced', 'init', 'listModels', 'renameModel', 'trace', 'train', 'translate']);
  });

  it('accepts a call of a known method and refuses unknown ones', () => {
    assert.ok(isHostToWorker({ type: 'call', id: 1, method: 'translate', args: {} }));
    assert.ok(!isHostToWorker({ type: 'call', id: 1, method: 'setBackend', args: { backend: 'cpu' } }));
  });

  it('checks the arguments that follow from the method name', () => {
    assert.ok(isWorkerArgs('translate', { modelId: 'm', text: 'x', beamWidth: 1, topK: 0 }));
    assert.ok(!isWorkerArgs('translate', { modelId: 'm', text: 'x', beamWidth: -1, topK: 0 }));
    assert.ok(!isWorkerArgs('forced', { modelId: 'm', text: 'x' }));
    assert.ok(!isWorkerArgs('init', { modelDirs: ['a'], saveDir: 'b', wasmDir: 'c', backend: 'webgl' }));
  });

  it('checks results before a caller sees them', () => {
    assert.ok(isWorkerResult('translate', { hypotheses: [decoded] }));
    assert.ok(!isWorkerResult('translate', { hypotheses: [] }));
    assert.ok(!isWorkerResult('translate', { hypotheses: [{ ...decoded, output: 'a' }] }));
    assert.ok(isWorkerResult('compare', [decoded, decoded]));
    assert.ok(!isWorkerResult('forced', { ...decoded, attention: 'none' }));
    assert.ok(isWorkerResult('init', { backend: 'wasm' }));
    assert.ok(!isWorkerResult('init', { backend: 'gpu' }));
    assert.ok(!isWorkerResult('listModels', [{ id: 'x' }]));
    assert.ok(!isWorkerResult('crash', undefined), 'crash never answers');
  });
});
