/**
 * Headless Chromium (Debian's `/usr/bin/chromium`, driven by playwright-core) for the code-server
 * workbench. Every request that does not go to 127.0.0.1 is aborted: the machine is offline and the
 * workbench would otherwise wait on the extension gallery.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type BrowserContext, type ConsoleMessage } from 'playwright-core';
import * as util from 'util';
import { chromiumPath } from './paths';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches Chromium with its own profile folder (`launchPersistentContext`, because plain `launch()`
 * refuses `--user-data-dir`). XDG folders are pointed into the profile so nothing lands in $HOME.
 */
export async function launchBrowser(profileDir: string, viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: run \`bash test/harness/install.sh chromium\` (apt-get install -y chromium).`);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const name of ['CONFIG', 'DATA', 'CACHE']) {
    const dir = path.join(profileDir, `xdg-${name.toLowerCase()}`);
    fs.mkdirSync(dir, { recursive: true });
    env[`XDG_${name}_HOME`] = dir;
  }
  const context = await chromium.launchPersistentContext(path.join(profileDir, 'chromium'), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
    viewport,
    timeout: 120_000,
    // The harness kills everything itself; Playwright's own signal handlers would race with ours.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort(),
  );
  return context;
}

/**
 * Turns a workbench console message back into text. The extension host's console arrives as
 * `('%c INFO', 'color: …', fmt, ...args)`; everything after the two style arguments is what the
 * extension (e.g. mocha's reporter) printed.
 */
export async function consoleText(message: ConsoleMessage): Promise<{ fromExtensionHost: boolean; text: string; noise: boolean }> {
  let values: unknown[];
  try {
    values = await Promise.all(message.args().map((arg) => arg.jsonValue()));
  } catch {
    return { fromExtensionHost: false, text: message.text(), noise: false };
  }
  return formatConsoleArgs(values, message.text());
}

/** Known harmless noise of code-server on this machine (no native spdlog/watchdog, no internet). */
const NOISE = [
  /Could not locate the bindings file/,
  /Cannot find module '\.\/build\/Release\/watchdog'/,
  /ENOTFOUND/,
  /Timed out waiting for authentication provider/,
  /^\[(AccountPolicyGate|AgentHost:remote|reconnection-grace-time|Service Worker)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
];

/**
 * Pure part of {@link consoleText}, unit tested. `fromExtensionHost` is true for the logger's
 * `%c LEVEL` messages (the extension host's console and the workbench's own log share that format);
 * `noise` marks the known harmless startup messages, and warnings/errors are cut to their first line
 * (their stacks point into VS Code, not into the tests).
 */
export function formatConsoleArgs(values: unknown[], fallback: string): { fromExtensionHost: boolean; text: string; noise: boolean } {
  const first = values[0];
  const match = typeof first === 'string' ? /^%c\s*(INFO|WARN|ERR|ERROR|DEBUG|TRACE|LOG)\b/.exec(first) : null;
  if (!match || values.length < 2) return { fromExtensionHost: false, text: fallback, noise: false };
  const rest = values.slice(2);
  // Errors lose their message through jsonValue(); the browser's own text of the message keeps it.
  let text = rest.some((value) => typeof value === 'object' && value !== null)
    ? fallback.replace(/^%c\s*\w+\s+color:\s*\S+\s*/, '')
    : util.format(...rest);
  const noise = NOISE.some((pattern) => pattern.test(text));
  if (match[1] !== 'INFO' && match[1] !== 'LOG') text = `[${match[1]}] ${text.split('\n')[0]}`;
  return { fromExtensionHost: true, text, noise };
}
