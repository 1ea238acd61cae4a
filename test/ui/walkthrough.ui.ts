/**
 * The Get Started walkthrough as a new user meets it: opened from the command palette, its six steps
 * listed in the notes' order, the first step's "Open Sample Dates" button giving an editor with a date
 * selected, ready for Translate Selection.
 */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('Walkthrough (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'walkthrough' });
  });

  after(async function () {
    await ui?.close();
  });

  it('opens from the palette with its six steps, and the first step opens a sample to translate', async function () {
    assert.ok(ui);
    await ui.runCommand('Seq2Seq: Learn Seq2Seq and Attention (Walkthrough)');
    const page = ui.page;
    const container = page.locator('.gettingStartedContainer');
    const first = container.locator('.getting-started-step', { hasText: 'Translate a date and read the heatmap' }).first();
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    const titles = await container.locator('.getting-started-step .step-title').allInnerTexts();
    const expected = ['Translate a date and read the heatmap', 'Inspect one step', 'Compare baseline, peeky and attention',
      'Compare Bahdanau and Luong', 'Force an output', 'Train your own'];
    assert.deepStrictEqual(titles.map(t => t.trim()).filter(t => expected.includes(t)), expected, `steps: ${titles.join(' | ')}`);
    await first.click();
    const button = container.locator('.getting-started-step.expanded a.button-link, .getting-started-step.expanded .button-container a', { hasText: 'Open Sample Dates' }).first();
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('walkthrough-steps');
    await button.click();
    const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'september 27, 1994' }).first();
    await line.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('walkthrough-sample-dates');
  });
});
