/**
 * UI tier: every `out/test/ui/**\/*.ui.js` (compiled from test/ui/*.ui.ts) under mocha in plain Node,
 * each driving code-server + headless Chromium through test/ui/harness.ts.
 *
 *   node out/test/harness/runUi.js [--result FILE] [--vsix X.vsix] [--grep TEXT] [--files a.ui.js,b.ui.js]
 *
 * `--vsix` tests the installed package instead of the development folder (sets SEQ2SEQ_UI_VSIX).
 * After each test, every open session is screenshotted as `test-results/screenshots/<test title>.png`,
 * so each UI test keeps one picture, pass or fail.
 */
import * as path from 'path';
import { projectRoot } from './paths';
import { killAllSync } from './processes';
import { runMochaTier } from './mochaTier';
import { findFiles, option, writeResult, type TierResult } from './results';
import { openSessions } from '../ui/harness';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const resultFile = option(argv, 'result');
  const vsix = option(argv, 'vsix');
  const tier = option(argv, 'tier') ?? (vsix ? 'ui (installed .vsix)' : 'ui');
  if (vsix) process.env.SEQ2SEQ_UI_VSIX = path.resolve(vsix);
  const only = option(argv, 'files');
  const files = only
    ? only.split(',').map((file) => path.resolve(file))
    : findFiles(path.join(projectRoot(), 'out', 'test', 'ui'), '.ui.js');
  let result: TierResult;
  try {
    result = await runMochaTier({
      tier,
      files,
      timeoutMs: Number(option(argv, 'timeout') ?? 180_000),
      grep: option(argv, 'grep'),
      requireFiles: true,
      rootHooks: {
        async afterEach(this: Mocha.Context) {
          const title = this.currentTest?.fullTitle() ?? 'ui-test';
          for (const session of openSessions) {
            try {
              const file = await session.screenshot(openSessions.size > 1 ? `${session.name} ${title}` : title);
              process.stdout.write(`      screenshot: ${path.relative(projectRoot(), file)}\n`);
            } catch (error) {
              process.stdout.write(`      (no screenshot: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
            }
          }
        },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    result = { tier, passed: 0, failed: 1, pending: 0, note: `the UI tier could not run: ${String(error)}` };
  }
  // A test that forgot ui.close() must not leave code-server or Chromium behind.
  await Promise.all([...openSessions].map((session) => session.close()));
  killAllSync();
  writeResult(resultFile, result);
  process.exit(result.failed > 0 ? 1 : 0);
}

if (require.main === module) void main();
