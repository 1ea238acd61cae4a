/**
 * What a new user meets around a translation: the status bar names the active model and opens Select
 * Model; Translate Selection takes the cursor's line when nothing is selected; a refused request shows its
 * error in the panel with ways out (select a model, open the settings, train) and marks the result still
 * on screen as an earlier one, until the next translation replaces it.
 */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('Panel errors, status bar and keybinding (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'panel-failure', settings: { 'seq2seqAttention.maxSelectionLength': 40 } });
  });

  after(async function () {
    await ui?.close();
  });

  const rowText = async (): Promise<string> => {
    assert.ok(ui);
    const grid = ui.webviewFrame().locator('table[role="grid"]').first();
    await grid.waitFor({ state: 'visible', timeout: 90_000 });
    return (await grid.locator('tbody th[scope="row"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''))).join('');
  };

  it('translates the cursor\'s line with nothing selected', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    await ui.press('Control+Home');
    await ui.press('End');
    await ui.runCommand('Seq2Seq: Translate Selection');
    assert.strictEqual(await rowText(), '1994-09-27');
  });

  it('names the active model in the status bar, which opens Select Model', async function () {
    assert.ok(ui);
    const item = ui.page.locator('.statusbar-item', { hasText: 'date-formats-bahdanau' }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.click();
    const picker = ui.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'date-formats-luong-dot' }).first();
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('panel-failure-status-bar-select-model');
    await ui.press('Escape');
  });

  it('shows a refused request in the panel with actions and marks the old result as earlier', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    await ui.selectText({ all: true });
    await ui.runCommand('Seq2Seq: Translate Selection');
    const view = ui.webviewFrame();
    const banner = view.locator('.error-banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await banner.innerText(), /characters; the limit is 40/);
    const actions = await banner.locator('button[data-action]').allInnerTexts();
    // A too-long selection offers the three ways out (its UserError names no command of its own).
    assert.deepStrictEqual(actions.map(a => a.trim()), ['Select another model\u2026', 'Open settings', 'Train a model\u2026']);
    assert.strictEqual(await view.locator('main.view').getAttribute('class'), 'view stale');
    assert.match(await view.locator('.stale-note').innerText(), /Earlier result/);
    // The earlier grid is still there, marked, not silently passing for the answer.
    assert.strictEqual(await rowText(), '1994-09-27');
    await ui.screenshot('panel-failure-stale');
  });

  it('clears the error and the mark with the next translation', async function () {
    assert.ok(ui);
    await ui.selectText({ line: 2 });
    await ui.runCommand('Seq2Seq: Translate Selection');
    const view = ui.webviewFrame();
    const deadline = Date.now() + 60_000;
    while ((await rowText()) !== '2003-08-19' && Date.now() < deadline) await ui.page.waitForTimeout(200);
    assert.strictEqual(await rowText(), '2003-08-19');
    assert.strictEqual(await view.locator('.error-banner').isHidden(), true);
    assert.strictEqual(await view.locator('.stale-note').count(), 0);
    assert.strictEqual(await view.locator('main.view').getAttribute('class'), 'view');
  });

  it('opens the extension\'s settings from the panel\'s error', async function () {
    assert.ok(ui);
    await ui.selectText({ all: true });
    await ui.runCommand('Seq2Seq: Translate Selection');
    const open = ui.webviewFrame().locator('.error-banner button[data-action="openSettings"]');
    await open.click();
    await ui.page.locator('.settings-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    const search = await ui.page.locator('.settings-editor .suggest-input-container .view-lines').first().innerText();
    assert.match(search.replace(/\s+/g, ''), /@ext:seq2seq-explorer\.seq2seq-attention-explorer/);
    await ui.screenshot('panel-failure-settings');
  });
});
