/**
 * Honest confidence as a person sees it: a date the model is unsure about gets a low-confidence notice
 * and "?" marks; English selected with the date model active gets a panel that offers the models that
 * fit it, and clicking one translates the sentence with that model; the model card opens from the panel.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyWorkspace, sampleWorkspace } from '../harness/paths';
import { startSession, type UiSession } from './harness';

/** Dates outside the years of the book's data (1970-2017): the date models are unsure of them. */
const UNSURE = ['june 1, 2020', 'DEC 1, 1969', '12/31/69'];

describe('Confidence and fit (UI)', function () {
  let ui: UiSession | undefined;
  /** The model the second test switched to. */
  let offered = '';

  let workspace = '';

  before(async function () {
    // The sample workspace plus a file of unsure dates, in place before the window opens (the explorer
    // lists what is there when it starts).
    workspace = copyWorkspace(sampleWorkspace(), 'confidence-ws');
    fs.writeFileSync(path.join(workspace, 'unsure-dates.txt'), UNSURE.join('\n') + '\n');
    ui = await startSession({ name: 'confidence', workspace, settings: { 'seq2seqAttention.activeModel': 'date-bahdanau' } });
  });

  after(async function () {
    await ui?.close();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('shows a low-confidence notice for an unsure date and marks its weak tokens with "?"', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    let found = '';
    // The first of the unsure dates below the threshold (each is one the book's data does not cover).
    for (let line = 1; line <= UNSURE.length && !found; line++) {
      await ui.openFile('unsure-dates.txt');
      await ui.selectText({ line });
      await ui.runCommand('Seq2Seq: Translate Selection');
      await view.locator('.input-line .input-text', { hasText: UNSURE[line - 1] }).first().waitFor({ state: 'visible', timeout: 90_000 });
      await view.locator('table[role="grid"]').first().waitFor({ state: 'visible', timeout: 30_000 });
      if (await view.locator('.notice.low-confidence').count()) found = UNSURE[line - 1];
    }
    assert.ok(found, `none of ${UNSURE.join(', ')} got a low-confidence notice`);
    const notice = view.locator('.notice.low-confidence').first();
    assert.match(await notice.innerText(), /Low confidence: its weakest token has p = 0\.\d\d, below this model's calibrated 0\.\d\d/);
    assert.strictEqual(await notice.getAttribute('role'), 'note');
    const marked = view.locator('table[role="grid"] th.out-head.low');
    assert.ok(await marked.count() >= 1, 'a weak output token is marked in the heatmap');
    assert.strictEqual(await marked.first().locator('.low-mark').innerText(), '?');
    assert.match(await marked.first().locator('button').getAttribute('aria-label') ?? '', /low probability \(below 0\.\d\d\)/);
    assert.ok(await view.locator('.output-strip li.low').count() >= 1, 'and in the output strip');
    assert.match(await view.locator('.entry-head .held-out').innerText(), /held-out, greedy: \d+\.\d\d % exact match/);
    await ui.screenshot('confidence-low');
  });

  it('offers the models that fit an English sentence and translates it with the one clicked', async function () {
    assert.ok(ui);
    await ui.openFile('english.txt');
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: Translate Selection');
    const view = ui.webviewFrame();
    const offer = view.locator('button.use-model').first();
    await offer.waitFor({ state: 'visible', timeout: 90_000 });
    const label = (await offer.innerText()).trim();
    assert.match(label, /^Use .+/);
    offered = (await offer.getAttribute('data-model')) ?? '';
    assert.ok(offered, 'the button names its model');
    const panelText = await view.locator('main').innerText();
    assert.match(panelText, /does not fit|did not translate/);
    assert.match(panelText, /I won't buy this shirt\./);
    await ui.screenshot('confidence-offer');
    await offer.click();
    // The panel now shows the sentence translated by the offered model (its card heading).
    const modelLabel = label.replace(/^Use /, '');
    await view.locator('article.entry h3', { hasText: modelLabel }).first().waitFor({ state: 'visible', timeout: 90_000 });
    await view.locator('table[role="grid"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await view.locator('.input-line .input-text').innerText(), /I won't buy this shirt\./);
    assert.strictEqual(await view.locator('button.use-model').count(), 0, 'it fits the new model: nothing more to offer');
    await ui.screenshot('confidence-switched');
  });

  it('opens the model card from the panel as a read-only preview', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    const card = view.locator('details.model-card').first();
    await card.locator('summary').click();
    await card.locator('button', { hasText: 'Open the full model card' }).click();
    // The panel shows the model switched to in the previous test; its card opens in a preview tab.
    const tab = ui.page.locator('.tabs-container .tab', { hasText: `${offered}.md` }).first();
    await tab.waitFor({ state: 'visible', timeout: 60_000 });
    const preview = ui.webviewFrame('vscode.markdown-language-features');
    await preview.locator('h2', { hasText: 'Held-out scores' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await preview.locator('body').innerText(), /Training data[\s\S]*CC-BY 2\.0 France/);
    await ui.screenshot('confidence-card');
  });
});
