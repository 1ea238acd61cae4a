/**
 * The training wizard's dataset pick leaves out the CSV files Export Attention writes: every export the
 * panel can make is recognised by its header (each would otherwise sniff as a CSV dataset), and real
 * datasets are not.
 */
import * as assert from 'assert';
import { sniffDataset } from '../../../src/shared/data/index';
import { ownExportKind } from '../../../src/shared/data/ownExports';
import { CSV_BOM, viewCsv } from '../../../webview/exporters';
import type { PanelView } from '../../../src/shared/protocol/webview';
import { comparison, entry, mismatch, training, trickyTranslation } from '../webview/sampleViews';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('own exports are not datasets', () => {
  const noAttention: PanelView = { ...trickyTranslation(), entry: entry('baseline', ['a', 'b'], ['1', '2'], null) };
  const exports: [string, PanelView][] = [
    ['attention', trickyTranslation()], ['outputs', noAttention], ['comparison', comparison()], ['training', training()], ['mismatch', mismatch()],
  ];
  for (const [kind, view] of exports) {
    it(`recognises the ${kind} CSV, with and without its byte order mark`, () => {
      const csv = viewCsv(view);
      // Without the check the sniffer takes it for a CSV dataset: this is what the wizard offered.
      assert.ok(sniffDataset(`attention.${kind}.csv`, bytes(CSV_BOM + csv), []), 'a header table sniffs as a dataset');
      assert.strictEqual(ownExportKind(bytes(CSV_BOM + csv)), kind);
      assert.strictEqual(ownExportKind(bytes(csv)), kind);
      assert.strictEqual(ownExportKind(bytes(CSV_BOM + csv.split('\r\n')[0])), kind, 'a head cut after the first record');
    });
  }

  it('leaves datasets alone, including a CSV whose header starts like an export', () => {
    for (const text of ['source,target\r\nhello,bonjour\r\n', 'date\tiso\nmay 1 2001\t2001-05-01\n',
      'model,mechanism\r\nx,y\r\n', 'output,source\r\na,b\r\n', '{"source":"a","target":"b"}\n', '']) {
      assert.strictEqual(ownExportKind(bytes(text)), null, JSON.stringify(text));
    }
  });
});
