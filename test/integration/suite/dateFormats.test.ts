/**
 * The default model reads the dates people type: selections in formats of different families go through
 * Translate Selection in a real VS Code and come out as ISO YYYY-MM-DD, numeric ones by the documented rule.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { COMMANDS, DEFAULT_MODEL, getApi, openAndSelect, requireModel, writeWorkspaceFile } from './helpers';

/** [selection, family, ISO answer]. */
const CASES: [string, string, string][] = [
  ['2019-01-20', 'iso', '2019-01-20'],
  ['20190120', 'compact', '2019-01-20'],
  ['Sun 20 Jan 2019', 'weekday', '2019-01-20'],
  ['2019년 1월 20일 일요일', 'korean', '2019-01-20'],
  ['the 1st of March 2000', 'ordinal', '2000-03-01'],
  ['01/02/03', 'numeric-mdy: "/" is month-first', '2003-01-02'],
  ['3.4.2019', 'numeric-dmy: "." with the year last is day-first', '2019-04-03'],
];

describe('Translate Selection: dates as people type them', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;
  let uri: vscode.Uri;

  before(async () => {
    api = await getApi();
    await requireModel(api, DEFAULT_MODEL);
    uri = await writeWorkspaceFile('typed-dates.txt', CASES.map(([input]) => input).join('\n') + '\n');
  });

  for (const [input, family, expected] of CASES) {
    it(`reads '${input}' (${family}) as ${expected}`, async () => {
      await openAndSelect(uri, input);
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
      assert.ok(view, `the command failed: ${api.lastUserMessage()?.text}`);
      assert.strictEqual(view.entry.modelId, DEFAULT_MODEL);
      assert.strictEqual(view.input, input);
      assert.strictEqual(view.entry.result.source.map(s => s.text).join(''), input, 'one source token per character');
      assert.strictEqual(view.entry.result.text, expected);
    });
  }
});
