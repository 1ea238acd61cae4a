/**
 * A stand-in for the VS Code executable, for `@vscode/test-electron`'s
 * `runTests({ vscodeExecutablePath: 'test/harness/code-shim.sh', ... })` on machines without desktop VS Code.
 *
 * `runTests` spawns the executable with
 * `--extensionDevelopmentPath=… --extensionTestsPath=… [launchArgs] --user-data-dir=… --extensions-dir=…`.
 * This script parses those arguments and runs the same test session in code-server (a real VS Code with
 * the normal Node extension host) driven by headless Chromium:
 *  1. code-server with `--vscode-option enable-smoke-test-driver` (without it the payload is ignored);
 *  2. `exposeFunction('codeAutomationExit')` before navigating: the workbench calls it with 0 when the
 *     tests' `run()` resolves and 1 when it rejects;
 *  3. the workbench URL with `?folder=…&payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]`;
 *  4. the extension host's console (mocha's report) printed to stdout.
 * The exit code is the tests' exit code; a guard timer (SEQ2SEQ_TEST_TIMEOUT_MS, default 10 min) ends a
 * hung run with 1. Everything started here is torn down (process group kill) before exiting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { launchBrowser, consoleText } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { makeTempDir, resultsDir } from './paths';
import { killAllSync, registerCleanup } from './processes';

export interface ShimArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  /** The folder (or file) to open: the first positional argument. */
  folder?: string;
  /** Flags we accept and ignore (Electron/desktop only). */
  ignored: string[];
}

const VALUE_FLAGS: Record<string, keyof Pick<ShimArgs, 'extensionTestsPath' | 'userDataDir' | 'extensionsDir'> | 'dev'> = {
  '--extensionDevelopmentPath': 'dev',
  '--extensionTestsPath': 'extensionTestsPath',
  '--user-data-dir': 'userDataDir',
  '--extensions-dir': 'extensionsDir',
};

/** Parses the command line `runTests` passes to a VS Code executable (`--flag=value` or `--flag value`). */
export function parseShimArgs(argv: string[]): ShimArgs {
  const result: ShimArgs = { extensionDevelopmentPaths: [], ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      const target = VALUE_FLAGS[name];
      if (!target) {
        result.ignored.push(arg);
        continue;
      }
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      if (value === undefined || value === '') throw new Error(`${name} needs a value`);
      if (target === 'dev') result.extensionDevelopmentPaths.push(path.resolve(value));
      else result[target] = path.resolve(value);
    } else if (arg.startsWith('-')) {
      result.ignored.push(arg);
    } else if (result.folder === undefined) {
      result.folder = path.resolve(arg);
    } else {
      throw new Error(`Only one folder can be opened; got ${result.folder} and ${arg}`);
    }
  }
  return result;
}

async function main(): Promise<number> {
  const args = parseShimArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('code-shim: --extensionTestsPath is required (this shim only runs tests)');
  if (args.extensionDevelopmentPaths.length === 0) throw new Error('code-shim: --extensionDevelopmentPath is required');
  const timeoutMs = Number(process.env.SEQ2SEQ_TEST_TIMEOUT_MS || 600_000);

  let server: CodeServer | undefined;
  const profile = makeTempDir('chromium');
  registerCleanup(() => fs.rmSync(profile, { recursive: true, force: true }));
  let context: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const log = (text: string) => process.stdout.write(`${text}\n`);
  try {
    const started = Date.now();
    server = await startCodeServer({
      folder: args.folder,
      userDataDir: args.userDataDir,
      extensionsDir: args.extensionsDir,
      smokeTestDriver: true,
    });
    log(`[code-shim] code-server ready at ${server.origin} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    context = await launchBrowser(profile);
    const page = context.pages()[0] ?? (await context.newPage());

    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: unknown) => {
        resolve(typeof code === 'number' ? code : 1);
      });
      page.on('crash', () => {
        log('[code-shim] the workbench page crashed');
        resolve(1);
      });
      setTimeout(() => {
        log(`[code-shim] guard timer: no result after ${timeoutMs / 1000} s; giving up`);
        resolve(1);
      }, timeoutMs).unref();
    });
    page.on('console', (message) => {
      if (process.env.SEQ2SEQ_HARNESS_RAW) {
        void Promise.all(message.args().map((a) => a.jsonValue().catch(() => '?'))).then((v) =>
          log(`[raw ${message.type()}] ${JSON.stringify(v).slice(0, 200)}`),
        );
      }
      void consoleText(message).then(({ fromExtensionHost, text, noise }) => {
        if (fromExtensionHost && (!noise || process.env.SEQ2SEQ_HARNESS_VERBOSE)) log(text);
        else if (process.env.SEQ2SEQ_HARNESS_VERBOSE) log(`[workbench ${message.type()}] ${text}`);
      });
    });
    page.on('pageerror', (error) => {
      if (process.env.SEQ2SEQ_HARNESS_VERBOSE) log(`[workbench pageerror] ${error.message}`);
    });

    const payload: Array<[string, string]> = [
      ...args.extensionDevelopmentPaths.map((dir): [string, string] => ['extensionDevelopmentPath', server!.remoteUri(dir)]),
      ['extensionTestsPath', server.remoteUri(args.extensionTestsPath)],
    ];
    await page.goto(server.workbenchUrl(payload), { timeout: 120_000 });
    const code = await exitCode;
    // Let the last console lines (mocha's summary) arrive before the page goes away.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (code !== 0) {
      try {
        const file = path.join(resultsDir('screenshots'), 'integration-failure.png');
        await page.screenshot({ path: file, timeout: 10_000 });
        log(`[code-shim] screenshot of the failed run: ${path.relative(process.cwd(), file)}`);
      } catch {
        // The page may be gone (crash): the exit code says enough.
      }
    }
    return code;
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      killAllSync();
      process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`[code-shim] ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      killAllSync();
      process.exit(1);
    },
  );
}
