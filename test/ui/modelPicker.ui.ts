/**
 * The Select Model picker's item buttons as a person uses them: hover a model the user trained, click
 * the book icon to read its model card, then open the picker again, hover the model and click the pencil
 * icon to rename it in the box that opens; the picker then lists the new name.
 *
 * The model is made here, before the session starts: a tiny date model (one epoch on the 300-pair
 * fixture, a few seconds) trained by the CLI into the workspace's `.seq2seq/models`, which the extension
 * lists as trained by the user when `training.saveLocation` is `workspace`.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { copyWorkspace, projectRoot, sampleWorkspace } from '../harness/paths';
import { startSession, type UiSession } from './harness';

const MODEL_ID = 'ui-picker-dates';
const LABEL = 'Picker test dates';
const RENAMED = 'Renamed by a click';

function workspaceWithModel(): string {
  const workspace = copyWorkspace(sampleWorkspace(), 'ui-model-picker');
  const models = path.join(workspace, '.seq2seq', 'models');
  fs.mkdirSync(models, { recursive: true });
  const root = projectRoot();
  execFileSync('nice', ['-n', '10', process.execPath, path.join(root, 'dist', 'cli.js'), 'train',
    '--data', path.join(root, 'test', 'fixtures', 'host', 'dates-small.txt'), '--task', 'ui-dates',
    '--epochs', '1', '--batch', '32', '--embedding', '8', '--hidden', '16', '--mechanism', 'luong-dot', '--seed', '3',
    '--id', MODEL_ID, '--label', LABEL, '--out', path.join(models, `${MODEL_ID}.s2s`)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return workspace;
}

describe('Select Model item buttons (UI)', function () {
  let ui: UiSession | undefined;
  let workspace: string | undefined;

  before(async function () {
    workspace = workspaceWithModel();
    ui = await startSession({ name: 'model-picker', workspace, settings: { 'seq2seqAttention.training.saveLocation': 'workspace' } });
  });

  after(async function () {
    await ui?.close();
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  const row = (label: string): Locator => {
    assert.ok(ui);
    return ui.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  };

  /** Hovers the row (its buttons show on hover, as for a person) and clicks the button with that tooltip. */
  async function clickRowButton(label: string, tooltip: string): Promise<void> {
    assert.ok(ui);
    const target = row(label);
    await target.waitFor({ state: 'visible', timeout: 60_000 });
    await target.scrollIntoViewIfNeeded();
    await target.hover();
    const button = target.locator(`.action-label[aria-label="${tooltip}"], .action-label[title="${tooltip}"]`).first();
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
  }

  async function openPicker(): Promise<void> {
    assert.ok(ui);
    await ui.runCommandToPicker('Seq2Seq: Select Model', 'Select Model');
    // Filter to the trained model's task, as a person would type a few letters of its name.
    await ui.page.locator('.quick-input-widget .quick-input-box input').fill('Picker');
    await row(LABEL).waitFor({ state: 'visible', timeout: 60_000 });
  }

  it('opens the model card of a trained model from its book button', async function () {
    assert.ok(ui);
    const page = ui.page;
    await openPicker();
    const text = await row(LABEL).innerText();
    assert.match(text, /trained by you/, `the row says who trained it: ${text}`);
    await ui.screenshot('model-picker-trained-row');
    await clickRowButton(LABEL, 'Open the model card');
    // The card opens beside the picker: a tab named after the model's card document.
    const tab = page.locator('.tabs-container .tab', { hasText: MODEL_ID }).first();
    await tab.waitFor({ state: 'visible', timeout: 60_000 });
    // The Markdown preview draws the card from the model's header: its name and id.
    const preview = ui.webviewFrame('vscode.markdown-language-features');
    await preview.locator('h1', { hasText: LABEL }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await preview.locator('body').innerText(), new RegExp(`${MODEL_ID} · task ui-dates · Luong \\(dot\\)`));
    await ui.screenshot('model-picker-card-opened');
  });

  it('renames a trained model from its pencil button; the picker then lists the new name', async function () {
    assert.ok(ui);
    const page = ui.page;
    await openPicker();
    await clickRowButton(LABEL, 'Rename this trained model');
    // The picker makes way for the rename box, which starts with the current name.
    const box = page.locator('.quick-input-widget', { hasText: `New name of ${MODEL_ID}` });
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    const input = page.locator('.quick-input-widget .quick-input-box input');
    assert.strictEqual(await input.inputValue(), LABEL);
    await input.fill(RENAMED);
    await ui.screenshot('model-picker-rename-box');
    await page.keyboard.press('Enter');
    // The file itself holds the new name: what the next window (or another machine) reads.
    const file = path.join(ui.workspace, '.seq2seq', 'models', `${MODEL_ID}.s2s`);
    const deadline = Date.now() + 60_000;
    while (!fs.readFileSync(file).includes(Buffer.from(`"label":"${RENAMED}"`)) && Date.now() < deadline) await page.waitForTimeout(250);
    assert.ok(fs.readFileSync(file).includes(Buffer.from(`"label":"${RENAMED}"`)), 'the model file has the new label');
    // The confirmation, as a toast or (once the toast has gone) in the notification centre.
    const said = page.locator('.notification-list-item-message', { hasText: `Renamed "${LABEL}" to "${RENAMED}".` }).first();
    if (!(await said.isVisible())) await ui.runCommand('Notifications: Show Notifications');
    await said.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('model-picker-renamed-notification');
    await ui.runCommandToPicker('Seq2Seq: Select Model', 'Select Model');
    await ui.page.locator('.quick-input-widget .quick-input-box input').fill('Renamed');
    await row(RENAMED).waitFor({ state: 'visible', timeout: 60_000 });
    assert.strictEqual(await row(LABEL).count(), 0, 'the old name is gone from the picker');
    await ui.screenshot('model-picker-renamed');
    await page.keyboard.press('Escape');
  });
});
