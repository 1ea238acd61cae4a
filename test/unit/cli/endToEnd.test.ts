/**
 * End to end: bundles the CLI exactly as `npm run build:cli` does (into a temporary folder, so a concurrent
 * build of dist/ is not disturbed), then trains a tiny model for one epoch on the cpu backend and runs
 * eval, translate and models on it through child processes, checking the --json outputs and exit codes.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturePath, projectRoot } from '../data/fixtureFiles';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('cli: end to end (bundled cli.js, cpu backend)', function () {
  this.timeout(120_000);
  let tmp: string;
  let cli: string;

  const run = (...args: string[]): Run => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, SEQ2SEQ_ATTENTION_MODELS: path.join(tmp, 'saved') } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (r: Run): Record<string, unknown> => {
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-e2e-'));
    fs.mkdirSync(path.join(tmp, 'empty'));
    const root = projectRoot();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const script = pkg.scripts['build:cli'];
    assert.ok(script.startsWith('esbuild '), `unexpected build:cli script: ${script}`);
    cli = path.join(tmp, 'cli.js');
    // Same flags as the package script, another output file. The banner's quotes are shell quoting.
    const args = script.slice('esbuild '.length).match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
    const flags = args.map((a) => a.replace(/"/g, '')).filter((a) => !a.startsWith('--outfile='));
    execFileSync(path.join(root, 'node_modules', '.bin', 'esbuild'), [...flags, `--outfile=${cli}`, '--log-level=warning'], { cwd: root });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('trains one epoch, saves, and evaluates, translates and lists the model', () => {
    const model = path.join(tmp, 'date-tiny.s2s');
    const trained = json(run('train', '--data', fixturePath('date-sample.txt'), '--test', fixturePath('date-sample.txt'),
      '--task', 'date', '--preset', 'tiny', '--epochs', '1', '--batch', '4', '--backend', 'cpu', '--out', model, '--json'));
    assert.deepEqual(trained.model, { id: 'date-tiny', path: model, task: 'date', mechanism: 'luong-dot', bytes: fs.statSync(model).size });
    assert.equal((trained.summary as { epochs: unknown[] }).epochs.length, 1);
    assert.equal(typeof (trained.evaluation as { exactMatch: number }).exactMatch, 'number');

    const evaluated = json(run('eval', '--model', model, '--data', fixturePath('date-sample.txt'), '--backend', 'cpu', '--json'));
    for (const key of ['exactMatch', 'tokenAccuracy', 'bleu', 'chrf']) {
      const v = evaluated[key] as number;
      assert.ok(typeof v === 'number' && v >= 0 && v <= 100, `${key} = ${v}`);
    }
    assert.equal(evaluated.examples, 12);

    const translated = json(run('translate', '--model', model, '--backend', 'cpu', '--json', 'Apr 6, 1993'));
    const r = (translated.results as { output: string[]; attention: number[][]; source: { text: string }[] }[])[0];
    assert.ok(Array.isArray(r.output));
    assert.equal(r.source.map((s) => s.text).join(''), 'Apr 6, 1993');
    // One row per output token (plus the <eos> step when decoding finished).
    assert.ok(r.attention.length >= r.output.length && r.attention.length <= r.output.length + 1, `${r.attention.length} rows`);
    for (const row of r.attention) {
      assert.equal(row.length, 11);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    }
    const text = run('translate', '--model', model, '--backend', 'cpu', 'Apr 6, 1993');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /out\\src +A +p +r +␣ +6/);

    fs.mkdirSync(path.join(tmp, 'saved'));
    fs.copyFileSync(model, path.join(tmp, 'saved', 'copy.s2s'));
    const listed = json(run('models', '--shipped-dir', path.join(tmp, 'empty'), '--json'));
    assert.deepEqual((listed.models as { id: string; task: string; mechanism: string; shipped: boolean }[])
      .map((m) => [m.id, m.task, m.mechanism, m.shipped]), [['date-tiny', 'date', 'luong-dot', false]]);
    // By id from the saved folder (the env variable), the stored id.
    assert.equal(json(run('eval', '--model', 'date-tiny', '--data', fixturePath('date-sample.txt'), '--backend', 'cpu', '--json')).examples, 12);
  });

  it('trains word level on Korean (swapped Tatoeba TSV) and keeps the Korean source tokens', () => {
    const model = path.join(tmp, 'ko-en.s2s');
    json(run('train', '--data', fixturePath('tatoeba-good.tsv'), '--swap', '--tokenizer', 'word', '--preset', 'tiny', '--epochs', '1',
      '--backend', 'cpu', '--mechanism', 'bahdanau', '--out', model, '--json'));
    const translated = json(run('translate', '--model', model, '--backend', 'cpu', '--json', '나는 학생입니다.'));
    const r = (translated.results as { source: { text: string }[]; attention: number[][] }[])[0];
    assert.deepEqual(r.source.map((s) => s.text), ['나는', '학생입니다', '.']);
    assert.ok(r.attention.every((row) => row.length === 3));
  });

  it('fails with exit 1 and a clear message on a bad dataset, exit 2 on a bad command line', () => {
    const bad = run('eval', '--model', 'x.s2s', '--data', fixturePath('binary.bin'), '--backend', 'cpu');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /binary\.bin: the file looks like a binary file/);
    const usage = run('train', '--data', 'x', '--epochs', 'many', '--json');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--epochs expects an integer >= 1; got 'many'/);
    assert.deepEqual(JSON.parse(usage.stdout), { error: "--epochs expects an integer >= 1; got 'many'", kind: 'usage' });
    const missing = run('translate', '--model', path.join(tmp, 'nothing.s2s'), '--backend', 'cpu', 'hi');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /model file '.*nothing\.s2s' does not exist/);
  });
});
