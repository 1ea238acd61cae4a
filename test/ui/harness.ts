/**
 * UI test harness: a person's clicks and keys in a real VS Code (code-server) in headless Chromium.
 *
 * Write a UI test as `test/ui/<feature>.ui.ts` (mocha BDD, run by `npm test`'s UI tier in plain Node 20;
 * compiled to `out/test/ui/<feature>.ui.js`). Typical test:
 *
 *   import * as assert from 'assert';
 *   import { startSession, type UiSession } from './harness';
 *
 *   describe('attention panel', function () {
 *     let ui: UiSession;
 *     before(async () => { ui = await startSession({ name: 'attention-panel' }); });
 *     after(async () => { await ui?.close(); });
 *     it('shows the heatmap for a selected date', async () => {
 *       await ui.openFile('dates.txt');
 *       await ui.selectText({ line: 1 });                       // the whole first line
 *       await ui.runCommand('Seq2Seq: Show Attention Explorer');
 *       const view = ui.webviewFrame();
 *       await view.locator('[role="grid"]').waitFor({ timeout: 60_000 });
 *       await ui.screenshot('attention-panel');                 // kept under test-results/screenshots/
 *       assert.match(await view.locator('body').innerText(), /1994-09-27/);
 *     });
 *   });
 *
 * API
 * - `startSession(options?)` starts code-server on 127.0.0.1 with a fresh user-data and extensions folder,
 *   opens a temp COPY of `options.workspace` (default test/fixtures/sample-workspace) and loads the
 *   extension, then opens the workbench in Chromium and waits until the explorer shows the workspace.
 *     options.extension: 'development' (default: the project folder as extensionDevelopmentPath),
 *       `{ vsix: '/abs/x.vsix' }` (installed into the extensions folder first, as a user would) or
 *       `{ developmentPath: '/abs/other-extension' }` (another folder in development mode). The
 *       environment variable SEQ2SEQ_UI_VSIX=/abs/x.vsix switches the default to that package (.ci/run).
 *     options.timeoutMs: one guard timer for the whole session (default 300 s, or SEQ2SEQ_UI_TIMEOUT_MS):
 *       when it fires, a screenshot `<name>-guard-timeout.png` is taken and everything is torn down, so
 *       the test's next step fails instead of hanging.
 *     options.name: prefix of the screenshot files (default 'ui').
 *     options.settings: extra user settings (e.g. `{ 'seq2seqExplorer.x': 1 }`).
 *     options.displayLanguage: 'ko' runs the workbench in Korean (a fixture language pack and `--locale ko`:
 *       the extension's strings are Korean, VS Code's own stay English).
 * - `ui.page`: the Playwright `Page` of the workbench, for anything the helpers do not cover.
 * - `ui.workspace`: absolute path of the workspace copy (read files the extension wrote).
 * - `ui.runCommand(title)`: F1, types `>title`, waits for the palette row with that title, Enter.
 * - `ui.paletteEntries(query, atLeast = 1)`: the command palette rows for `>query` (labels), retried
 *   until at least `atLeast` rows show or the step wait ends; closes the palette again.
 * - `ui.openFile(name)`: double-clicks the file's row in the explorer (top level of the workspace) and
 *   waits for its editor tab to be active.
 * - `ui.selectText({ line?, words?, all? })`: keyboard selection in the active editor: `all` = Ctrl+A;
 *   otherwise goes to `line` (1-based, default 1) and selects `words` words with Ctrl+Shift+Right, or the
 *   whole line when `words` is omitted.
 * - `ui.editorContextMenu(item)`: right-clicks the selection (or the cursor) in the active editor and
 *   clicks the context-menu entry containing `item`.
 * - `ui.reloadWindow()`: "Developer: Reload Window" from the palette, then waits for the workbench again.
 *   Use this, not `page.reload()`: a bare page reload skips the workbench's shutdown, so webview state
 *   (`setState`) and other storage written late are lost, which a person's reload keeps.
 * - `ui.editorText()`: the visible text lines of the active editor.
 * - `ui.press(keys)` / `ui.type(text)`: keyboard input into whatever has focus.
 * - `ui.webviewFrame(extensionId?)`: `FrameLocator` of the extension's webview content (outer
 *   `iframe.webview.ready[src*="extensionId=…"]`, inner `#active-frame`); wait for one of your own
 *   elements in it, not just for the frame.
 * - `ui.notifications()`: texts of the visible notification toasts (errors the extension shows).
 * - `ui.screenshot(name)`: PNG under test-results/screenshots/ (returns the path; `vsix-` prefix when the
 *   extension came from a .vsix). The UI runner also keeps
 *   one screenshot per test automatically (`<test title>.png`, taken after each test, pass or fail).
 * - `ui.close()`: closes Chromium, stops code-server's whole process group, removes the temp folders.
 *   Also happens on guard timeout and when the process exits or is interrupted.
 *
 * Every helper waits up to one step wait (60 s, SEQ2SEQ_UI_STEP_MS) for what it needs; palette commands and
 * context-menu entries are retried because an extension's contributions can arrive after the workbench.
 * Run one file: `node out/test/harness/runUi.js --files out/test/ui/x.ui.js` (after `npx tsc -p . --outDir
 * out`); SEQ2SEQ_HARNESS_VERBOSE=1 prints code-server's log.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { installVsix, startCodeServer, type CodeServer } from '../harness/codeServer';
import { copyWorkspace, EXTENSION_ID, makeTempDir, projectRoot, resultsDir, sampleWorkspace } from '../harness/paths';
import { registerCleanup } from '../harness/processes';

export interface SessionOptions {
  workspace?: string;
  extension?: 'development' | { vsix: string } | { developmentPath: string };
  timeoutMs?: number;
  name?: string;
  settings?: Record<string, unknown>;
  /**
   * VS Code's display language, e.g. 'ko': installs the fixture language pack test/fixtures/
   * ko-display-language (Korean declared, VS Code's own strings untranslated) and starts code-server with
   * `--locale`, so the extension host runs with `vscode.env.language` set to it.
   */
  displayLanguage?: 'ko';
}

export interface SelectOptions {
  line?: number;
  words?: number;
  all?: boolean;
}

/** Sessions still open: the UI runner screenshots them after each test. */
export const openSessions = new Set<UiSession>();

/** Generous per-step waits: 2 shared cores, first activation takes seconds (SEQ2SEQ_UI_STEP_MS). */
const STEP_MS = Number(process.env.SEQ2SEQ_UI_STEP_MS || 60_000);

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}

export class UiSession {
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly guard: NodeJS.Timeout;
  private readonly unregisterCleanup: () => void;

  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: CodeServer,
    readonly workspace: string,
    readonly name: string,
    private readonly tempDirs: string[],
    timeoutMs: number,
    /** True when the extension was installed from a .vsix (not loaded from a development folder). */
    readonly fromVsix = false,
  ) {
    this.guard = setTimeout(() => {
      process.stderr.write(`[ui] guard timer: session '${name}' still open after ${timeoutMs / 1000} s; tearing it down\n`);
      void this.screenshot(`${name}-guard-timeout`).catch(() => undefined).finally(() => this.close());
    }, timeoutMs);
    this.guard.unref();
    this.unregisterCleanup = registerCleanup(() => this.removeTempDirs());
    openSessions.add(this);
  }

  /** Whether close() ran (or the guard timer fired). */
  get isClosed(): boolean {
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`UI session '${this.name}' is closed (guard timeout or close())`);
  }

  /**
   * Opens a list (`open`: the command palette, a context menu) and waits for `target` in it. A list shows
   * the contributions known when it opens and an extension's can arrive later, so it is closed (Escape,
   * then `afterClose`) and opened again until `target` shows or STEP_MS has passed; then `missing(tries)`
   * says what was not found.
   */
  private async reopenUntilShown(target: Locator, open: () => Promise<void>, missing: (tries: number) => string,
    afterClose?: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + STEP_MS;
    for (let attempt = 1; ; attempt++) {
      await open();
      try {
        await target.waitFor({ state: 'visible', timeout: Math.min(10_000, Math.max(1000, deadline - Date.now())) });
        return;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() >= deadline) throw new Error(`${missing(attempt)} (${STEP_MS / 1000} s)`, { cause: error });
        await afterClose?.();
      }
    }
  }

  async runCommand(title: string): Promise<void> {
    this.assertOpen();
    const page = this.page;
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // The extension host may still be starting: its commands can appear after the palette opens.
    await this.reopenUntilShown(row, async () => {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: STEP_MS });
      await input.fill(`>${title}`);
    }, attempts => `Command '${title}' is not in the command palette after ${attempts} tries`,
    () => widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined));
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: STEP_MS }).catch(() => undefined);
  }

  /** Waits for the open quick pick's row with `text` and clicks it (the pick's list no longer filters). */
  async pick(text: string): Promise<void> {
    this.assertOpen();
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    await row.click();
  }

  /**
   * Runs a command that opens a quick pick of its own in the palette's widget, and waits for that pick by
   * its title. Enter goes to the palette's focused row only once the filter has put the command there: a
   * click on a row while the list is still filtering can land on a row re-rendered for another command.
   */
  async runCommandToPicker(title: string, pickerTitle: string): Promise<void> {
    this.assertOpen();
    const page = this.page;
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const focusedRow = widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: title });
    const picker = widget.locator('.quick-input-title', { hasText: pickerTitle });
    const deadline = Date.now() + STEP_MS;
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: STEP_MS });
      await input.fill(`>${title}`);
      try {
        await focusedRow.waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await picker.waitFor({ state: 'visible', timeout: 20_000 });
        return;
      } catch (error) {
        await page.keyboard.press('Escape');
        if (Date.now() >= deadline) {
          throw new Error(`'${title}' did not open its '${pickerTitle}' picker after ${attempt} tries (${STEP_MS / 1000} s)`, { cause: error });
        }
        await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
      }
    }
  }

  /**
   * Runs a command whose picker opens in the palette's widget, types `filter` into that picker and waits
   * for a row holding `rowText` to be focused (Enter then picks it; the row is returned for reading).
   * The picker reuses the palette's input box: when the box does not take the text (it has been seen
   * inert for a moment while the picker replaced the palette), the picker is closed and the whole
   * sequence tried again.
   */
  async openPickerFiltered(command: string, pickerTitle: string, filter: string, rowText: string): Promise<Locator> {
    this.assertOpen();
    const page = this.page;
    const widget = page.locator('.quick-input-widget');
    const row = widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: rowText }).first();
    const deadline = Date.now() + 2 * STEP_MS;
    for (let attempt = 1; ; attempt++) {
      await this.runCommandToPicker(command, pickerTitle);
      try {
        await widget.locator('.quick-input-box input').fill(filter, { timeout: 10_000 });
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        return row;
      } catch (error) {
        await this.screenshot(`picker-retry-${safeName(pickerTitle)}-${attempt}`).catch(() => undefined);
        await page.keyboard.press('Escape');
        if (Date.now() >= deadline) {
          throw new Error(`the '${pickerTitle}' picker did not show '${rowText}' for '${filter}' after ${attempt} tries`, { cause: error });
        }
        await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
      }
    }
  }

  async paletteEntries(query: string, atLeast = 1): Promise<string[]> {
    this.assertOpen();
    const page = this.page;
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const deadline = Date.now() + STEP_MS;
    for (;;) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: STEP_MS });
      await input.fill(`>${query}`);
      // Let the list settle: the palette filters asynchronously.
      await page.waitForTimeout(1000);
      const labels = (await rows.locator('.monaco-highlighted-label').allInnerTexts())
        .map((label) => label.trim())
        .filter((label) => label.length > 0);
      const entries = [...new Set(labels)];
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
      if (entries.length >= atLeast || Date.now() >= deadline) return entries;
      await page.waitForTimeout(2000);
    }
  }

  async openFile(name: string): Promise<void> {
    this.assertOpen();
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${name.replace(/"/g, '\\"')}"]`).first();
    await row.waitFor({ state: 'visible', timeout: STEP_MS });
    await row.dblclick();
    await this.page
      .locator('.tabs-container .tab.active', { hasText: path.basename(name) })
      .waitFor({ state: 'visible', timeout: STEP_MS });
    await this.page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ state: 'visible', timeout: STEP_MS });
  }

  async selectText(options: SelectOptions = {}): Promise<void> {
    this.assertOpen();
    const keyboard = this.page.keyboard;
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    if (options.all) {
      await keyboard.press('Control+A');
      return;
    }
    await keyboard.press('Control+Home');
    for (let i = 1; i < (options.line ?? 1); i++) await keyboard.press('ArrowDown');
    await keyboard.press('Home');
    if (options.words === undefined) {
      await keyboard.press('Shift+End');
    } else {
      for (let i = 0; i < options.words; i++) await keyboard.press('Control+Shift+ArrowRight');
    }
  }

  async editorContextMenu(item: string): Promise<void> {
    this.assertOpen();
    const page = this.page;
    const entry = page.locator('.context-view .action-item', { hasText: item }).first();
    // Menu entries of an extension can lag behind its activation: reopen the menu until it shows.
    await this.reopenUntilShown(entry, async () => {
      // Right-click ON the selection: a click elsewhere on the line (a `.view-line` spans the whole
      // editor width) would move the cursor and drop the selection, and with it every
      // `editorHasSelection` entry.
      const selection = page.locator('.editor-instance .monaco-editor .view-overlays .selected-text').first();
      const target = (await selection.count()) > 0 ? selection : page.locator('.editor-instance .monaco-editor .cursor').first();
      const box = await target.boundingBox();
      if (!box) throw new Error('No selection or cursor in the active editor to right-click');
      await page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2, { button: 'right' });
    }, attempts => `'${item}' is not in the editor context menu after ${attempts} tries`);
    await entry.click();
  }

  async reloadWindow(): Promise<void> {
    this.assertOpen();
    const page = this.page;
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: STEP_MS });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
  }

  async editorText(): Promise<string[]> {
    this.assertOpen();
    const lines = this.page.locator('.editor-instance .monaco-editor .view-line');
    // Monaco renders lines absolutely positioned; order them by their top offset.
    const items = await lines.evaluateAll((elements) =>
      elements.map((element) => ({ top: (element as HTMLElement).offsetTop, text: element.textContent ?? '' })),
    );
    return items.sort((a, b) => a.top - b.top).map((item) => item.text.replace(/\u00a0/g, ' '));
  }

  async press(keys: string): Promise<void> {
    this.assertOpen();
    await this.page.keyboard.press(keys);
  }

  async type(text: string): Promise<void> {
    this.assertOpen();
    await this.page.keyboard.type(text);
  }

  webviewFrame(extensionId = EXTENSION_ID): FrameLocator {
    return this.page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).first().frameLocator('#active-frame');
  }

  async notifications(): Promise<string[]> {
    this.assertOpen();
    return this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  }

  async screenshot(name: string): Promise<string> {
    this.assertOpen();
    // Runs against the installed package keep their own pictures next to the development ones.
    const prefix = this.fromVsix ? 'vsix-' : '';
    const file = path.join(resultsDir('screenshots'), `${prefix}${safeName(name)}.png`);
    await this.page.screenshot({ path: file, timeout: 30_000 });
    return file;
  }

  private removeTempDirs(): void {
    for (const dir of this.tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      clearTimeout(this.guard);
      openSessions.delete(this);
      this.closing = (async () => {
        await this.context.close().catch(() => undefined);
        await this.server.stop();
        this.removeTempDirs();
        this.unregisterCleanup();
      })();
    }
    return this.closing;
  }
}

/** Packs test/fixtures/<language>-display-language into a .vsix in `dir` (vsce, a few seconds). */
function packLanguageFixture(language: string, dir: string): string {
  const fixture = path.join(projectRoot(), 'test', 'fixtures', `${language}-display-language`);
  const out = path.join(dir, `display-language-${language}.vsix`);
  execFileSync(process.execPath, [path.join(projectRoot(), 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '--out', out], { cwd: fixture, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  return out;
}

/**
 * Installs the fixture language pack and registers it in `<userDataDir>/languagepacks.json`, the file the
 * server reads to resolve `--locale`. The workbench's language pack service writes that entry after an
 * install from the Extensions view; the CLI install does not, so it is written here in the same shape
 * (language id -> hash of id@version, extensions, translation files, label).
 */
async function installLanguagePack(language: string, profile: string, extensionsDir: string, userDataDir: string): Promise<void> {
  const pack = packLanguageFixture(language, profile);
  await installVsix(pack, extensionsDir, userDataDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'test', 'fixtures', `${language}-display-language`, 'package.json'), 'utf8')) as {
    publisher: string; name: string; version: string;
    contributes: { localizations: Array<{ languageId: string; localizedLanguageName: string; translations: Array<{ id: string; path: string }> }> };
  };
  const id = `${manifest.publisher}.${manifest.name}`;
  const folder = path.join(extensionsDir, `${id}-${manifest.version}`);
  if (!fs.existsSync(folder)) throw new Error(`Installing ${pack} left no ${folder}`);
  const localization = manifest.contributes.localizations[0];
  const translations = Object.fromEntries(localization.translations.map(tr => [tr.id, path.join(folder, tr.path)]));
  const hash = createHash('md5').update(id).update(manifest.version).digest('hex');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [localization.languageId]: { hash, extensions: [{ extensionIdentifier: { id }, version: manifest.version }], translations, label: localization.localizedLanguageName },
  }));
}

function defaultExtension(): 'development' | { vsix: string } | { developmentPath: string } {
  const vsix = process.env.SEQ2SEQ_UI_VSIX;
  return vsix ? { vsix: path.resolve(vsix) } : 'development';
}

export async function startSession(options: SessionOptions = {}): Promise<UiSession> {
  const name = options.name ?? 'ui';
  const timeoutMs = options.timeoutMs ?? Number(process.env.SEQ2SEQ_UI_TIMEOUT_MS || 300_000);
  const extension = options.extension ?? defaultExtension();
  const workspace = copyWorkspace(options.workspace ?? sampleWorkspace(), `ui-ws-${safeName(name)}`);
  const profile = makeTempDir(`ui-${safeName(name)}`);
  const tempDirs = [path.dirname(workspace), profile];
  const extensionsDir = path.join(profile, 'extensions');
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  try {
    if (extension !== 'development' && 'vsix' in extension) {
      await installVsix(extension.vsix, extensionsDir);
      const installed = fs.readdirSync(extensionsDir).filter((entry) => entry.startsWith(`${EXTENSION_ID}-`));
      if (installed.length === 0) throw new Error(`Installing ${extension.vsix} left no ${EXTENSION_ID}-* folder in ${extensionsDir}`);
    }
    const userDataDir = path.join(profile, 'user-data');
    if (options.displayLanguage) {
      await installLanguagePack(options.displayLanguage, profile, extensionsDir, userDataDir);
    }
    // The smoke-test driver option is what makes the workbench honour `extensionDevelopmentPath` in the
    // URL payload (without it the payload is silently ignored).
    server = await startCodeServer({
      folder: workspace, extensionsDir, userDataDir, settings: options.settings, smokeTestDriver: true, locale: options.displayLanguage,
    });
    context = await launchBrowser(path.join(profile, 'chromium'));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_MS);
    const developmentPath =
      extension === 'development' ? projectRoot() : 'developmentPath' in extension ? extension.developmentPath : undefined;
    const payload: Array<[string, string]> = developmentPath ? [['extensionDevelopmentPath', server.remoteUri(developmentPath)]] : [];
    await page.goto(server.workbenchUrl(payload), { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
    return new UiSession(page, context, server, workspace, name, tempDirs, timeoutMs, extension !== 'development' && 'vsix' in extension);
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server?.stop();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
