import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { CliError, loadDatasetFile, modelsDir, readDatasetFromDisk, resolveModel, shippedDir } from '../../../src/cli/files';
import { attentionGrid, displayWidth, formatSeconds, table } from '../../../src/cli/format';
import { fixturePath } from '../data/fixtureFiles';

describe('cli: files', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-cli-'));
    for (const d of ['saved', 'shipped', 'data']) fs.mkdirSync(path.join(tmp, d));
    fs.writeFileSync(path.join(tmp, 'saved', 'mine.s2s'), 'x');
    fs.writeFileSync(path.join(tmp, 'shipped', 'date-bahdanau.s2s'), 'x');
    fs.writeFileSync(path.join(tmp, 'shipped', 'renamed.s2s'), 'x');
    fs.copyFileSync(fixturePath('train.en'), path.join(tmp, 'data', 'train.en'));
    fs.copyFileSync(fixturePath('train.ko'), path.join(tmp, 'data', 'train.ko'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const dirs = (): { modelsDir: string; shippedDir: string } => ({ modelsDir: path.join(tmp, 'saved'), shippedDir: path.join(tmp, 'shipped') });
  const ids: Record<string, string> = { 'renamed.s2s': 'stored-id' };
  const idOf = (file: string): string | null => ids[path.basename(file)] ?? path.basename(file, '.s2s');

  it('resolves a model by path, by file name in saved then shipped, then by stored id', () => {
    const p = path.join(tmp, 'saved', 'mine.s2s');
    assert.deepEqual(resolveModel(p, dirs(), idOf, 'eval'), { path: p, shipped: false });
    assert.deepEqual(resolveModel('mine', dirs(), idOf, 'eval'), { path: p, shipped: false });
    assert.deepEqual(resolveModel('date-bahdanau', dirs(), idOf, 'eval'), { path: path.join(tmp, 'shipped', 'date-bahdanau.s2s'), shipped: true });
    assert.deepEqual(resolveModel('stored-id', dirs(), idOf, 'eval'), { path: path.join(tmp, 'shipped', 'renamed.s2s'), shipped: true });
  });

  it('says which models exist when the id is unknown, and which path is missing', () => {
    assert.throws(() => resolveModel('nope', dirs(), idOf, 'translate'),
      (e: unknown) => e instanceof UsageError && /no model 'nope' .*available: mine, date-bahdanau, stored-id/.test(e.message));
    assert.throws(() => resolveModel('x/none.s2s', dirs(), idOf, 'eval'), (e: unknown) => e instanceof CliError && /does not exist/.test(e.message));
  });

  it('finds shipped models next to the package and saved ones in the env folder', () => {
    assert.equal(shippedDir({}, '/opt/pkg/dist'), path.resolve('/opt/pkg/media/models'));
    const saved = process.env.SEQ2SEQ_ATTENTION_MODELS;
    process.env.SEQ2SEQ_ATTENTION_MODELS = '/srv/models';
    try {
      assert.equal(modelsDir({}), path.resolve('/srv/models'));
      assert.equal(modelsDir({ modelsDir: 'rel' }), path.resolve('rel'));
    } finally {
      if (saved === undefined) delete process.env.SEQ2SEQ_ATTENTION_MODELS;
      else process.env.SEQ2SEQ_ATTENTION_MODELS = saved;
    }
  });

  it('finds the partner of line-aligned files in the same folder and refuses the target side alone', () => {
    const file = loadDatasetFile({ file: path.join(tmp, 'data', 'train.en'), swap: false });
    assert.equal(file.partner?.name, path.join(tmp, 'data', 'train.ko'));
    assert.throws(() => loadDatasetFile({ file: path.join(tmp, 'data', 'train.ko'), swap: false }), /target side .*--data .*train\.en.*--swap/);
    const swapped = readDatasetFromDisk({ file: path.join(tmp, 'data', 'train.en'), swap: true });
    assert.equal(swapped.pairs[0].source, '안녕하세요.');
    assert.equal(swapped.pairs[0].target, 'Hello.');
  });

  it('reports a missing dataset and a folder clearly', () => {
    assert.throws(() => loadDatasetFile({ file: path.join(tmp, 'none.tsv'), swap: false }), /dataset '.*none\.tsv' does not exist/);
    assert.throws(() => loadDatasetFile({ file: tmp, swap: false }), /is a folder, not a file/);
  });
});

describe('cli: text output', () => {
  it('counts Hangul as two columns so tables line up', () => {
    assert.equal(displayWidth('학생'), 4);
    assert.equal(displayWidth('ab'), 2);
    const t = table(['src', 'n'], [['학생', '1'], ['abc', '10']]).split('\n');
    assert.equal(displayWidth(t[2]), displayWidth(t[3]));
  });

  it('prints the attention grid with one row per output token and marks the maximum', () => {
    const grid = attentionGrid(['a', ' ', 'b'], ['x', 'y'], [[0.7, 0.2, 0.1], [0.001, 0.009, 0.99]]).split('\n');
    assert.equal(grid.length, 3);
    assert.match(grid[0], /a +␣ +b$/);
    assert.match(grid[1], /^x +\*70 +20 +10$/);
    assert.match(grid[2], /^y +\. +1 +\*99$/);
  });

  it('formats durations without "1 min 60 s"', () => {
    assert.equal(formatSeconds(12.34), '12.3 s');
    assert.equal(formatSeconds(119.6), '2 min 0 s');
    assert.equal(formatSeconds(59.97), '1 min 0 s');
    assert.equal(formatSeconds(185), '3 min 5 s');
  });
});
