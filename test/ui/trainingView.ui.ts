/**
 * The training view as a learner uses it: train a tiny model from the fixture dataset, see that run on
 * top with its per-batch loss, translate a date meanwhile and come back through the Training tab, open
 * the reference runs, then read the charts under the High Contrast themes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator } from 'playwright-core';
import { projectRoot } from '../harness/paths';
import { startSession, type UiSession } from './harness';

const DATASET = 'dates-small.txt';
const EPOCHS = 30;

/** WCAG contrast ratio of two CSS colours `rgb(r, g, b)` / `rgba(...)`. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Every legend label's fill and every series line's stroke, with the panel's background. */
async function chartColours(view: FrameLocator): Promise<{ background: string; body: string; labels: { text: string; color: string }[]; lines: { cls: string; color: string; width: number }[] }> {
  return view.locator('body').evaluate((body) => {
    const style = (el: Element): CSSStyleDeclaration => getComputedStyle(el);
    return {
      background: style(body).backgroundColor,
      body: body.className,
      labels: [...body.querySelectorAll('.charts text.legend-label')].map((el) => ({ text: el.textContent ?? '', color: style(el).fill })),
      lines: [...body.querySelectorAll('.charts path.series')].map((el) => ({ cls: el.getAttribute('class') ?? '', color: style(el).stroke, width: parseFloat(style(el).strokeWidth) })),
    };
  });
}

describe('Training view: your run first, tabs, reference runs, high contrast (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    // Small batches: many per epoch, so the per-batch curve has something to show.
    ui = await startSession({ name: 'training-view', timeoutMs: 540_000, settings: { 'seq2seqAttention.training.batchSize': 4 } });
    fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'host', DATASET), path.join(ui.workspace, DATASET));
  });

  after(async function () {
    await ui?.close();
  });


  it('lists the run being trained first, with per-batch points, above the collapsed reference runs', async function () {
    assert.ok(ui);
    const page = ui.page;
    await ui.runCommand('Seq2Seq: Train Model from Workspace Dataset');
    await ui.pick(DATASET);
    await ui.pick('First column → second column');
    await ui.pick('Luong (dot)');
    await ui.pick('Tiny');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    // Enough epochs to translate while it runs (~1 s an epoch for the tiny model).
    await input.fill(String(EPOCHS));
    await page.keyboard.press('Enter');
    // The name step: the automatic label (it names the dataset) is kept.
    await page.locator('.quick-input-widget', { hasText: 'Name of the model' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');

    const view = ui.webviewFrame();
    const first = view.locator('li.run').first();
    await first.waitFor({ state: 'visible', timeout: 120_000 });
    // Several batch points while still in the first epochs.
    const deadline = Date.now() + 120_000;
    let points = 0;
    while (Date.now() < deadline) {
      points = Number(await first.getAttribute('data-batch-points').catch(() => '0'));
      if (points >= 3) break;
      await page.waitForTimeout(250);
    }
    assert.ok(points >= 3, `only ${points} per-batch points reached the panel`);
    assert.match(await first.getAttribute('class') ?? '', /state-running/, 'the points arrived while the run was going');
    assert.match(await first.innerText(), new RegExp(DATASET.replace('.', '\\.')));
    assert.ok(!(await first.getAttribute('class'))?.includes('is-reference'), 'the first run is not a reference run');
    assert.ok(await view.locator('.charts path.series.batch').count() >= 1, 'a per-batch line in the loss chart');
    // The shipped models' curves are there, collapsed below it.
    const toggle = view.locator('button.disclosure');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    assert.match(await toggle.innerText(), /Reference runs/);
    // One line of status, not a paragraph.
    const status = view.locator('#status');
    const box = await status.boundingBox();
    assert.ok(box && box.height < 40, `status line ${box?.height} px high`);
    await ui.screenshot('training-view-running');
  });

  it('translates a date during the run and returns to the Training tab with the keyboard', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    const runningBefore = await view.locator('li.run.state-running').count() > 0;
    await ui.openFile('dates.txt');
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: Translate Selection');
    await view.locator('table[role="grid"]').first().waitFor({ state: 'visible', timeout: 120_000 });
    const tabs = view.locator('[role="tablist"]');
    await tabs.waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await view.locator('#tab-result').getAttribute('aria-selected'), 'true');
    const running = await view.locator('.tab-badge').isVisible();
    assert.ok(runningBefore, 'the run was still going when the translation was asked for');
    await ui.screenshot('training-view-translation-tab');
    // Keyboard: focus the Translation tab, Right arrow to Training.
    await view.locator('#tab-result').focus();
    await ui.press('ArrowRight');
    await view.locator('.charts').waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await view.locator('#tab-training').getAttribute('aria-selected'), 'true');
    assert.strictEqual(await view.locator('li.run').first().getAttribute('data-run') !== null, true);
    assert.ok(!(await view.locator('li.run').first().getAttribute('class'))?.includes('is-reference'));
    // The run finishes; the Training tab keeps it, and its badge goes once it is done.
    await view.locator('li.run.state-completed', { hasText: DATASET }).first().waitFor({ state: 'visible', timeout: 300_000 });
    assert.ok(Number(await view.locator('li.run').first().getAttribute('data-batch-points')) >= 3);
    await view.locator('.tab-badge').waitFor({ state: 'hidden', timeout: 30_000 });
    process.stdout.write(`      (the translation arrived while the run was ${running ? 'still going' : 'already done'})\n`);
    await ui.screenshot('training-view-done');
    // And back to the translation with Home.
    await view.locator('#tab-training').focus();
    await ui.press('Home');
    await view.locator('table[role="grid"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await view.locator('#tab-result').focus();
    await ui.press('End');
    await view.locator('.charts').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('opens the reference runs from the keyboard: drawn dotted and labelled reference', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    const toggle = view.locator('button.disclosure');
    await toggle.focus();
    await ui.press('Enter');
    await view.locator('button.disclosure[aria-expanded="true"]').waitFor({ timeout: 30_000 });
    const labels = await view.locator('.charts svg').first().locator('text.legend-label').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(labels.some((l) => l.includes('(reference)')), labels.join(' | '));
    assert.ok(!labels[0].includes('(reference)'), 'your run heads the legend');
    assert.ok(await view.locator('.charts path.series.reference').count() >= 3);
    await ui.screenshot('training-view-references');
  });

  for (const theme of ['Dark High Contrast', 'Light High Contrast']) {
    it(`shows every legend label and series in ${theme}`, async function () {
      assert.ok(ui);
      const page = ui.page;
      // The palette's row for the command must have the focus before Enter: 'Browse Color Themes in
      // Marketplace' sits next to it.
      const widget = page.locator('.quick-input-widget');
      const filter = widget.locator('.quick-input-box input');
      await page.keyboard.press('F1');
      await filter.waitFor({ state: 'visible', timeout: 30_000 });
      await filter.fill('>Preferences: Color Theme');
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const command = widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Preferences: Color Theme' });
      // A recently used command can be listed above it: walk down to it as a person would.
      for (let k = 0; k < 8 && !(await command.isVisible()); k++) await page.keyboard.press('ArrowDown');
      await command.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      // The theme picker lists the installed themes; filter to one and take it.
      await widget.locator('.quick-input-box input[placeholder*="Color Theme"]').waitFor({ state: 'visible', timeout: 30_000 });
      await filter.fill(theme);
      await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: theme }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: 30_000 });
      const view = ui.webviewFrame();
      const cls = theme.startsWith('Light') ? 'vscode-high-contrast-light' : 'vscode-high-contrast';
      await view.locator(`body.${cls}`).waitFor({ timeout: 30_000 });
      // A theme change can re-render the panel: wait for the charts' legends to be back.
      await view.locator('.charts text.legend-label').nth(5).waitFor({ state: 'attached', timeout: 30_000 });
      // The theme's colour variables can reach the webview a moment after its class: read until every
      // series has a colour (or give up after 10 s and let the checks below say which has none).
      let colours = await chartColours(view);
      for (let k = 0; k < 40 && colours.lines.some((l) => l.color === 'none'); k++) {
        await page.waitForTimeout(250);
        colours = await chartColours(view);
      }
      assert.ok(colours.labels.length >= 6, `${colours.labels.length} legend labels`);
      for (const l of colours.labels) {
        const ratio = contrast(l.color, colours.background);
        assert.ok(ratio >= 4.5, `legend label '${l.text}' ${l.color} on ${colours.background}: contrast ${ratio.toFixed(2)}`);
      }
      assert.ok(colours.lines.length >= 6);
      for (const line of colours.lines) {
        const ratio = contrast(line.color, colours.background);
        assert.ok(ratio >= 3, `series '${line.cls}' ${line.color} on ${colours.background}: contrast ${ratio.toFixed(2)}`);
        assert.ok(line.width >= 1, `series '${line.cls}' ${line.width} px wide`);
      }
      await ui.screenshot(`training-view-${theme.toLowerCase().replace(/ /g, '-')}`);
    });
  }
});
