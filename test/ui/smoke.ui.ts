/**
 * Smoke UI test: the workbench loads with the sample workspace and the extension, a person opens
 * dates.txt from the explorer and sees its first date, finds the extension's commands in the command
 * palette and opens its panel (from the development folder, or from the installed .vsix when
 * SEQ2SEQ_UI_VSIX is set).
 */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('workbench smoke', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'smoke' });
  });

  after(async function () {
    await ui?.close();
  });

  it('opens dates.txt from the explorer', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    const lines = await ui.editorText();
    assert.strictEqual(lines[0], 'september 27, 1994');
    await ui.screenshot('smoke-dates');
  });

  it("offers the extension's commands in the command palette", async function () {
    assert.ok(ui);
    const entries = await ui.paletteEntries('Seq2Seq:');
    await ui.page.keyboard.press('F1');
    await ui.page.locator('.quick-input-widget .quick-input-box input').fill('>Seq2Seq:');
    await ui.screenshot('smoke-palette');
    await ui.page.keyboard.press('Escape');
    assert.ok(
      entries.some((entry) => entry.startsWith('Seq2Seq:')),
      `no "Seq2Seq:" command in the palette; saw: ${JSON.stringify(entries)}`,
    );
  });

  it('opens the Attention Explorer panel from the command palette', async function () {
    assert.ok(ui);
    // Needs the activated extension and its webview bundle: with an installed .vsix this proves the
    // package carries dist/extension.js, dist/webview.js and dist/webview.css.
    await ui.runCommand('Seq2Seq: Show Attention Explorer');
    const view = ui.webviewFrame();
    const title = view.locator('h1, h2', { hasText: 'Attention Explorer' }).first();
    await title.waitFor({ state: 'visible' });
    await ui.page.locator('.tabs-container .tab', { hasText: 'Attention Explorer' }).first().waitFor({ state: 'visible' });
    await ui.screenshot('smoke-panel');
  });
});
