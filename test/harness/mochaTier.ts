/**
 * Runs one tier of mocha tests in this (plain Node 20) process: the unit tier
 * (`out/test/unit/**\/*.test.js`) directly, the UI tier through runUi.ts.
 *
 *   node out/test/harness/mochaTier.js --tier unit --dir out/test/unit --suffix .test.js --result FILE
 *
 * Prints mocha's spec report and writes the counts to FILE (see results.ts).
 */
import Mocha from 'mocha';
import * as path from 'path';
import { findFiles, option, writeResult, type TierResult } from './results';

export interface MochaTierOptions {
  tier: string;
  files: string[];
  timeoutMs: number;
  rootHooks?: Mocha.RootHookObject;
  grep?: string;
  /** Zero files is an error for tiers that must test something (integration, UI). */
  requireFiles: boolean;
}

export async function runMochaTier(options: MochaTierOptions): Promise<TierResult> {
  if (options.files.length === 0) {
    if (options.requireFiles) return { tier: options.tier, passed: 0, failed: 1, pending: 0, note: 'no test files found' };
    process.stdout.write(`(${options.tier}: no test files yet)\n`);
    return { tier: options.tier, passed: 0, failed: 0, pending: 0 };
  }
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: options.timeoutMs,
    rootHooks: options.rootHooks,
    grep: options.grep,
  });
  for (const file of options.files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise<TierResult>((resolve) => {
    const runner = mocha.run(() => {
      const stats = runner.stats;
      resolve({
        tier: options.tier,
        passed: stats?.passes ?? 0,
        failed: stats?.failures ?? 0,
        pending: stats?.pending ?? 0,
      });
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const tier = option(argv, 'tier') ?? 'unit';
  const dir = path.resolve(option(argv, 'dir') ?? 'out/test/unit');
  const suffix = option(argv, 'suffix') ?? '.test.js';
  const resultFile = option(argv, 'result');
  let result: TierResult;
  try {
    result = await runMochaTier({
      tier,
      files: findFiles(dir, suffix),
      timeoutMs: Number(option(argv, 'timeout') ?? 60_000),
      grep: option(argv, 'grep'),
      requireFiles: false,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    result = { tier, passed: 0, failed: 1, pending: 0, note: `mocha could not run: ${String(error)}` };
  }
  writeResult(resultFile, result);
  // Like `mocha --exit`: a test that leaves a handle open (a worker, a timer) must not hang the run.
  process.exit(result.failed > 0 ? 1 : 0);
}

if (require.main === module) void main();
