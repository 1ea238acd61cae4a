/**
 * Real language as a person sees it: with the English -> French model active, select an English sentence,
 * run Translate Selection from the palette and read the French output and its subword heatmap.
 */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('English to French (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'french', settings: { 'seq2seqAttention.activeModel': 'en-fr-luong-dot' } });
  });

  after(async function () {
    await ui?.close();
  });

  it('translates an English line into French with one heatmap column per subword piece', async function () {
    assert.ok(ui);
    await ui.openFile('english.txt');
    await ui.selectText({ line: 2 });
    const [line] = (await ui.editorText()).slice(1, 2);
    await ui.runCommand('Seq2Seq: Translate Selection');
    const grid = ui.webviewFrame().locator('table[role="grid"]').first();
    await grid.waitFor({ state: 'visible', timeout: 90_000 });
    const columns = await grid.locator('thead th[scope="col"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''));
    assert.ok(columns.some(c => c.startsWith('▁')), `subword pieces: ${JSON.stringify(columns)}`);
    assert.strictEqual(columns.join('').replace(/▁/g, ' ').trim(), line.trim(), 'the pieces spell the selected line');
    const rows = await grid.locator('tbody th[scope="row"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''));
    const french = rows.join('').replace(/▁/g, ' ').trim();
    assert.ok(rows.length >= 2 && /[a-zàâçéèêëîïôûùüÿœ]{2}/i.test(french), `French output: '${french}'`);
    assert.ok(!rows.includes('<unk>'), `no <unk> in '${french}'`);
    await ui.screenshot('french-heatmap');
  });
});
