#!/usr/bin/env node
/**
 * `npm test`: everything, in order, on a fresh machine (Debian 12, Node 20 + npm). Plain Node (no bash
 * needed to start it; this file is not compiled because it runs the compiler):
 *   install      test/harness/install.sh (npm ci when needed, Chromium and PyTorch via apt, code-server +
 *                Node 24 into .vscode-test/); skipped with a note where there is no bash
 *   build        npm run build (esbuild bundles into dist/)
 *   typecheck    tsc -p . --outDir out (type-checks everything and emits the tests into out/)
 *   lint         eslint (the project's rules, eslint.config.mjs)
 *   unit         mocha in plain Node over out/test/unit/**\/*.test.js
 *   integration  mocha inside a real VS Code (@vscode/test-electron runTests; code-server via the shim)
 *   ui           person-like UI tests in headless Chromium (out/test/ui/**\/*.ui.js), screenshots kept
 *                under test-results/screenshots/
 * Prints the time of each step and ends with the line `N passed, N failed` (all tiers summed; a step or
 * tier that could not run counts as one failure). Exits non-zero when anything failed.
 *
 * `--tiers unit,integration` or SEQ2SEQ_TIERS="unit integration ui": a subset, for quick local runs;
 * SEQ2SEQ_NATIVE=0: the native kernels off (the wasm-only path); SEQ2SEQ_RESULTS_DIR: where the tiers'
 * results go (CI's native-off pass keeps its own beside the first run's, and the first run's pictures);
 * SEQ2SEQ_HARNESS_VERBOSE=1: code-server and workbench logs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const summary = [];
let failedSteps = 0;
let extraFailures = 0;
const seconds = (start) => ((Date.now() - start) / 1000).toFixed(1);
const banner = (text) => console.log(`\n===== ${text} =====`);
const pad = (text, n) => String(text).padEnd(n);

/** Runs a command with the terminal attached; its exit code (1 when it could not start). */
function run(command, args, env = {}) {
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (r.error) console.error(`${command}: ${r.error.message}`);
  return r.status ?? 1;
}

/** A step without test counts (install, build, typecheck, lint). */
function step(name, command, args) {
  banner(name);
  const start = Date.now();
  const code = run(command, args);
  summary.push(code === 0 ? `${pad(name, 12)} ok      ${seconds(start).padStart(7)}s`
    : `${pad(name, 12)} FAILED  ${seconds(start).padStart(7)}s  (exit ${code})`);
  if (code !== 0) failedSteps++;
  return code === 0;
}

/** A step that may fail without failing the run (its tests say what is missing). */
function optionalStep(name, command, args) {
  const before = failedSteps;
  const ok = step(name, command, args);
  failedSteps = before;
  if (!ok) summary[summary.length - 1] += ' (not required)';
  return ok;
}

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
/** One install step of test/harness/install.sh; without bash, skipped (the machine must have it all). */
function install(name, what, required) {
  if (!hasBash) {
    summary.push(`${pad(name, 12)} skipped          (no bash: install ${what} yourself)`);
    return true;
  }
  return (required ? step : optionalStep)(name, 'bash', ['test/harness/install.sh', what]);
}

const resultsDir = process.env.SEQ2SEQ_RESULTS_DIR || 'test-results/tiers';
function readResult(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
function writeResult(file, result) {
  fs.writeFileSync(file, `${JSON.stringify(result)}\n`);
}

/** A tier that writes test-results/tiers/NAME.json (see harness/results.ts). */
function tier(name, args) {
  banner(`${name} tests`);
  const start = Date.now();
  const file = path.join(resultsDir, `${name}.json`);
  const code = run(process.execPath, [...args, '--result', file]);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) {
    writeResult(file, { tier: name, passed: 0, failed: 1, pending: 0, note: `the tier runner exited with ${code} and wrote no result` });
  } else if (code !== 0) {
    // A runner that failed although its tests passed (crash after mocha) still fails the run.
    const r = readResult(file);
    if (r.failed === 0) writeResult(file, { ...r, failed: 1, note: `the tier runner exited with ${code}` });
  }
  const r = readResult(file);
  const counts = `${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}${r.note ? ` (${r.note})` : ''}`;
  summary.push(`${pad(name, 12)} ${pad(code === 0 ? 'ok' : 'FAILED', 7)} ${seconds(start).padStart(7)}s  ${counts}`);
}

/** Tiers that cannot run (the build or the install failed) still count: one failure each. */
function skipTier(name, why) {
  writeResult(path.join(resultsDir, `${name}.json`), { tier: name, passed: 0, failed: 1, pending: 0, note: `not run: ${why}` });
  summary.push(`${pad(name, 12)} ${pad('FAILED', 7)} ${'-'.padStart(7)}   not run: ${why}`);
}

/** One run at a time in this checkout (runs share out/, test-results/ and two CPU cores). */
async function takeLock() {
  fs.mkdirSync('.vscode-test', { recursive: true });
  const lock = '.vscode-test/npm-test.lock.pid';
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      process.on('exit', () => fs.rmSync(lock, { force: true }));
      return true;
    } catch {
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (!Number.isInteger(owner) || !alive(owner)) { fs.rmSync(lock, { force: true }); continue; }
      if (!told) console.log(`(another npm test is running in this checkout; waiting for it: ${lock})`);
      told = true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Removes compiled tests whose source is gone (a deleted test must not keep running from out/). */
function pruneStaleTests() {
  if (!fs.existsSync('out/test')) return;
  for (const name of fs.readdirSync('out/test', { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.js')) continue;
    const js = path.join('out/test', name);
    if (!fs.existsSync(path.join('test', name.replace(/\.js$/, '.ts')))) {
      fs.rmSync(js, { force: true });
      fs.rmSync(`${js}.map`, { force: true });
    }
  }
}

async function main() {
  if (!(await takeLock())) {
    console.log('gave up waiting for the other npm test after 30 minutes');
    console.log('0 passed, 1 failed');
    return 1;
  }
  // Temp folders of runs that were killed hard (SIGKILL) are left behind: drop those older than 2 hours
  // (younger ones may belong to a UI test someone is running by hand).
  const tmp = '.vscode-test/tmp';
  if (fs.existsSync(tmp)) {
    for (const name of fs.readdirSync(tmp)) {
      const dir = path.join(tmp, name);
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs > 2 * 3600_000) fs.rmSync(dir, { recursive: true, force: true });
      } catch { /* gone already */ }
    }
  }

  fs.rmSync(resultsDir, { recursive: true, force: true });
  const tiersArg = process.argv.indexOf('--tiers');
  const tiers = ((tiersArg > 0 ? process.argv[tiersArg + 1] : undefined) || process.env.SEQ2SEQ_TIERS || 'unit integration ui')
    .split(/[\s,]+/).filter(Boolean);
  // Pictures of an earlier run would mislead: start empty when this run takes new ones.
  if (!process.env.SEQ2SEQ_RESULTS_DIR && (tiers.includes('ui') || tiers.includes('integration'))) fs.rmSync('test-results/screenshots', { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  const totalStart = Date.now();

  if (!install('install', 'node-modules', true)) {
    // Without node_modules nothing else can run.
    console.log(`\n${summary.join('\n')}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  // The unit tier renders the panel in headless Chromium too; integration and UI also need code-server.
  let browserOk = true;
  if (tiers.length > 0) browserOk = install('chromium', 'chromium', true) && browserOk;
  // Korean text in screenshots (the Korean UI test); without the font the test still runs.
  if (tiers.length > 0) install('korean-font', 'korean-font', false);
  if (tiers.includes('integration') || tiers.includes('ui')) browserOk = install('code-server', 'code-server', true) && browserOk;
  // PyTorch for the unit test of bench learn's reference (test/unit/cli/torchReference.test.ts); when it
  // cannot be installed that test fails and says how to install it.
  if (tiers.includes('unit')) install('torch', 'torch', false);
  // The native module's compiler (the build falls back to wasm alone without it, unless SEQ2SEQ_REQUIRE_NATIVE=1).
  install('native-toolchain', 'native-toolchain', false);
  const buildOk = step('build', npm, ['run', '--silent', 'build']);
  pruneStaleTests();
  // tsc emits even when some file does not type-check, so the tiers still run; the type errors fail the run.
  step('typecheck', npx, ['--no-install', 'tsc', '-p', '.', '--outDir', 'out']);
  // The project's rules (no HTML from data in the webview, no vscode in shared code, ...): eslint.config.mjs.
  step('lint', npx, ['--no-install', 'eslint', '--max-warnings', '0', '.']);
  const compiled = fs.existsSync('out/test/harness/runIntegration.js') && fs.existsSync('out/test/harness/mochaTier.js');

  for (const name of tiers) {
    if (name === 'unit') {
      if (compiled) tier('unit', ['out/test/harness/mochaTier.js', '--tier', 'unit', '--dir', 'out/test/unit', '--suffix', '.test.js']);
      else skipTier('unit', 'the tests did not compile');
    } else if (name === 'integration' || name === 'ui') {
      if (!compiled) skipTier(name, 'the tests did not compile');
      else if (!buildOk) skipTier(name, 'the build failed');
      else if (!browserOk) skipTier(name, 'Chromium or code-server could not be installed');
      else tier(name, [name === 'ui' ? 'out/test/harness/runUi.js' : 'out/test/harness/runIntegration.js']);
    } else {
      console.log(`unknown tier '${name}' in SEQ2SEQ_TIERS`);
      extraFailures++;
    }
  }

  let passed = 0;
  let failed = 0;
  for (const f of fs.readdirSync(resultsDir)) {
    if (!f.endsWith('.json')) continue;
    const r = readResult(path.join(resultsDir, f));
    passed += r.passed;
    failed += r.failed;
  }
  failed += failedSteps + extraFailures;
  banner(`summary (total ${seconds(totalStart)}s)`);
  console.log(summary.join('\n'));
  if (failedSteps > 0) console.log(`(${failedSteps} step(s) failed; each counts as one failure below)`);
  console.log('screenshots: test-results/screenshots/');
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
