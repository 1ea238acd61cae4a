/**
 * The bench's pure parts: FLOP counting, input construction, activation measurement against a stub
 * vscode API, and the throughput window bookkeeping (counts only: no timing is asserted).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommandLine } from '../../../src/cli/args';
import { measureActivation } from '../../../src/cli/bench/activation';
import { trainingFlopsPerExample } from '../../../src/shared/engine/flops';
import { inputOfLength } from '../../../src/cli/bench/latency';
import { barrierCost } from '../../../src/cli/bench/barrier';
import { pooled, roundShares } from '../../../src/cli/bench/suite';
import { measureThroughput, type RoundTotals } from '../../../src/cli/bench/throughput';
import { BOOK_MODEL, makeModelConfig, makeTrainConfig } from '../../../src/shared/engine/config';
import { reversalPairs, useCpuBackend } from '../engine/engineHelpers';

describe('bench parts', () => {
  useCpuBackend();

  it('counts the book model\'s training FLOPs from its matrix products', () => {
    const c = makeModelConfig('date', 'luong-dot', { ...BOOK_MODEL });
    // Encoder 29 x (16 + 256) x 1024, decoder 11 x ((16 + 256) x 1024 + 2 x 29 x 256 + 512 x 256 + 256 x 13).
    const macs = 29 * 272 * 1024 + 11 * (272 * 1024 + 2 * 29 * 256 + 512 * 256 + 256 * 13);
    assert.strictEqual(trainingFlopsPerExample(c, 29, 10, 13), 6 * macs);
    const bahdanau = trainingFlopsPerExample(makeModelConfig('date', 'bahdanau', { ...BOOK_MODEL }), 29, 10, 13);
    assert.ok(bahdanau > 6 * macs, 'additive attention and the context input cost more');
  });

  it('bench --quick / --full choose the size; both at once is a usage error', () => {
    const size = (argv: string[]): string | undefined => {
      const c = parseCommandLine(argv);
      assert.strictEqual(c.name, 'bench');
      return c.name === 'bench' ? c.options.size : undefined;
    };
    assert.strictEqual(size(['bench']), undefined);
    assert.strictEqual(size(['bench', '--quick']), 'quick');
    assert.strictEqual(size(['bench', '--full', '--json']), 'full');
    assert.throws(() => parseCommandLine(['bench', '--quick', '--full']), /--quick and --full exclude each other/);
  });

  it('pools throughput rounds by summing examples and seconds (not by averaging rates)', () => {
    const round = (examples: number, seconds: number, cpuPerWall: number) =>
      ({ workers: 2 as const, examples, seconds, batchSize: 128, examplesPerSecond: examples / seconds, cpuPerWall });
    const p = pooled([round(1280, 4, 1.8), round(1280, 1, 2.0)]);
    assert.strictEqual(p.examples, 2560);
    assert.strictEqual(p.seconds, 5);
    assert.strictEqual(p.examplesPerSecond, 512, 'a slow round weighs by its time: 2560 / 5, not (320 + 1280) / 2');
    assert.ok(Math.abs(p.cpuPerWall - 1.84) < 1e-12, `cpu per wall ${p.cpuPerWall}`);
  });

  it('pools delayed rounds\' timings by summing them, and reports them as shares of the wall time', () => {
    const totals = (count: number, wallMs: number, waitMs: number): RoundTotals =>
      ({ count, split: 1, wallMs, leaderComputeMs: wallMs - waitMs - 10, leaderApplyMs: 10, leaderWaitMs: waitMs, helperComputeMs: wallMs - 20 });
    const one = { workers: 2 as const, parallelMode: 'delayed' as const, examples: 256, seconds: 1, batchSize: 128, examplesPerSecond: 256, cpuPerWall: 1.8 };
    const p = pooled([{ ...one, rounds: totals(3, 600, 100) }, { ...one, rounds: totals(1, 400, 0) }, one]);
    assert.deepStrictEqual(p.rounds, { count: 4, split: 2, wallMs: 1000, leaderComputeMs: 880, leaderApplyMs: 20, leaderWaitMs: 100, helperComputeMs: 960 });
    assert.strictEqual(roundShares(p.rounds!), 'the leader computes 88%, applies the updates 2% and waits for the helper 10% of the wall time; '
      + 'the helper computes 96% (4 rounds, 2 split)');
    assert.strictEqual(pooled([one]).rounds, undefined, 'no rounds, no totals');
  });

  it('prices a barrier after every batch as the slower thread\'s time over the mean, batch by batch', () => {
    assert.strictEqual(barrierCost([100, 120, 90], [100, 120, 90]), 1);
    // Each thread is slower once: 110 + 120 over 105 + 115; a barrier on the totals alone would see no cost.
    assert.strictEqual(barrierCost([110, 110], [100, 120]), 230 / 220);
    // Only the batches both timed count; nothing timed costs nothing.
    assert.strictEqual(barrierCost([100, 300, 999], [200, 100]), 500 / 350);
    assert.strictEqual(barrierCost([], [5]), 1);
  });

  it('builds inputs of exactly the asked length from real sources', () => {
    const pairs = [{ source: 'march 5, 2003', target: 'x', line: 1 }, { source: '11/12/98', target: 'y', line: 2 }];
    for (const n of [1, 10, 30, 100]) assert.strictEqual(inputOfLength(pairs, n).length, n);
    assert.ok(inputOfLength(pairs, 30).startsWith('march 5, 2003 11/12/98 march'));
  });

  it('times require + activate of a bundle against the stub vscode API, and spots tfjs in it', function () {
    this.timeout(30000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-act-'));
    try {
      const ok = path.join(dir, 'ok.js');
      fs.writeFileSync(ok, `const vscode = require('vscode');
exports.activate = ctx => { ctx.subscriptions.push(vscode.commands.registerCommand('x', () => 1)); vscode.window.createOutputChannel('y').appendLine('z'); };`);
      const r = measureActivation(ok, 2);
      assert.strictEqual(r.runs, 2);
      assert.strictEqual(r.containsTfjs, false);
      assert.ok(r.requireMs >= 0 && r.activateMs >= 0 && r.totalMs >= r.activateMs);
      const heavy = path.join(dir, 'heavy.js');
      fs.writeFileSync(heavy, `// bundled from node_modules/@tensorflow/tfjs-core\nexports.activate = () => {};`);
      assert.strictEqual(measureActivation(heavy, 1).containsTfjs, true);
      const broken = path.join(dir, 'broken.js');
      fs.writeFileSync(broken, `exports.activate = () => { throw new Error('boom'); };`);
      assert.throws(() => measureActivation(broken, 1), /boom/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throughput counts exactly the examples of the timed window', async function () {
    this.timeout(60000);
    const config = makeModelConfig('r', 'luong-dot', { embeddingSize: 4, hiddenSize: 8, attentionUnits: 4, reverseSource: false });
    const r = await measureThroughput(config, makeTrainConfig({ batchSize: 8, seed: 1 }), reversalPairs(80), { workers: 1, warmupBatches: 2, batches: 5 });
    assert.strictEqual(r.examples, 5 * 8);
    assert.strictEqual(r.workers, 1);
    assert.ok(r.seconds > 0 && r.examplesPerSecond > 0);
    assert.strictEqual(r.batchMs, undefined);
    // Asked for, each timed batch's time: as many as timed, and together the window.
    const timed = await measureThroughput(config, makeTrainConfig({ batchSize: 8, seed: 1 }), reversalPairs(80), { workers: 1, warmupBatches: 2, batches: 5, recordBatches: true });
    assert.strictEqual(timed.batchMs?.length, 5);
    assert.ok(timed.batchMs.every(ms => ms > 0));
    const sum = timed.batchMs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum / 1000 - timed.seconds) < 1e-6, `${sum} ms vs ${timed.seconds} s`);
    // A window longer than the epoch ends with the epoch (10 batches: 2 warm-up + 8 timed, the last one short).
    const short = await measureThroughput(config, makeTrainConfig({ batchSize: 8, seed: 1 }), reversalPairs(77), { workers: 1, warmupBatches: 2, batches: 50 });
    assert.strictEqual(short.examples, 77 - 2 * 8);
  });
});
