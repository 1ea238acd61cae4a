/**
 * Open Attention File... as a person uses it: from the command palette (the file chosen in VS Code's
 * open dialog, a sentence found with the picker's filter box), then two systems' files selected in the
 * explorer and opened from its context menu, the same sentence of both side by side. Screenshots kept.
 */
import * as assert from 'assert';
import * as path from 'path';
import { projectRoot } from '../harness/paths';
import { startSession, type UiSession } from './harness';

describe('Open Attention File (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'attention-files', workspace: path.join(projectRoot(), 'test', 'fixtures', 'attention-workspace') });
  });

  after(async function () {
    await ui?.close();
  });

  /** Types into the sentence picker's filter box, checks the first row that stays, accepts. */
  async function pickSentence(u: UiSession, filter: string): Promise<void> {
    const page = u.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'sentences' }).waitFor({ state: 'visible', timeout: 60_000 });
    await input.fill(filter);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: filter }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await u.screenshot('attention-file-picker');
    // A click on the row checks it (the picker takes several sentences); OK accepts.
    await row.click();
    await page.locator('.quick-input-widget .quick-input-count', { hasText: '1' }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
  }

  it('opens a sentence of a fairseq file from the command palette', async function () {
    assert.ok(ui);
    const page = ui.page;
    await ui.runCommand('Seq2Seq: Open Attention File...');
    // VS Code's own open dialog (the simple dialog in a browser): a path box, as a person types it.
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: 60_000 });
    await box.fill(path.join(ui.workspace, 'system-a.generate.txt'));
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await pickSentence(ui, 'regnet');
    const view = ui.webviewFrame();
    const grid = view.locator('table[role="grid"]');
    await grid.first().waitFor({ state: 'visible', timeout: 60_000 });
    const text = await view.locator('body').innerText();
    assert.match(text, /system-a\.generate\.txt: sentence 1/);
    assert.match(text, /fairseq generate\/interactive output/);
    assert.match(text, /rains/);
    await ui.screenshot('attention-file-sentence');
  });

  it('compares the same sentence of two systems side by side from the explorer context menu', async function () {
    assert.ok(ui);
    const page = ui.page;
    const rowOf = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${name}"]`).first();
    await rowOf('system-a.generate.txt').click();
    await rowOf('system-b.generate.txt').click({ modifiers: ['Control'] });
    const item = page.locator('.context-view .action-item', { hasText: 'Open Attention File...' }).first();
    const deadline = Date.now() + 60_000;
    for (;;) {
      await rowOf('system-b.generate.txt').click({ button: 'right' });
      try {
        await item.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        await page.keyboard.press('Escape');
        if (Date.now() > deadline) throw new Error('Open Attention File... is not in the explorer context menu', { cause: error });
      }
    }
    await ui.screenshot('attention-file-context-menu');
    await item.click();
    await pickSentence(ui, 'stim');
    const view = ui.webviewFrame();
    const cards = view.locator('article.entry');
    await view.locator('article.entry >> nth=1').waitFor({ state: 'visible', timeout: 60_000 });
    assert.strictEqual(await cards.count(), 2);
    const grids = await view.locator('table[role="grid"]').count();
    assert.strictEqual(grids, 2);
    const text = await view.locator('body').innerText();
    assert.match(text, /system-a\.generate\.txt: sentence 0/);
    assert.match(text, /system-b\.generate\.txt: sentence 0/);
    await ui.screenshot('attention-files-two-systems');
  });
});
