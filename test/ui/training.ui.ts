/**
 * Train Model from Workspace Dataset as a person does it: the command palette, the dataset picker
 * (format and pair count shown), direction, mechanism, size and epochs; then the finished notification
 * and the malformed line in the Problems panel.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../harness/paths';
import { startSession, type UiSession } from './harness';

const DATASET = 'dates-small.txt';

describe('Train Model from Workspace Dataset (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'training' });
    fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'host', DATASET), path.join(ui.workspace, DATASET));
  });

  after(async function () {
    await ui?.close();
  });


  it('opens on the shipped models\' training curves: baseline vs peeky vs attention (figure 8-26)', async function () {
    assert.ok(ui);
    await ui.runCommand('Seq2Seq: Show Attention Explorer');
    const view = ui.webviewFrame();
    await view.locator('text=Exact match per epoch').first().waitFor({ state: 'visible', timeout: 90_000 });
    const text = await view.locator('body').innerText();
    for (const label of ['Seq2seq baseline', 'Peeky seq2seq', 'Bahdanau']) assert.ok(text.includes(label), `no ${label} run in the chart`);
    await ui.screenshot('figure-8-26');
  });

  it('trains a model through the pickers and lists the malformed line in the Problems panel', async function () {
    assert.ok(ui);
    const page = ui.page;
    await ui.runCommand('Seq2Seq: Train Model from Workspace Dataset');
    // Step 1: the dataset, with its detected format and pair count.
    const datasetRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: DATASET }).first();
    await datasetRow.waitFor({ state: 'visible', timeout: 60_000 });
    const rowText = await datasetRow.innerText();
    assert.match(rowText, /Fixed-width/);
    assert.match(rowText, /301 pairs/);
    await ui.screenshot('training-dataset-picker');
    await datasetRow.click();
    await ui.pick('First column → second column');
    await ui.pick('Luong (dot)');
    await ui.pick('Tiny');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('2');
    await page.keyboard.press('Enter');
    // Step 6: the model's name, prefilled with the automatic label; a person types their own.
    await page.locator('.quick-input-widget', { hasText: 'Name of the model' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await input.inputValue(), /Luong · dates-small\.txt/, 'the name box starts with the automatic label');
    await input.fill('My small dates model');
    await ui.screenshot('training-name-step');
    await page.keyboard.press('Enter');

    // The live training view in the panel shows the run and marks it completed.
    const run = ui.webviewFrame().locator('li.run.state-completed', { hasText: 'My small dates model' }).first();
    await run.waitFor({ state: 'visible', timeout: 120_000 });
    await ui.screenshot('training-done');

    // The saved model is listed and selectable.
    // Type to filter, as a person would: the list is virtualised, so a row below the fold is not rendered.
    const model = await ui.openPickerFiltered('Seq2Seq: Select Model', 'Select Model', 'My small dates model', 'My small dates model');
    assert.match(await model.innerText(), /Luong \(dot\) · trained by you/);
    await page.keyboard.press('Escape');

    await ui.runCommand('Problems: Focus on Problems View');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'Skipped line 42' }).first();
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await problem.innerText(), /no '_' separating the question from the answer/);
    await ui.screenshot('training-problems');
  });
});
