/**
 * The PyTorch reference (src/cli/bench/peers/torch_seq2seq.py) against the engine: started from the
 * engine's initial weights and fed the engine's ids and batches, it must make the engine's updates
 * (the same loss batch after batch, clipping and Adam included) and decode what the engine decodes;
 * from PyTorch's own initialisers it must train and write the records `bench learn` reads. Needs
 * /usr/bin/python3 with PyTorch (`npm test` installs python3-torch: test/harness/install.sh).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePeerOutput } from '../../../src/cli/bench/learnCurves';
import { engineEpochBatches, makePeerData, trainablePairs, type PeerData } from '../../../src/cli/bench/peerData';
import { DEFAULT_PYTHONS, findPeerScript, findTorch, runPeer, TORCH_INSTALL_HINT, type TorchProbe } from '../../../src/cli/bench/torchPeer';
import {
  ADAM_DEFAULTS, encodePairsForModel, evalBatchSize, evaluateModel, scoreHypothesisIds, Seq2SeqModel, trainModel,
  type Mechanism, type ModelConfig, type TrainConfig,
} from '../../../src/shared/engine/index';
import { makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import type { Pair } from '../../../src/shared/data/types';
import { useCpuBackend } from '../engine/engineHelpers';

const WORDS = ['red', 'blue', 'green', 'cat', 'dog', 'sees', 'big', 'small', 'the', 'a', 'runs', 'sleeps'];

/** Word pairs of 1-6 words, the target the source reversed with a suffix word: mixed lengths, so batches pad. */
function wordPairs(count: number): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + ((i * 5 + 2) % 6);
    const src = Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]);
    out.push({ source: src.join(' '), target: [...src].reverse().concat(i % 2 ? ['!'] : []).join(' '), line: i + 1 });
  }
  return out;
}

const script = findPeerScript(__dirname);

async function engineRun(config: ModelConfig, train: TrainConfig, pairs: Pair[], test: Pair[]): Promise<{ model: Seq2SeqModel; losses: number[][]; trainPairs: number }> {
  const losses: number[][] = [];
  const r = await trainModel({
    config, train, pairs, validation: test, datasetName: 'words',
    hooks: { onBatch: p => { (losses[p.epoch - 1] ??= []).push(p.loss); } },
  });
  return { model: r.model, losses, trainPairs: r.summary.trainPairs };
}

function peerDataFor(model: Seq2SeqModel, train: TrainConfig, pairs: Pair[], test: Pair[], initial: boolean): PeerData {
  const trainPairs = trainablePairs(model.config, encodePairsForModel(model, pairs));
  const fresh = initial ? Seq2SeqModel.create(model.config, model.sourceVocab, model.targetVocab, train.seed, train.initialization ?? 'default') : null;
  try {
    return makePeerData({
      config: model.config, train, adam: ADAM_DEFAULTS, sourceVocabSize: model.sourceVocab.size, targetVocabSize: model.targetVocab.size,
      trainPairs, batches: engineEpochBatches(trainPairs.map(p => p.source.length), train.batchSize, train.epochs, train.seed),
      test: encodePairsForModel(model, test), evalBatchSize: evalBatchSize(model.config),
      ...(fresh ? { initialWeights: fresh.getWeights() } : {}),
    });
  } finally {
    fresh?.dispose();
  }
}

async function runReference(probe: TorchProbe, data: PeerData, threads = 1): Promise<ReturnType<typeof parsePeerOutput>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-torch-test-'));
  try {
    const dataFile = path.join(dir, 'ids.json');
    const outFile = path.join(dir, 'out.jsonl');
    fs.writeFileSync(dataFile, JSON.stringify(data));
    const exit = await runPeer({ python: probe.python, script: script as string, dataFile, outFile, threads, blasThreads: 1 });
    const run = parsePeerOutput(fs.readFileSync(outFile, 'utf8'), { testPairs: data.test.sources.length, targetVocabSize: data.model.targetVocabSize });
    assert.equal(run.error, null, `the reference failed: ${run.error}`);
    assert.equal(exit.code, 0);
    assert.ok(run.ended);
    return run;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PyTorch reference of the engine\'s model (bench learn)', function () {
  this.timeout(300_000);
  useCpuBackend();
  let probe: TorchProbe;
  const pairs = wordPairs(60);
  const test = wordPairs(75).slice(60);

  before(() => {
    assert.ok(script, 'torch_seq2seq.py not found above the compiled test');
    const r = findTorch(DEFAULT_PYTHONS, script);
    assert.ok(r.found, `no Python with PyTorch (${r.failures.join('; ')}): ${TORCH_INSTALL_HINT}`);
    probe = r.found;
  });

  const cases: { mechanism: Mechanism; model?: Partial<ModelConfig> }[] = [
    { mechanism: 'luong-dot' },
    { mechanism: 'luong-general', model: { inputFeeding: true } },
    { mechanism: 'luong-concat', model: { cell: 'gru' } },
    { mechanism: 'bahdanau', model: { layers: 2, residual: true } },
  ];
  for (const c of cases) {
    const label = `${c.mechanism}${c.model ? ` ${JSON.stringify(c.model)}` : ''}`;
    it(`from the engine's initial weights makes the engine's updates, batch after batch (${label})`, async () => {
      const config = makeModelConfig('words', c.mechanism, {
        embeddingSize: 6, hiddenSize: 8, attentionUnits: 5, sourceTokenizer: 'word', targetTokenizer: 'word', ...c.model,
      });
      // Clipping at 1 clips most early batches: its scale is part of what must agree.
      const train = makeTrainConfig({ epochs: 2, batchSize: 8, learningRate: 0.02, clipNorm: 1, seed: 11, earlyStoppingPatience: 0 });
      const engine = await engineRun(config, train, pairs, test);
      try {
        const data = peerDataFor(engine.model, train, pairs, test, true);
        const run = await runReference(probe, data);
        assert.equal(run.epochs.length, 2);
        run.epochs.forEach((e, k) => {
          const mine = engine.losses[k];
          assert.equal(e.batchLosses?.length, mine.length);
          e.batchLosses?.forEach((loss, b) => {
            assert.ok(Math.abs(loss - mine[b]) <= 2e-4 * Math.max(1, mine[b]), `epoch ${k + 1} batch ${b + 1}: torch ${loss}, engine ${mine[b]}`);
          });
        });
        // The engine's model after the last epoch decodes what the reference decodes.
        const ev = evaluateModel(engine.model, test);
        const theirs = scoreHypothesisIds(engine.model, encodePairsForModel(engine.model, test), run.epochs[1].hypotheses);
        const same = ev.predictions.filter((p, i) => p === theirs.predictions[i]).length;
        assert.ok(same >= test.length - 1, `${same} of ${test.length} greedy decodes agree`);
      } finally {
        engine.model.dispose();
      }
    });
  }

  it('trains a tiny epoch from PyTorch\'s own initialisers and reports what bench learn reads', async () => {
    const config = makeModelConfig('words', 'luong-dot', { embeddingSize: 8, hiddenSize: 8, sourceTokenizer: 'word', targetTokenizer: 'word' });
    const train = makeTrainConfig({ epochs: 2, batchSize: 8, learningRate: 0.02, seed: 3, earlyStoppingPatience: 0 });
    const engine = await engineRun(config, train, pairs, test);
    try {
      const data = peerDataFor(engine.model, train, pairs, test, false);
      const run = await runReference(probe, data, 2);
      assert.equal(run.start?.threads, 2);
      assert.equal(run.start?.trainPairs, engine.trainPairs);
      assert.deepEqual(run.epochs.map(e => e.examples), [engine.trainPairs, engine.trainPairs]);
      const [first, second] = run.epochs;
      // Another start than the engine's: the first batch's loss is not the engine's, but near ln(V).
      const lnV = Math.log(engine.model.targetVocab.size);
      assert.ok(Math.abs((first.batchLosses?.[0] ?? 0) - lnV) < 1, `first loss ${first.batchLosses?.[0]} vs ln V ${lnV}`);
      assert.ok(second.trainLoss < first.trainLoss, `loss ${first.trainLoss} -> ${second.trainLoss}`);
      assert.ok(second.heldOutLoss > 0 && first.seconds > 0);
    } finally {
      engine.model.dispose();
    }
  });
});
