/** Export Attention: the panel renders the current view and the host saves it. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DEFAULT_MODEL, getApi, openAndSelect, requireModel, selectDate, workspaceFolder, writeWorkspaceFile } from './helpers';

describe('Export Attention', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;
  let view: TranslationView;

  before(async () => {
    api = await getApi();
    await requireModel(api, DEFAULT_MODEL);
    await selectDate();
    const translated = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(translated, `translation failed: ${api.lastUserMessage()?.text}`);
    view = translated;
  });

  const cases: [string, (bytes: Buffer) => void][] = [
    ['json', bytes => {
      // The exported view is the one on screen: the translation just made, with its attention matrix.
      const parsed = JSON.parse(bytes.toString('utf8')) as { view?: TranslationView };
      assert.strictEqual(parsed.view?.kind, 'translation');
      assert.strictEqual(parsed.view.entry.result.text, view.entry.result.text);
      assert.deepStrictEqual(parsed.view.entry.result.attention, view.entry.result.attention);
    }],
    ['csv', bytes => assert.ok(bytes.toString('utf8').split(/\r?\n/).filter(Boolean).length >= 10, 'one line per output token')],
    ['svg', bytes => {
      const svg = bytes.toString('utf8');
      assert.match(svg, /<svg[\s>]/);
      // Axis titles and a title with the model and the input, as the panel labels them.
      assert.ok(svg.includes('>Source tokens \u2192</text>') && svg.includes('>Output tokens</text>'), 'axis titles');
      assert.ok(svg.includes(`for &quot;${view.input}&quot;</text>`), 'the input in the title');
    }],
    ['png', bytes => assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ];
  for (const [format, check] of cases) {
    it(`saves ${format.toUpperCase()}`, async () => {
      const uri = vscode.Uri.joinPath(workspaceFolder(), `export-test.${format}`);
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format, uri });
      assert.ok(saved, `export failed: ${api.lastUserMessage()?.text}`);
      const bytes = Buffer.from(await vscode.workspace.fs.readFile(uri));
      assert.ok(bytes.length > 0);
      check(bytes);
    });
  }

  it('leaves its own CSV exports out of the Train Model dataset pick, under any name, and says why when one is chosen', async () => {
    const exported = vscode.Uri.joinPath(workspaceFolder(), 'exports', 'my-pairs.csv');
    const comparisonUri = vscode.Uri.joinPath(workspaceFolder(), 'exports', 'compared.txt');
    assert.ok(await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format: 'csv', uri: exported }),
      `export failed: ${api.lastUserMessage()?.text}`);
    await selectDate();
    assert.ok(await vscode.commands.executeCommand(COMMANDS.compare), `compare failed: ${api.lastUserMessage()?.text}`);
    assert.ok(await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format: 'csv', uri: comparisonUri }),
      `export failed: ${api.lastUserMessage()?.text}`);
    const dataset = await writeWorkspaceFile('exports/real-pairs.csv', 'source,target\r\nmay 1 2001,2001-05-01\r\njune 2 2002,2002-06-02\r\n');
    const found = (await api.scanDatasets()).map(c => c.uri.toString());
    assert.ok(found.includes(dataset.toString()), `a real CSV dataset is still offered: ${found.join(', ')}`);
    assert.ok(!found.includes(exported.toString()), 'the translation export is not offered');
    assert.ok(!found.includes(comparisonUri.toString()), 'the comparison export is not offered');
    // Chosen anyway (the explorer's Train Model on this file): a clear refusal, no training.
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.train, exported), undefined);
    assert.match(api.lastUserMessage()?.text ?? '', /exports\/my-pairs\.csv is an attention export of this extension, not a dataset/);
  });

  it('suggests a file name from the model and the input, different for another input', async () => {
    // The panel shows what the tests before left: translate this test's input first.
    await selectDate();
    assert.ok(await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate), `translation failed: ${api.lastUserMessage()?.text}`);
    const folder = vscode.Uri.joinPath(workspaceFolder(), 'exports-by-name');
    const first = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format: 'svg', folder });
    assert.ok(first, `export failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(first.path.split('/').pop(), `${DEFAULT_MODEL}-september-27-1994-heatmap.svg`);

    const doc = await writeWorkspaceFile('export-names.txt', 'due 2019년 1월 20일 (일)\n');
    await openAndSelect(doc, '2019년 1월 20일 (일)');
    const other = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
    assert.ok(other, `translation failed: ${api.lastUserMessage()?.text}`);
    const second = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format: 'csv', folder });
    assert.ok(second, `export failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(second.path.split('/').pop(), `${DEFAULT_MODEL}-2019년-1월-20일-일-heatmap.csv`, 'Korean is kept in the name');
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();
    assert.deepStrictEqual(names, [`${DEFAULT_MODEL}-2019년-1월-20일-일-heatmap.csv`, `${DEFAULT_MODEL}-september-27-1994-heatmap.svg`]);
  });

  it('exports a comparison as a grid named after the task and the input', async () => {
    await selectDate();
    const compared = await vscode.commands.executeCommand<{ entries: unknown[] } | undefined>(COMMANDS.compare);
    assert.ok(compared && compared.entries.length >= 4, `compare failed: ${api.lastUserMessage()?.text}`);
    const folder = vscode.Uri.joinPath(workspaceFolder(), 'exports-comparison');
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.export, { format: 'svg', folder });
    assert.ok(saved, `export failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(saved.path.split('/').pop(), 'date-formats-september-27-1994-comparison.svg');
    const svg = Buffer.from(await vscode.workspace.fs.readFile(saved)).toString('utf8');
    // Each card's title at its cell's top left: more than one column and more than one row.
    const titles = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*font-weight="bold"[^>]*>([^<]+): 1994-09-27<\/text>/g)];
    assert.strictEqual(titles.length, compared.entries.length, titles.map((m) => m[3]).join(', '));
    assert.ok(new Set(titles.map((m) => m[1])).size >= 2 && new Set(titles.map((m) => m[2])).size >= 2, 'cards in rows and columns');
  });
});
