/** The thread policy of a training run: the setting, bounded by the cores the machine offers. */
import * as assert from 'assert';
import * as os from 'os';
import { defaultLabel, trainingThreads } from '../../../src/extension/training/options';

describe('training threads', () => {
  it('uses a helper thread only when a second core is available', () => {
    assert.deepStrictEqual(trainingThreads('delayed', 4), { workers: 2, parallelMode: 'delayed' });
    assert.deepStrictEqual(trainingThreads('exact', 2), { workers: 2, parallelMode: 'exact' });
    assert.deepStrictEqual(trainingThreads('delayed', 1), { workers: 1, parallelMode: 'delayed' });
    assert.deepStrictEqual(trainingThreads('off', 8), { workers: 1, parallelMode: 'exact' });
  });

  it('reads the machine when not told', () => {
    assert.strictEqual(trainingThreads('exact').workers, os.availableParallelism() >= 2 ? 2 : 1);
  });
});

describe('a training run\'s automatic name', () => {
  it('is the mechanism without its details and the dataset file (what the wizard prefills)', () => {
    assert.strictEqual(defaultLabel('luong-dot', '/work/data/dates.txt'), 'Luong · dates.txt');
    assert.strictEqual(defaultLabel('bahdanau', 'kor-eng.tsv'), 'Bahdanau · kor-eng.tsv');
  });
});
