import * as assert from 'node:assert/strict';
import { countPairsEstimate, lineAlignedPartner, parseCsv, sniffDataset } from '../../../src/shared/data';
import { bytesOf, fixture } from './fixtureFiles';

const sniff = (name: string, siblings?: string[]) => sniffDataset(name, fixture(name).bytes, siblings);

describe('data: sniffing from name and head', () => {
  it('recognises every format from its fixture', () => {
    assert.equal(sniff('tatoeba-good.tsv')?.format, 'tsv-tatoeba');
    assert.equal(sniff('tatoeba-bom-crlf.tsv')?.label.message, 'Tab-separated pairs (Tatoeba / manythings), with attribution');
    assert.equal(sniff('challenge-good.tsv')?.format, 'tsv-challenge');
    assert.equal(sniff('challenge-good.tsv')?.label.message, 'Tatoeba Challenge TSV (eng → kor)');
    assert.equal(sniff('pairs-good.csv')?.label.message, 'CSV with header (english, korean, note)');
    assert.equal(sniff('translation-good.jsonl')?.label.message, 'JSON Lines, translation objects (en → ko)');
    assert.equal(sniff('source-target.jsonl')?.format, 'jsonl');
    assert.equal(sniff('date-sample.txt')?.format, 'fixed-width');
    assert.equal(sniff('addition-sample.txt')?.format, 'fixed-width');
  });

  it('returns null for binary, empty, UTF-16 and prose files', () => {
    for (const name of ['binary.bin', 'empty.tsv', 'blank.tsv', 'utf16.tsv', 'unknown.txt']) {
      assert.equal(sniff(name), null, name);
    }
    assert.equal(sniffDataset('code.ts', bytesOf('const a = 1;\tconst b = 2;\n')), null);
  });

  it('looks only at the head: a huge file is judged by its first kilobytes', () => {
    const big = bytesOf('a\tb\n'.repeat(100_000));
    assert.equal(sniffDataset('big.tsv', big)?.format, 'tsv-tatoeba');
  });

  it('recognises line-aligned pairs by name, listing each pair once under its source side', () => {
    const pair = sniff('src-train.txt');
    assert.deepEqual(pair && { ...pair, label: pair.label.message }, {
      format: 'line-aligned', label: 'Line-aligned files: src-train.txt → tgt-train.txt', partnerName: 'tgt-train.txt',
    });
    assert.deepEqual(pair?.label.code, 'data.sniffLineAligned');
    assert.equal(sniff('tgt-train.txt'), null);
    assert.equal(sniff('mismatch.src')?.partnerName, 'mismatch.tgt');
    assert.equal(sniff('train.en', ['train.en', 'train.ko'])?.partnerName, 'train.ko');
    assert.equal(sniff('train.ko', ['train.en', 'train.ko']), null);
    // Without a sibling in another language, a .en file is just text.
    assert.equal(sniff('train.en', ['train.en']), null);
  });

  it('lineAlignedPartner maps either side to the other, keeping the folder', () => {
    assert.deepEqual(lineAlignedPartner('/d/src-val.txt'), { role: 'source', partner: '/d/tgt-val.txt' });
    assert.deepEqual(lineAlignedPartner('/d/tgt-val.txt'), { role: 'target', partner: '/d/src-val.txt' });
    assert.deepEqual(lineAlignedPartner('/d/x.src', ['/d/x.src', '/d/x.trg']), { role: 'source', partner: '/d/x.trg' });
    assert.deepEqual(lineAlignedPartner('/d/x.source'), { role: 'source', partner: '/d/x.target' });
    assert.deepEqual(lineAlignedPartner('C:\\d\\train.fr', ['train.fr', 'train.de']), { role: 'target', partner: 'C:\\d\\train.de' });
    assert.equal(lineAlignedPartner('/d/a.ts', ['/d/a.js']), null);
  });
});

describe('data: helpers', () => {
  it('countPairsEstimate counts lines, minus the CSV header', () => {
    assert.equal(countPairsEstimate(bytesOf('a\tb\nc\td\n'), 'tsv-tatoeba'), 2);
    assert.equal(countPairsEstimate(bytesOf('a\tb\nc\td'), 'tsv-tatoeba'), 2);
    assert.equal(countPairsEstimate(bytesOf('h1,h2\na,b\n'), 'csv'), 1);
    assert.equal(countPairsEstimate(new Uint8Array(0), 'csv'), 0);
  });

  it('parseCsv is linear on pathological quoting (no hang)', () => {
    const text = '"'.repeat(200_001) + '\n' + 'a,"b'.repeat(50_000);
    const started = Date.now();
    const records = parseCsv(text);
    assert.ok(records.length >= 1);
    assert.ok(Date.now() - started < 5000);
  });
});
