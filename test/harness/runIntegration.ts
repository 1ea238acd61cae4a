/**
 * Integration tier: mocha inside a real VS Code extension host, through the standard
 * `@vscode/test-electron` `runTests`.
 *
 *   node out/test/harness/runIntegration.js [--result FILE]
 *
 * Where a desktop VS Code is installed (`code` on PATH, or VSCODE_EXECUTABLE), runTests runs it
 * directly. Otherwise `vscodeExecutablePath` is test/harness/code-shim.sh, which runs the same session in
 * code-server + headless Chromium (see codeShim.ts). The test index (test/integration/index.ts) prints
 * a result marker that this runner reads to count passes and failures.
 */
import { runTests } from '@vscode/test-electron';
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { copyWorkspace, makeTempDir, projectRoot, sampleWorkspace } from './paths';
import { registerCleanup } from './processes';
import { option, parseResultMarker, writeResult, type TierResult } from './results';

/** The Electron binary of a desktop VS Code, when there is one (`code` on PATH is a wrapper script). */
export function desktopVsCode(): string | undefined {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  if (process.env.SEQ2SEQ_USE_CODE_SERVER) return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'code');
    if (!fs.existsSync(candidate)) continue;
    // Linux packages: /usr/share/code/bin/code (script) next to /usr/share/code/code (Electron).
    const real = fs.realpathSync(candidate);
    const electron = path.join(path.dirname(path.dirname(real)), 'code');
    if (electron !== real && fs.existsSync(electron) && fs.statSync(electron).isFile()) return electron;
  }
  return undefined;
}

/** A stream that forwards to `target` and remembers everything written. */
class TeeStream extends Writable {
  text = '';
  constructor(private readonly target: NodeJS.WriteStream) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = chunk.toString();
    this.text += text;
    this.target.write(text, () => callback());
  }
}

async function main(): Promise<void> {
  const root = projectRoot();
  const resultFile = option(process.argv.slice(2), 'result');
  const testsIndex = path.join(root, 'out', 'test', 'integration', 'index.js');
  const shim = path.join(root, 'test', 'harness', 'code-shim.sh');
  let result: TierResult;
  const desktop = desktopVsCode();
  const profile = makeTempDir('integration');
  const workspace = copyWorkspace(sampleWorkspace(), 'integration-ws');
  // Also removed when this runner is interrupted (SIGINT/SIGTERM), not only at the normal end.
  registerCleanup(() => {
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });
  const stdout = new TeeStream(process.stdout);
  const stderr = new TeeStream(process.stderr);
  try {
    if (!fs.existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: compile first (tsc -p . --outDir out)`);
    if (!desktop) fs.chmodSync(shim, 0o755);
    process.stdout.write(`Running the integration tests in ${desktop ? `desktop VS Code (${desktop})` : 'code-server via test/harness/code-shim.sh'}\n`);
    let exitCode = 0;
    try {
      await runTests({
        vscodeExecutablePath: desktop ?? shim,
        extensionDevelopmentPath: root,
        extensionTestsPath: testsIndex,
        launchArgs: [
          workspace,
          `--user-data-dir=${path.join(profile, 'user-data')}`,
          `--extensions-dir=${path.join(profile, 'extensions')}`,
        ],
        stdout,
        stderr,
      });
    } catch (error) {
      exitCode = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1;
      process.stdout.write(`runTests: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    const counts = parseResultMarker(stdout.text + stderr.text);
    if (!counts) {
      result = { tier: 'integration', passed: 0, failed: 1, pending: 0, note: `no mocha result from the extension host (exit ${exitCode})` };
    } else if (exitCode !== 0 && counts.failed === 0) {
      result = { tier: 'integration', ...counts, failed: 1, note: `VS Code exited with ${exitCode} although mocha reported no failure` };
    } else {
      result = { tier: 'integration', ...counts };
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    result = { tier: 'integration', passed: 0, failed: 1, pending: 0, note: String(error) };
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
  writeResult(resultFile, result);
  process.exit(result.failed > 0 ? 1 : 0);
}

if (require.main === module) void main();
