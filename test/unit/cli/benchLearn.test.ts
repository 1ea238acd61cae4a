/**
 * `bench learn`'s pure parts: option parsing, the id data written for the reference (checked against
 * what trainModel really trains on), reading the reference's output, merging the curves and their
 * ratios, the table, the reference's environment and where its script is found.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseCommandLine, UsageError, type Command } from '../../../src/cli/args';
import { curveRatios, formatCurves, parsePeerOutput, type CurvePoint } from '../../../src/cli/bench/learnCurves';
import { engineEpochBatches, makePeerData, peerUnsupported, trainablePairs, PEER_DATA_FORMAT } from '../../../src/cli/bench/peerData';
import { findPeerScript, peerEnv, probeRecord, PEER_SCRIPT } from '../../../src/cli/bench/torchPeer';
import { HELP } from '../../../src/cli/help';
import { makeModelConfig, makeTrainConfig, DEFAULT_TRAIN } from '../../../src/shared/engine/config';
import {
  ADAM_DEFAULTS, encodePairsForModel, evaluateModel, scoreHypothesisIds, Seq2SeqModel, trainModel, type EncodedPair,
} from '../../../src/shared/engine/index';
import type { Pair } from '../../../src/shared/data/types';
import { useCpuBackend } from '../engine/engineHelpers';

function learn(argv: string[]): Extract<Command, { name: 'bench-learn' }>['options'] {
  const c = parseCommandLine(['bench', 'learn', ...argv]);
  assert.equal(c.name, 'bench-learn');
  return (c as Extract<Command, { name: 'bench-learn' }>).options;
}

function usageError(argv: string[], pattern: RegExp, command?: string): void {
  assert.throws(() => parseCommandLine(argv), (e: unknown) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (command !== undefined) assert.equal(e.command, command);
    return true;
  });
}

const point = (epoch: number, bleu: number, seconds: number, extra: Partial<CurvePoint> = {}): CurvePoint =>
  ({ epoch, trainLoss: 5 - epoch, heldOutLoss: 5.5 - epoch, bleu, chrf: 2 * bleu, seconds, examplesPerSecond: 1000 / seconds, ...extra });

describe('bench learn: options', () => {
  it('defaults to the comparison configuration: embedding and LSTM 256, luong-dot, batch 64, Adam 3e-3, clip 5, 8,000 words, 3 epochs, 1 thread', () => {
    const o = learn(['--data', 'fra-eng.tsv']);
    assert.equal(o.data.file, 'fra-eng.tsv');
    assert.equal(o.model.mechanism, 'luong-dot');
    assert.equal(o.model.task, 'fra-eng');
    assert.deepEqual([o.model.embeddingSize, o.model.hiddenSize, o.model.attentionUnits, o.model.cell, o.model.layers], [256, 256, 256, 'lstm', 1]);
    assert.deepEqual([o.model.sourceTokenizer, o.model.targetTokenizer, o.model.reverseSource], ['word', 'word', true]);
    assert.deepEqual(o.train, { ...DEFAULT_TRAIN, epochs: 3 });
    assert.deepEqual([o.train.batchSize, o.train.learningRate, o.train.clipNorm, o.train.maxVocabSize, o.train.workers], [64, 3e-3, 5, 8000, 1]);
    assert.equal(o.peer, true);
    assert.equal(o.python, undefined);
    assert.equal(o.blasThreads, undefined);
  });

  it('takes the model, training, data and reference options; attention units follow --hidden', () => {
    const o = learn(['--data', 'd.tsv', '--max-pairs', '5000', '--epochs', '2', '--hidden', '128', '--embedding', '64', '--mechanism', 'bahdanau',
      '--tokenizer', 'char', '--workers', '2', '--parallel', 'delayed', '--max-vocab', '500', '--lr', '0.001', '--batch', '32', '--clip', '0',
      '--init', 'book', '--python', '/opt/py/bin/python', '--peer-script', 'x.py', '--blas-threads', '2', '--keep', 'runs/a', '--json']);
    assert.equal(o.data.maxPairs, 5000);
    assert.deepEqual([o.model.hiddenSize, o.model.embeddingSize, o.model.attentionUnits, o.model.mechanism], [128, 64, 128, 'bahdanau']);
    assert.deepEqual([o.model.sourceTokenizer, o.model.targetTokenizer], ['char', 'char']);
    assert.deepEqual([o.train.epochs, o.train.workers, o.train.parallelMode, o.train.maxVocabSize, o.train.learningRate, o.train.batchSize, o.train.clipNorm, o.train.initialization],
      [2, 2, 'delayed', 500, 0.001, 32, 0, 'book']);
    assert.deepEqual([o.python, o.peerScript, o.blasThreads, o.keep, o.json], ['/opt/py/bin/python', 'x.py', 2, 'runs/a', true]);
    assert.equal(learn(['--data', 'd.tsv', '--hidden', '64', '--attention-units', '32']).model.attentionUnits, 32);
  });

  it('refuses bad values with messages that point to bench learn\'s help', () => {
    usageError(['bench', 'learn'], /bench learn needs --data FILE/, 'bench learn');
    usageError(['bench', 'learn', '--data', 'd', '--workers', '3'], /--workers expects an integer from 1 to 2; got '3'/, 'bench learn');
    usageError(['bench', 'learn', '--data', 'd', '--tokenizer', 'bpe'], /--tokenizer must be one of char, word/, 'bench learn');
    usageError(['bench', 'learn', '--data', 'd', '--quick'], /Unknown option '--quick'/, 'bench learn');
    usageError(['bench', 'learn', '--data', 'd', '--no-peer', '--python', 'p'], /--no-peer excludes --python/, 'bench learn');
    usageError(['bench', 'learn', '--data', 'd', 'extra'], /bench learn takes no positional argument; got 'extra'/);
    usageError(['bench', 'lern'], /bench takes no positional argument but 'learn' or 'peers' \(got 'lern'\)/, 'bench');
    // The speed suite keeps its own options.
    assert.equal(parseCommandLine(['bench', '--quick']).name, 'bench');
  });

  it('has its own help, reached as bench learn --help and help bench learn', () => {
    assert.deepEqual(parseCommandLine(['bench', 'learn', '--help']), { name: 'help', topic: 'bench learn' });
    assert.deepEqual(parseCommandLine(['help', 'bench', 'learn']), { name: 'help', topic: 'bench learn' });
    assert.match(HELP['bench learn'], /--max-pairs N/);
    assert.match(HELP['bench learn'], /--no-peer/);
    assert.match(HELP.bench, /bench learn --help/);
  });
});

describe('bench learn: the reference\'s output, curves and ratios', () => {
  const expect = { testPairs: 2, targetVocabSize: 10 };
  const epochLine = (epoch: number, extra: Record<string, unknown> = {}): string => JSON.stringify({
    event: 'epoch', epoch, trainLoss: 3.5, heldOutLoss: 3.9, seconds: 12.5, examples: 640, batchLosses: [4, 3], hypotheses: [[4, 5], []], ...extra,
  });

  it('reads start, epoch, end and error records', () => {
    const text = [
      JSON.stringify({ event: 'start', torch: '1.13.1', python: '3.11.2', threads: 2, parameters: 123, trainPairs: 640 }),
      epochLine(1), '', epochLine(2, { trainLoss: 2.5 }), JSON.stringify({ event: 'end', seconds: 30 }),
    ].join('\n');
    const r = parsePeerOutput(text, expect);
    assert.deepEqual(r.start, { torch: '1.13.1', python: '3.11.2', threads: 2, parameters: 123, trainPairs: 640 });
    assert.deepEqual(r.epochs.map(e => [e.epoch, e.trainLoss, e.seconds, e.examples]), [[1, 3.5, 12.5, 640], [2, 2.5, 12.5, 640]]);
    assert.deepEqual(r.epochs[0].hypotheses, [[4, 5], []]);
    assert.deepEqual(r.epochs[0].batchLosses, [4, 3]);
    assert.equal(r.ended, true);
    assert.equal(r.error, null);
    const failed = parsePeerOutput([epochLine(1), JSON.stringify({ event: 'error', message: 'ValueError: no' })].join('\n'), expect);
    assert.equal(failed.error, 'ValueError: no');
    assert.equal(failed.ended, false);
    assert.equal(failed.epochs.length, 1);
  });

  it('refuses output that would mis-score: not JSON, epochs out of order, missing figures, hypotheses that do not fit', () => {
    const bad = (text: string, pattern: RegExp): void => assert.throws(() => parsePeerOutput(text, expect), pattern);
    bad('Traceback (most recent call last):', /line 1 is not JSON/);
    bad(JSON.stringify({ epoch: 1 }), /line 1 has no "event"/);
    bad(epochLine(2), /epoch 2 where 1 was expected/);
    bad([epochLine(1), epochLine(1)].join('\n'), /line 2: epoch 1 where 2 was expected/);
    bad(epochLine(1, { seconds: null }), /without a finite seconds/);
    bad(epochLine(1, { hypotheses: [[4]] }), /1 hypotheses for 2 held-out pairs/);
    bad(epochLine(1, { hypotheses: [[4], [10]] }), /hypothesis 1 is not a list of target ids below 10/);
    bad(epochLine(1, { hypotheses: [[4], [1.5]] }), /hypothesis 1 is not a list/);
    bad(epochLine(1, { batchLosses: ['x'] }), /batchLosses is not a list of numbers/);
    bad(JSON.stringify({ event: 'progress' }), /unknown event 'progress'/);
  });

  it('divides engine by reference per epoch (BLEU and time) and over the epochs both finished', () => {
    const engine = [point(1, 10, 300), point(2, 20, 310), point(3, 24, 290)];
    const peer = [point(1, 20, 100), point(2, 0, 100)];
    const r = curveRatios(engine, peer);
    assert.deepEqual(r.perEpoch, [{ epoch: 1, bleu: 0.5, seconds: 3 }, { epoch: 2, bleu: null, seconds: 3.1 }]);
    assert.equal(r.totalSeconds, 610 / 200);
    assert.deepEqual(curveRatios(engine, []), { perEpoch: [], totalSeconds: null });
  });

  it('prints both curves side by side with the ratios, and the engine alone without a reference', () => {
    const text = formatCurves([point(1, 10, 300), point(2, 20, 310)], [point(1, 20, 100)]);
    const lines = text.split('\n');
    assert.match(lines[0], /^epoch\s+loss engine\s+loss torch\s+held-out loss engine\s+held-out loss torch\s+BLEU engine\s+BLEU torch\s+chrF engine\s+chrF torch\s+s engine\s+s torch\s+BLEU e\/t\s+time e\/t$/);
    assert.deepEqual(lines[2].trim().split(/\s+/), ['1', '4.0000', '4.0000', '4.5000', '4.5000', '10.00', '20.00', '20.00', '40.00', '300.0', '100.0', '0.50', '3.00']);
    assert.deepEqual(lines[3].trim().split(/\s+/), ['2', '3.0000', '-', '3.5000', '-', '20.00', '-', '40.00', '-', '310.0', '-', '-', '-']);
    assert.equal(lines[4], 'engine / torch training time over 1 epoch: 3.00');
    const alone = formatCurves([point(1, 10, 250)], null).split('\n');
    assert.match(alone[0], /^epoch\s+loss\s+held-out loss\s+BLEU\s+chrF\s+s\s+examples\/s$/);
    assert.deepEqual(alone[2].trim().split(/\s+/), ['1', '4.0000', '4.5000', '10.00', '20.00', '250.0', '4']);
  });
});

describe('bench learn: the reference\'s environment and script', () => {
  it('leaves OpenBLAS its own CPU detection and sets both thread counts', () => {
    const env = peerEnv({ PATH: '/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512', OPENBLAS_NUM_THREADS: '8' }, 2, 1);
    assert.deepEqual(env, { PATH: '/bin', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '2' });
  });

  it('finds the script beside cli.js, else in the source tree above', () => {
    const root = path.resolve('/x/repo');
    const inTree = path.join(root, 'src', 'cli', 'bench', 'peers', PEER_SCRIPT);
    assert.equal(findPeerScript(path.join(root, 'dist'), p => p === path.join(root, 'dist', PEER_SCRIPT) || p === inTree), path.join(root, 'dist', PEER_SCRIPT));
    assert.equal(findPeerScript(path.join(root, 'out', 'src', 'cli', 'bench'), p => p === inTree), inTree);
    assert.equal(findPeerScript(path.join(root, 'dist'), () => false), null);
    // The real one, from the compiled test.
    assert.ok(findPeerScript(__dirname)?.endsWith(path.join('src', 'cli', 'bench', 'peers', PEER_SCRIPT)));
  });

  it('reads the probe\'s record (after any noise) or says there is none', () => {
    assert.deepEqual(probeRecord('warning: x\n{"event":"probe","torch":"2.1.0","python":"3.11.2"}\n'), { torch: '2.1.0', python: '3.11.2' });
    assert.equal(probeRecord('{"event":"probe","torch":null,"message":"PyTorch cannot be imported"}\n'), null);
    assert.equal(probeRecord(''), null);
  });

  it('names what the reference cannot train', () => {
    const c = (m: Parameters<typeof makeModelConfig>[1], o = {}) => makeModelConfig('t', m, o);
    assert.equal(peerUnsupported(c('luong-dot'), 1), null);
    assert.equal(peerUnsupported(c('bahdanau', { cell: 'gru', layers: 2, inputFeeding: true }), 1), null);
    assert.match(peerUnsupported(c('peeky'), 1) ?? '', /attention mechanisms only \(not peeky\)/);
    assert.match(peerUnsupported(c('luong-dot', { bidirectional: true }), 1) ?? '', /bidirectional/);
    assert.match(peerUnsupported(c('luong-dot'), 0.5) ?? '', /pure teacher forcing/);
  });
});

describe('bench learn: the id data written for the reference', () => {
  useCpuBackend();
  const pairs: Pair[] = [
    'the cat sleeps', 'a dog runs', 'the big dog sees a cat', 'cats', 'the small red cat runs', 'a dog', 'dogs sleep', 'the cat sees the dog',
    'red', 'a big cat', 'the dog sleeps', 'blue cats run', 'this sentence is far too long for the model', '', 'a cat runs',
  ].map((s, i) => ({ source: s, target: s.split(' ').reverse().join(' '), line: i + 1 }));
  const config = makeModelConfig('t', 'luong-dot', { embeddingSize: 6, hiddenSize: 8, sourceTokenizer: 'word', targetTokenizer: 'word', maxSourceLength: 6 });
  const train = makeTrainConfig({ epochs: 2, batchSize: 4, seed: 5, earlyStoppingPatience: 0, learningRate: 0.01 });

  it('holds the pairs, order and batches trainModel trains on: the first batch\'s loss from these ids is the engine\'s', async () => {
    const losses: number[] = [];
    const { model, summary } = await trainModel({
      config, train, pairs, validation: pairs.slice(0, 3), datasetName: 't', hooks: { onBatch: p => { if (p.epoch === 1) losses.push(p.loss); } },
    });
    const fresh = Seq2SeqModel.create(config, model.sourceVocab, model.targetVocab, train.seed);
    try {
      const kept = trainablePairs(config, encodePairsForModel(model, pairs));
      assert.equal(kept.length, summary.trainPairs);
      assert.equal(kept.length, 13, 'the empty pair and the 9-word one are left out');
      const batches = engineEpochBatches(kept.map(p => p.source.length), train.batchSize, train.epochs, train.seed);
      assert.equal(batches.length, 2);
      const data = makePeerData({
        config, train, adam: ADAM_DEFAULTS, sourceVocabSize: model.sourceVocab.size, targetVocabSize: model.targetVocab.size,
        trainPairs: kept, batches, test: encodePairsForModel(model, pairs.slice(0, 3)), evalBatchSize: 64,
      });
      const first = data.batches?.[0][0] ?? [];
      const loss = tf.tidy(() => fresh.loss(first.map(i => data.trainPairs.sources[i]), first.map(i => data.trainPairs.targets[i])).dataSync()[0]);
      assert.ok(Math.abs(loss - losses[0]) < 1e-6, `first batch: ${loss} from the peer data, ${losses[0]} in training`);
      assert.deepEqual(batches[0].map(b => b.length).sort((a, b) => a - b), [1, 4, 4, 4]);
      assert.deepEqual(batches[0].flat().sort((a, b) => a - b), [...Array(13).keys()]);
      // Sources in encoder order: reversed ids of "the cat sleeps".
      const catSleeps = kept[0];
      assert.deepEqual(catSleeps.source, ['sleeps', 'cat', 'the'].map(w => model.sourceVocab.id(w)));
      assert.deepEqual(data.trainPairs.sources[0], catSleeps.source);
      assert.deepEqual(data.trainPairs.targets[0], ['sleeps', 'cat', 'the'].map(w => model.targetVocab.id(w)));
      assert.equal(data.format, PEER_DATA_FORMAT);
      assert.deepEqual(data.train, { epochs: 2, batchSize: 4, learningRate: 0.01, clipNorm: 5, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, seed: 5 });
      assert.deepEqual(data.special, { pad: 0, sos: 1, eos: 2 });
      assert.equal(data.maxDecodeSteps, config.maxTargetLength + 1);
      assert.equal(data.model.sourceVocabSize, model.sourceVocab.size);
      assert.equal(data.test.sources.length, 3);
      assert.equal(data.initialWeights, undefined);
    } finally {
      fresh.dispose();
      model.dispose();
    }
  });

  it('refuses batches that do not cover every pair exactly once', () => {
    const p = (n: number): EncodedPair => ({ source: [4, 5].slice(0, n), target: [4], targetKeys: ['x'] });
    const base = {
      config, train: makeTrainConfig({ epochs: 1 }), adam: ADAM_DEFAULTS, sourceVocabSize: 9, targetVocabSize: 9,
      trainPairs: [p(1), p(2), p(1)], test: [], evalBatchSize: 64,
    };
    assert.equal(makePeerData({ ...base, batches: [[[2, 0], [1]]] }).batches?.length, 1);
    assert.equal(makePeerData({ ...base, batches: null }).batches, null);
    assert.throws(() => makePeerData({ ...base, batches: [[[0, 1]]] }), /epoch 1's batches hold 2 of the 3 pairs/);
    assert.throws(() => makePeerData({ ...base, batches: [[[0, 1], [1, 2]]] }), /do not list each of the 3 pairs once \(index 1\)/);
    assert.throws(() => makePeerData({ ...base, batches: [[[0, 1, 3]]] }), /index 3/);
    assert.throws(() => makePeerData({ ...base, batches: [] }), /batches for 0 epochs, 1 to train/);
    assert.throws(() => makePeerData({ ...base, trainPairs: [], batches: null }), /no training pairs/);
  });

  it('scores hypotheses given as ids exactly as evaluateModel scores its own decodes', async () => {
    const { model } = await trainModel({ config, train: { ...train, epochs: 1 }, pairs, validation: pairs.slice(0, 2), datasetName: 't' });
    try {
      const test = pairs.slice(0, 8);
      const own = evaluateModel(model, test);
      const encoded = encodePairsForModel(model, test);
      const ids = own.predictions.map(p => p.split(' ').filter(Boolean).map(w => model.targetVocab.id(w)));
      const again = scoreHypothesisIds(model, encoded, ids);
      assert.deepEqual(again, own);
      const perfect = scoreHypothesisIds(model, encoded, encoded.map(e => e.target));
      assert.equal(perfect.exactMatch, 1);
      assert.ok(perfect.bleu > 99.9 && perfect.chrf > 99.9, `BLEU ${perfect.bleu}, chrF ${perfect.chrf}`);
      assert.throws(() => scoreHypothesisIds(model, encoded, ids.slice(1)), /7 hypotheses for 8 pairs/);
    } finally {
      model.dispose();
    }
  });
});
