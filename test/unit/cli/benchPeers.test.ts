/**
 * `bench peers`' pure parts: option parsing, the workloads' configurations (the book's, the shipped date
 * models', the shipped translation models' shape), the median and the text report. The command itself
 * runs in endToEnd.test.ts (bundled, with and without PyTorch).
 */
import * as assert from 'node:assert/strict';
import { parseCommandLine, UsageError, PEER_WORKLOADS, type Command } from '../../../src/cli/args';
import { median, type PeersResult, type PeersRow } from '../../../src/cli/bench/peerSpeed';
import { formatPeers, PEERS_HEADERS, SGEMM_HEADERS } from '../../../src/cli/bench/peerSpeedTable';
import { syntheticTranslationPairs } from '../../../src/cli/bench/syntheticTranslation';
import { buildWorkloads, PEERS_PLANS } from '../../../src/cli/commands/benchPeers';
import { HELP } from '../../../src/cli/help';
import { BOOK_TRAIN, DEFAULT_TRAIN } from '../../../src/shared/engine/config';

function peers(argv: string[]): Extract<Command, { name: 'bench-peers' }>['options'] {
  const c = parseCommandLine(['bench', 'peers', ...argv]);
  assert.equal(c.name, 'bench-peers');
  return (c as Extract<Command, { name: 'bench-peers' }>).options;
}

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseCommandLine(argv), (e: unknown) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.command, 'bench peers');
    return true;
  });
}

describe('bench peers: options', () => {
  it('defaults to every workload, the normal size, delayed two-worker training, the reference on', () => {
    const o = peers([]);
    assert.deepEqual(o.workloads, [...PEER_WORKLOADS]);
    assert.deepEqual([o.size, o.tiny, o.parallelMode, o.peer, o.translationPairs, o.seed, o.json], ['normal', false, 'delayed', true, 20000, 1984, false]);
    assert.equal(o.repeats, undefined);
    assert.equal(o.peerBlasThreads, undefined);
  });

  it('takes the size, workloads, repeats, data and reference options', () => {
    const o = peers(['--quick', '--tiny', '--workloads', 'sgemm,book', '--repeats', '4', '--parallel', 'exact', '--data', 'd.txt',
      '--translation-data', 'synthetic', '--translation-pairs', '500', '--seed', '7', '--python', '/opt/py', '--peer-script', 'p.py',
      '--peer-blas-threads', '2', '--json']);
    assert.deepEqual(o.workloads, ['book', 'sgemm']);
    assert.deepEqual([o.size, o.tiny, o.repeats, o.parallelMode, o.data, o.translationData, o.translationPairs, o.seed],
      ['quick', true, 4, 'exact', 'd.txt', 'synthetic', 500, 7]);
    assert.deepEqual([o.python, o.peerScript, o.peerBlasThreads, o.json], ['/opt/py', 'p.py', 2, true]);
    assert.equal(peers(['--full']).size, 'full');
    assert.equal(peers(['--no-peer']).peer, false);
  });

  it('refuses bad values with messages that point to bench peers\' help', () => {
    usageError(['bench', 'peers', '--quick', '--full'], /--quick and --full exclude each other/);
    usageError(['bench', 'peers', '--workloads', 'book,gpu'], /--workloads takes a comma-separated list of book, default, translation, sgemm; got 'book,gpu'/);
    usageError(['bench', 'peers', '--repeats', '0'], /--repeats expects an integer from 1 to 50; got '0'/);
    usageError(['bench', 'peers', '--parallel', 'async'], /--parallel must be one of exact, delayed; got 'async'/);
    usageError(['bench', 'peers', '--no-peer', '--python', 'p'], /--no-peer excludes --python/);
    usageError(['bench', 'peers', '--epochs', '2'], /Unknown option '--epochs'/);
    usageError(['bench', 'peers', 'extra'], /bench peers takes no positional argument; got 'extra'/);
  });

  it('has its own help, reached as bench peers --help and help bench peers, and the bench help points to it', () => {
    assert.deepEqual(parseCommandLine(['bench', 'peers', '--help']), { name: 'help', topic: 'bench peers' });
    assert.deepEqual(parseCommandLine(['help', 'bench', 'peers']), { name: 'help', topic: 'bench peers' });
    assert.match(HELP['bench peers'], /^Usage: seq2seq-attention bench peers/);
    assert.match(HELP['bench peers'], /apt-get|install/i);
    assert.match(HELP.bench, /bench peers --help/);
  });
});

describe('bench peers: workloads', () => {
  it('times the book configuration, the default date model and the subword translation model as the brief of each says', () => {
    const w = buildWorkloads(peers(['--translation-data', 'synthetic', '--translation-pairs', '3000']));
    assert.deepEqual(w.map(x => x.id), ['book', 'default', 'translation']);
    const [book, small, tr] = w;
    assert.deepEqual([book.config.embeddingSize, book.config.hiddenSize, book.config.mechanism, book.train.batchSize, book.train.learningRate],
      [16, 256, 'luong-dot', BOOK_TRAIN.batchSize, BOOK_TRAIN.learningRate]);
    assert.deepEqual([small.config.embeddingSize, small.config.hiddenSize, small.config.reverseSource, small.train.batchSize, small.train.learningRate],
      [32, 64, true, DEFAULT_TRAIN.batchSize, DEFAULT_TRAIN.learningRate]);
    assert.deepEqual([tr.config.sourceTokenizer, tr.config.targetTokenizer, tr.config.embeddingSize, tr.config.hiddenSize, tr.train.maxVocabSize, tr.train.batchSize, tr.config.dropout ?? 0],
      ['subword', 'subword', 256, 256, 6000, 64, 0]);
    assert.deepEqual(w.map(x => x.threads), [[1, 2], [1, 2], [1, 2]]);
    const plan = PEERS_PLANS.normal;
    assert.deepEqual([book.warmup, book.batches], plan.book);
    // One epoch just longer than the window, the batches of the date sets the same on both sides.
    assert.equal(book.pairs.length, (plan.book[0] + plan.book[1] + 1) * 128);
    assert.equal(tr.pairs.length, 3000);
    // Delayed two-worker training reports its batches in pairs: every window starts and ends on a pair.
    for (const p of Object.values(PEERS_PLANS)) for (const [a, b] of [p.book, p.default, p.translation]) assert.ok(a % 2 === 0 && b % 2 === 0 && a >= 2);
  });

  it('generates the same translation pairs from the same seed, with a large vocabulary of words', () => {
    const a = syntheticTranslationPairs(2000, 5);
    assert.deepEqual(a, syntheticTranslationPairs(2000, 5));
    assert.notDeepEqual(a.slice(0, 20), syntheticTranslationPairs(20, 6));
    const words = new Set(a.flatMap(p => p.source.replace(/\.$/, '').split(' ')));
    assert.ok(words.size > 1500, `${words.size} distinct source words`);
    assert.ok(a.every(p => p.source.split(' ').length >= 3 && p.source.split(' ').length <= 12 && p.target.endsWith(' .')));
  });
});

describe('bench peers: report', () => {
  it('takes the median of the repeats (the mean of the middle two for an even count)', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  const row = (over: Partial<PeersRow> = {}): PeersRow => ({
    workload: 'book', label: 'book (16/256, batch 128)', threads: 1, engineMode: '1 worker', batchSize: 128, warmup: 2, batches: 20,
    windowExamples: 2560, windowFlops: 1e11, sourceVocab: 59, targetVocab: 15,
    engine: { examplesPerSecond: 1500, perRepeat: [1400, 1500, 1600], gflops: 58.6 },
    peer: { examplesPerSecond: 3000, perRepeat: [2900, 3000, 3100], gflops: 117.2, threads: 1, blasThreads: 1 },
    ratio: 0.5, ratioPerRepeat: [0.48, 0.5, 0.52], ...over,
  });

  it('prints one row per workload and thread count with both sides, the ratio, and the sgemm peak with the book model\'s share', () => {
    const r: PeersResult = {
      rows: [row(), row({ threads: 2, engineMode: '2 workers delayed', ratio: 1.25, peer: { ...row().peer!, threads: 2, blasThreads: 1, blasTrial: [{ blasThreads: 1, examplesPerSecond: 2000 }, { blasThreads: 2, examplesPerSecond: 900 }] } })],
      sgemm: { runs: 20, rounds: 3, shapes: [{ m: 1024, k: 1024, n: 1024, engine: 90, peer: 180 }], enginePeak: 90, peerPeak: 180, machinePeak: 180, bookShare: { engine: 0.326, peer: 0.651 } },
      repeats: 3, peer: { ran: true, torch: '1.13.0', python: '/usr/bin/python3' },
    };
    const text = formatPeers(r);
    const lines = text.split('\n');
    assert.match(lines[0], new RegExp(`^${PEERS_HEADERS.slice(0, 3).join(' +')}`));
    assert.match(lines[2], /^book \(16\/256, batch 128\) +1 +1 worker +1 thread, OpenBLAS 1 +1,500 +3,000 +0\.50x +0\.48 0\.50 0\.52 +58\.6 \/ 117\.2$/);
    assert.match(lines[3], /^book \(16\/256, batch 128\) +2 +2 workers delayed +2 threads, OpenBLAS 1 +1,500 +3,000 +1\.25x/);
    assert.match(text, /median of 3 repeats per side, the sides alternated; ratio = engine \/ PyTorch \(> 1: the engine is faster\)/);
    assert.match(text, /PyTorch tried with OpenBLAS on 1 thread \(2,000 ex\/s\) and 2 threads \(900 ex\/s\); the faster kept/);
    assert.match(text, new RegExp(`^${SGEMM_HEADERS[0]} +${SGEMM_HEADERS[1]}`, 'm'));
    assert.match(text, /^1024x1024 \. 1024x1024 +90\.0 +180\.0 +0\.50x$/m);
    assert.match(text, /machine peak measured 180\.0 GFLOP\/s \(PyTorch\)/);
    assert.match(text, /book configuration, 1 thread: engine 58\.6 GFLOP\/s = 33% of that peak; PyTorch 117\.2 GFLOP\/s = 65%/);
  });

  it('without the reference: the engine\'s figures, dashes for PyTorch, and why', () => {
    const text = formatPeers({ rows: [row({ peer: null, ratio: null, ratioPerRepeat: null })], sgemm: null, repeats: 3, peer: { ran: false, reason: 'no Python with PyTorch; install it' } });
    assert.match(text.split('\n')[2], /^book \(16\/256, batch 128\) +1 +1 worker +- +1,500 +- +- +1,400 1,500 1,600 +58\.6 \/ -$/);
    assert.match(text, /engine alone: no Python with PyTorch; install it/);
    assert.doesNotMatch(text, /sgemm/);
  });
});
