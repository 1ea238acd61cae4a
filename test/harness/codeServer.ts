/**
 * Starts code-server (a real VS Code: server + web workbench + the normal Node extension host) on
 * 127.0.0.1 and stops it with its whole process group. Used by `npm start`, the integration shim and the
 * UI harness. Install it first with `bash test/harness/install.sh code-server`.
 */
import { spawn, execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { codeServerEntry, makeTempDir, node24Path } from './paths';
import { registerCleanup, registerGroup, sleep, stopGroup } from './processes';

export interface CodeServerOptions {
  /** Folder the workbench opens (absolute). */
  folder?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Extensions folder; a fresh temp folder when omitted. */
  extensionsDir?: string;
  /** User data folder; a fresh temp folder when omitted. */
  userDataDir?: string;
  /**
   * `--vscode-option enable-smoke-test-driver`: needed for the test payload (`extensionTestsPath`),
   * which is otherwise ignored silently, and for `codeAutomationExit`.
   */
  smokeTestDriver?: boolean;
  /**
   * `--locale`: VS Code's display language (e.g. 'ko'). It takes effect only with a language pack for it
   * installed into `extensionsDir` with this `userDataDir` (see `installVsix`); otherwise VS Code stays English.
   */
  locale?: string;
  /** Extra user settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Receives each line code-server prints (default: dropped unless SEQ2SEQ_HARNESS_VERBOSE is set). */
  onLine?: (line: string) => void;
  /** How long to wait for `/healthz` (ms). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly folder: string | undefined;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Process group id (= pid of the detached code-server process). */
  readonly pgid: number;
  /**
   * The workbench URL for the opened folder, with an optional payload such as
   * `[['extensionDevelopmentPath', remoteUri(dir)]]`.
   */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: how the workbench names a folder on the server. */
  remoteUri(absPath: string): string;
  /** Stops the whole process group and removes the temp folders it created. */
  stop(): Promise<void>;
}

/** Settings that remove first-run noise from the workbench (welcome page, chat, telemetry, updates). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
};

/** A free TCP port on 127.0.0.1 (tiny race with other processes; fine on a test machine). */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (preferred !== 0 && err.code === 'EADDRINUSE') resolve(freePort(0));
      else reject(err);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/** Environment for code-server: no inherited VS Code variables; XDG folders inside `home`. */
function serverEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Running from a VS Code terminal leaks IPC hooks that would make code-server talk to that window.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  for (const name of ['CONFIG', 'DATA', 'CACHE', 'STATE']) {
    const dir = path.join(home, `xdg-${name.toLowerCase()}`);
    fs.mkdirSync(dir, { recursive: true });
    env[`XDG_${name}_HOME`] = dir;
  }
  env.PATH = `${path.dirname(node24Path())}${path.delimiter}${process.env.PATH ?? ''}`;
  return env;
}

function assertInstalled(): void {
  for (const file of [node24Path(), codeServerEntry()]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run \`bash test/harness/install.sh code-server\` first.`);
    }
  }
}

/**
 * Installs a .vsix into an extensions folder with code-server's CLI (~1 s). A language pack must be
 * installed with the server's `userDataDir`: installing writes the `languagepacks.json` there that the
 * server reads to resolve `--locale`.
 */
export async function installVsix(vsix: string, extensionsDir: string, userDataDir?: string): Promise<string> {
  assertInstalled();
  if (!fs.existsSync(vsix)) throw new Error(`No such .vsix: ${vsix}`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  const home = makeTempDir('cs-install');
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        node24Path(),
        [codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir ?? path.join(home, 'ud'),
          '--install-extension', path.resolve(vsix), '--force'],
        { env: serverEnv(home), timeout: 120_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          if (error) reject(new Error(`Installing ${vsix} failed: ${error.message}\n${output}`));
          else resolve(output);
        },
      );
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Starts code-server and resolves once `/healthz` answers 200. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const home = makeTempDir('cs');
  const removeHome = () => fs.rmSync(home, { recursive: true, force: true });
  const unregisterHomeCleanup = registerCleanup(removeHome);
  const userDataDir = options.userDataDir ?? path.join(home, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(home, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(settingsFile)) {
    try {
      existing = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    } catch {
      existing = {};
    }
  }
  fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...options.settings }, null, 2));

  const port = options.port ? await freePort(options.port) : await freePort();
  const configFile = path.join(home, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry(),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', configFile,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (options.locale) args.push('--locale', options.locale);
  if (options.folder) args.push(options.folder);

  const child = spawn(node24Path(), args, {
    detached: true,
    env: serverEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = registerGroup(child);
  const verbose = Boolean(process.env.SEQ2SEQ_HARNESS_VERBOSE);
  const onLine = options.onLine ?? ((line: string) => verbose && process.stderr.write(`[code-server] ${line}\n`));
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        onLine(line);
      }
    });
  }
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });

  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(pgid);
    removeHome();
    unregisterHomeCleanup();
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`code-server exited with ${exited} before it was ready:\n${recent.join('\n')}`);
    }
    if ((await httpStatus(`${origin}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz in time:\n${recent.join('\n')}`);
    }
    await sleep(250);
  }

  const remoteUri = (absPath: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(absPath)}`;
  return {
    port,
    origin,
    folder: options.folder,
    userDataDir,
    extensionsDir,
    pgid,
    remoteUri,
    workbenchUrl(payload) {
      const query: string[] = [];
      if (options.folder) query.push(`folder=${encodeURIComponent(path.resolve(options.folder))}`);
      if (payload && payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${origin}/${query.length ? `?${query.join('&')}` : ''}`;
    },
    stop,
  };
}
