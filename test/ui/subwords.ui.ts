/**
 * Subword models in pieces or words, as a person uses them: translate with a subword model, read its
 * pieces in the heatmap, click Words, read merged word columns and the hover of a whole word, then find
 * the choice kept after a window reload and in a new panel.
 *
 * The model is made here, before the session starts: a tiny English -> Korean subword model (4 epochs on
 * the Tatoeba fixture, seconds) trained by the CLI into the workspace's `.seq2seq/models`, which the
 * extension lists when `training.saveLocation` is `workspace`. Its translations are poor; its pieces and
 * attention are real, which is what this test reads.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyWorkspace, projectRoot, sampleWorkspace } from '../harness/paths';
import { startSession, type UiSession } from './harness';

const MODEL_ID = 'test-en-ko-subword';
const FILE = 'subwords.txt';
/** From the training data; "Seriously?" and "wonderful" are several pieces each in this vocabulary. */
const INPUT = 'Seriously? Be patient, wonderful idiot.';
const WORDS = INPUT.split(' ');

/** A copy of the sample workspace with the subword model and a file holding the input. */
function workspaceWithModel(): string {
  const workspace = copyWorkspace(sampleWorkspace(), 'ui-subword-model');
  const models = path.join(workspace, '.seq2seq', 'models');
  fs.mkdirSync(models, { recursive: true });
  const root = projectRoot();
  execFileSync('nice', ['-n', '10', process.execPath, path.join(root, 'dist', 'cli.js'), 'train',
    '--data', path.join(root, 'test', 'fixtures', 'host', 'kor-eng-small.tsv'),
    '--tokenizer', 'subword', '--max-vocab', '300', '--epochs', '4', '--batch', '16', '--lr', '0.01', '--embedding', '16', '--hidden', '32',
    '--mechanism', 'luong-dot', '--seed', '7', '--out', path.join(models, `${MODEL_ID}.s2s`)], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(workspace, FILE), `${INPUT}\n`);
  return workspace;
}

describe('Subword pieces and words (UI)', function () {
  let ui: UiSession | undefined;
  let workspace: string | undefined;

  before(async function () {
    workspace = workspaceWithModel();
    ui = await startSession({
      name: 'subwords',
      workspace,
      settings: { 'seq2seqAttention.training.saveLocation': 'workspace', 'seq2seqAttention.activeModel': MODEL_ID },
    });
  });

  after(async function () {
    await ui?.close();
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  const grid = () => {
    assert.ok(ui);
    return ui.webviewFrame().locator('table[role="grid"]').first();
  };
  const columns = () => grid().locator('thead th[scope="col"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''));
  const rowTokens = () => grid().locator('tbody th[scope="row"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''));
  let pieceRows: string[] = [];
  const toggle = (unit: 'pieces' | 'words') => {
    assert.ok(ui);
    return ui.webviewFrame().locator(`.subword-toggle button[data-subword-view="${unit}"]`);
  };
  /** The column tokens once `done` holds for them (or after a step wait, for the assertion to report). */
  async function columnsWhen(done: (cols: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 60_000;
    let cols = await columns();
    while (!done(cols) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 200));
      cols = await columns();
    }
    return cols;
  }
  const wordColumns = () => columnsWhen(cols => cols.length === WORDS.length);
  async function translateInput(): Promise<void> {
    assert.ok(ui);
    await ui.openFile(FILE);
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: Translate Selection');
    await grid().waitFor({ state: 'visible', timeout: 90_000 });
  }

  it('translates with a subword model and shows its pieces, with the Pieces / Words toggle', async function () {
    assert.ok(ui);
    await translateInput();
    const pieces = await columns();
    assert.ok(pieces.length > WORDS.length, `pieces: ${JSON.stringify(pieces)}`);
    assert.ok(pieces.some(p => !p.startsWith('\u2581')), 'some pieces continue a word');
    assert.strictEqual(pieces.join('').replace(/\u2581/g, ' ').trim(), INPUT, 'the pieces spell the input');
    pieceRows = await rowTokens();
    assert.ok(pieceRows.length > 0, 'the model wrote something');
    assert.strictEqual(await toggle('pieces').getAttribute('aria-pressed'), 'true');
    assert.strictEqual(await toggle('words').getAttribute('aria-pressed'), 'false');
    assert.strictEqual(await ui.webviewFrame().locator('.subword-toggle').getAttribute('role'), 'group');
    await ui.screenshot('subwords-pieces');
  });

  it('clicks Words and sees one column per word, each row still summing to 1', async function () {
    assert.ok(ui);
    await toggle('words').click();
    const words = await wordColumns();
    assert.deepStrictEqual(words, WORDS);
    assert.strictEqual(await toggle('words').getAttribute('aria-pressed'), 'true');
    // Output rows are the words of the translation, from no more rows than there were pieces.
    const text = (await ui.webviewFrame().locator('output.output-text').first().innerText()).trim();
    const wordRows = await rowTokens();
    assert.deepStrictEqual(wordRows, text.split(' '), `pieces were ${JSON.stringify(pieceRows)}`);
    assert.ok(wordRows.length <= pieceRows.length);
    const stripTokens = await ui.webviewFrame().locator('.output-strip li .tok').allInnerTexts();
    assert.deepStrictEqual(stripTokens, wordRows, 'the output strip shows the same words');
    const rows = await grid().locator('tbody tr').evaluateAll(trs => trs.map(tr =>
      [...tr.querySelectorAll('[role="gridcell"]')].reduce((sum, td) => sum + Number(td.getAttribute('data-weight')), 0)));
    assert.ok(rows.length > 0);
    // data-weight is rounded to 2 decimals: a row of 6 words is within 6 x 0.005 of 1.
    for (const sum of rows) assert.ok(Math.abs(sum - 1) <= 0.031, `a row sums to ${sum}`);
    const labels = await grid().locator('[role="gridcell"]').evaluateAll(tds => tds.map(td => td.getAttribute('aria-label') ?? ''));
    assert.ok(labels.some(l => l.includes("<- 'Seriously?'")), 'cells name whole words');
    await ui.screenshot('subwords-words');
  });

  it('hovering a word of the translated text shows that whole word\'s merged weights', async function () {
    assert.ok(ui);
    const page = ui.page;
    const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: INPUT }).first();
    const box = await line.locator('span').first().boundingBox();
    assert.ok(box, 'the line is rendered');
    const charWidth = box.width / INPUT.length;
    await page.mouse.click(box.x + box.width + 40, box.y + box.height / 2);
    // Over the "d" of "wonderful", a piece in the middle of the word.
    const at = INPUT.indexOf('wonderful') + 4;
    await page.mouse.move(box.x + charWidth * (at + 0.5), box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'Attention to source word' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await hover.innerText();
    assert.match(text, new RegExp(`Attention to source word\\s+wonderful\\s+\\(4 of ${WORDS.length}\\)`), text);
    assert.match(text, new RegExp(MODEL_ID));
    assert.match(text, /coverage \d\.\d\d/);
    await ui.screenshot('subwords-hover-word');
  });

  it('keeps Words after the window reloads and in a new panel', async function () {
    assert.ok(ui);
    await ui.reloadWindow();
    await grid().waitFor({ state: 'visible', timeout: 90_000 });
    assert.deepStrictEqual(await wordColumns(), WORDS);
    assert.strictEqual(await toggle('words').getAttribute('aria-pressed'), 'true');
    await ui.screenshot('subwords-after-reload');
    // Close every editor and the panel, then translate again: a new panel, with no state of its own.
    await ui.runCommand('View: Close All Editors');
    await ui.webviewFrame().locator('body').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    await translateInput();
    assert.deepStrictEqual(await wordColumns(), WORDS);
    assert.strictEqual(await toggle('words').getAttribute('aria-pressed'), 'true');
    await ui.screenshot('subwords-new-panel');
    // And back to pieces, by keyboard.
    await toggle('pieces').focus();
    await ui.press('Enter');
    const pieces = await columnsWhen(cols => cols.length > WORDS.length);
    assert.ok(pieces.length > WORDS.length, `pieces again: ${JSON.stringify(pieces)}`);
  });

  it('keeps Words when Select Model switches to the shipped English -> French model', async function () {
    assert.ok(ui);
    const page = ui.page;
    await toggle('words').click();
    await wordColumns();
    // Enter once the filter has focused the model's row (see runCommandToPicker on clicking rows).
    await ui.openPickerFiltered('Seq2Seq: Select Model', 'Select Model', 'en-fr-luong-dot', 'en-fr-luong-dot');
    await page.keyboard.press('Enter');
    // The panel's input is translated again by the new model, still in words.
    const heading = ui.webviewFrame().locator('article.entry h3').first();
    const deadline = Date.now() + 90_000;
    while (!/en-fr|French/i.test(await heading.innerText()) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.match(await heading.innerText(), /en-fr|French/i);
    assert.deepStrictEqual(await wordColumns(), WORDS);
    assert.strictEqual(await toggle('words').getAttribute('aria-pressed'), 'true');
    // And it stays so: a late `preferences` from the host must not switch it back.
    await page.waitForTimeout(2000);
    assert.deepStrictEqual(await columns(), WORDS, 'still words two seconds later');
    const text = (await ui.webviewFrame().locator('output.output-text').first().innerText()).trim();
    assert.deepStrictEqual(await rowTokens(), text.split(' '), 'one row per French word');
    assert.ok(!text.includes('\u2581'));
    await ui.screenshot('subwords-french-words');
  });
});
