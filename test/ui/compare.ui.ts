/** Compare Attention Mechanisms from the editor's context menu: at least four mechanisms side by side. */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('Compare Attention Mechanisms (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'compare' });
  });

  after(async function () {
    await ui?.close();
  });

  it('shows at least four mechanisms side by side', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    await ui.selectText({ line: 1 });
    // The editor context menu, as a person would use it.
    const page = ui.page;
    const line = page.locator('.editor-instance .monaco-editor .view-line').first();
    const item = page.locator('.context-view .action-item', { hasText: 'Compare Attention Mechanisms' }).first();
    // Contributed menu items appear once the workbench has read the extension's manifest, which can
    // lag behind the first render: reopen the menu until they are there.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await line.click({ button: 'right' });
      try {
        await item.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        await page.keyboard.press('Escape');
        if (Date.now() > deadline) throw new Error('Compare Attention Mechanisms is not in the editor context menu', { cause: error });
      }
    }
    await ui.screenshot('compare-context-menu');
    await item.click();
    const view = ui.webviewFrame();
    const cards = view.locator('article.entry');
    await cards.first().waitFor({ state: 'visible', timeout: 120_000 });
    await page.waitForTimeout(500);
    const mechanisms = await cards.evaluateAll(els => els.map(e => e.getAttribute('data-mechanism') ?? ''));
    assert.ok(new Set(mechanisms).size >= 4, `mechanisms shown: ${mechanisms.join(', ')}`);
    const grids = await view.locator('table[role="grid"]').count();
    assert.ok(grids >= 4, `${grids} heatmaps (every attention mechanism has one)`);
    // Baseline and peeky are models without attention: the heading counts them as models, not mechanisms.
    const attention = mechanisms.filter(m => m !== 'baseline' && m !== 'peeky');
    const rest = [...(mechanisms.includes('baseline') ? ['baseline'] : []), ...(mechanisms.includes('peeky') ? ['peeky'] : [])];
    const expected = `Comparison of ${mechanisms.length} models: ${new Set(attention).size} attention mechanisms${rest.map(r => `, ${r}`).join('')}`;
    assert.strictEqual((await view.locator('#view-title').textContent())?.trim(), expected);
    await ui.screenshot('compare-mechanisms');
  });
});
