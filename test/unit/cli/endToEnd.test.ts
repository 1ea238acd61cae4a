/**
 * End to end: bundles the CLI exactly as `npm run build:cli` does (into a temporary folder, so a concurrent
 * build of dist/ is not disturbed), then trains a tiny model for one epoch on the cpu backend and runs
 * eval, translate and models on it through child processes, checking the --json outputs and exit codes;
 * and `bench learn` on a small generated TSV, with and without a Python that has PyTorch (npm test
 * installs Debian's python3-torch: test/harness/install.sh); `bench peers` at its smoke size, likewise.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_PYTHONS, findTorch } from '../../../src/cli/bench/torchPeer';
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
    // `bench` runs the benchmark's own bundle beside cli.js (npm run build:bench), built the same way.
    const bench = pkg.scripts['build:bench'];
    assert.ok(bench.startsWith('esbuild '), `unexpected build:bench script: ${bench}`);
    const benchFlags = (bench.slice('esbuild '.length).match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((a) => a.replace(/"/g, '')).filter((a) => !a.startsWith('--outfile='));
    execFileSync(path.join(root, 'node_modules', '.bin', 'esbuild'), [...benchFlags, `--outfile=${path.join(tmp, 'bench.js')}`, '--log-level=warning'], { cwd: root });
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

  /** 240 English<TAB>French-like pairs of 1-5 words: enough for the 3 % held-out side to hold a few. */
  const learnData = (): string => {
    const file = path.join(tmp, 'words-fr.tsv');
    const en = ['the', 'cat', 'dog', 'sees', 'runs', 'big', 'small', 'red', 'a', 'sleeps'];
    const fr = ['le', 'chat', 'chien', 'voit', 'court', 'grand', 'petit', 'rouge', 'un', 'dort'];
    const lines: string[] = [];
    for (let i = 0; i < 240; i++) {
      const n = 1 + (i % 5);
      const idx = Array.from({ length: n }, (_, k) => (i * 3 + k * 7 + Math.floor(i / 10)) % en.length);
      lines.push(`${idx.map((j) => en[j]).join(' ')} ${i}.\t${idx.map((j) => fr[j]).join(' ')} ${i} .`);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const learnArgs = (file: string): string[] => ['bench', 'learn', '--data', file, '--epochs', '2', '--embedding', '8', '--hidden', '8',
    '--batch', '16', '--backend', 'cpu', '--peer-script', path.join(projectRoot(), 'src', 'cli', 'bench', 'peers', 'torch_seq2seq.py'), '--json'];
  interface LearnJson {
    data: { train: number; test: number };
    engine: { points: { epoch: number; bleu: number; seconds: number; trainLoss: number }[]; trainPairs: number };
    peer: { ran: boolean; reason?: string; error?: string | null; points?: { epoch: number; bleu: number; seconds: number; trainLoss: number }[] };
    ratios: { perEpoch: { epoch: number; seconds: number | null }[] } | null;
  }

  it('bench learn without PyTorch: says how to install it and measures the engine alone', () => {
    const fake = path.join(tmp, 'python-without-torch');
    fs.writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n', { mode: 0o755 });
    const r = run(...learnArgs(learnData()), '--python', fake);
    const out = json(r) as unknown as LearnJson;
    assert.match(r.stderr, /the engine alone: no Python with PyTorch \(.*python-without-torch: no PyTorch \(ModuleNotFoundError: No module named 'torch'\)\); install PyTorch for the reference: on Debian\/Ubuntu `sudo apt-get install -y python3-torch/);
    assert.ok(out.data.test > 0 && out.data.train > 200, `split ${out.data.train} / ${out.data.test}`);
    assert.deepEqual(out.engine.points.map((p) => p.epoch), [1, 2]);
    assert.ok(out.engine.points.every((p) => p.seconds > 0 && p.bleu >= 0 && p.trainLoss > 0));
    assert.equal(out.peer.ran, false);
    assert.match(out.peer.reason ?? '', /no Python with PyTorch/);
    assert.equal(out.ratios, null);
    const text = run(...learnArgs(learnData()).filter((a) => a !== '--json'), '--python', fake);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^epoch +loss +held-out loss +BLEU +chrF +s +examples\/s$/m);
    assert.match(text.stdout, /engine alone: no Python with PyTorch/);
  });

  it('bench learn with PyTorch: both curves from the same ids, scored alike, with the ratios', () => {
    const r = run(...learnArgs(learnData()));
    const out = json(r) as unknown as LearnJson;
    assert.equal(out.peer.ran, true, out.peer.reason);
    assert.equal(out.peer.error, null);
    assert.deepEqual(out.peer.points?.map((p) => p.epoch), [1, 2]);
    assert.ok(out.peer.points?.every((p) => p.seconds > 0 && p.bleu >= 0 && p.trainLoss > 0));
    assert.deepEqual(out.ratios?.perEpoch.map((x) => x.epoch), [1, 2]);
    assert.ok(out.ratios?.perEpoch.every((x) => (x.seconds ?? 0) > 0));
    assert.match(r.stderr, /torch epoch 2\/2: loss/);
  });

  const peerScript = (): string => path.join(projectRoot(), 'src', 'cli', 'bench', 'peers', 'torch_seq2seq.py');
  /** `bench peers` shrunk to a few units and two timed batches per workload, one repeat (the smoke size). */
  const peersArgs = (): string[] => ['bench', 'peers', '--tiny', '--backend', 'cpu', '--peer-blas-threads', '1', '--peer-script', peerScript()];
  const ROW = /^(book|default date|translation) \(tiny[^)]*\) +([12]) +(1 worker|2 workers delayed) +(\S.*?) {2,}([\d,]+) +([\d,]+|-) +([\d.]+x|-) /;

  it('bench peers: both sides on every workload, the ratio, sgemm and the load (or, without PyTorch, how to install it)', function () {
    // Seven Python starts (each imports torch) and ten short trainings: minutes on a loaded machine.
    this.timeout(400_000);
    const torch = findTorch(DEFAULT_PYTHONS, peerScript()).found;
    const r = run(...peersArgs());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^bench peers \(tiny\) on cpu .*AVX-512: .*; load average \(uptime\) [\d.]+ [\d.]+ [\d.]+ -> [\d.]+ [\d.]+ [\d.]+$/m);
    assert.match(r.stdout, /^workload +threads +engine +PyTorch +engine ex\/s +PyTorch ex\/s +ratio e\/t +per repeat +GFLOP\/s e \/ t$/m);
    const rows = r.stdout.split('\n').map(l => ROW.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    assert.deepEqual(rows.map(m => `${m[1]} ${m[2]}`), ['book 1', 'book 2', 'default date 1', 'default date 2', 'translation 1', 'translation 2']);
    const number = (x: string): number => Number(x.replace(/,/g, ''));
    for (const m of rows) assert.ok(number(m[5]) > 0, `engine examples/s in ${m[0]}`);
    assert.match(r.stdout, /^sgemm, 1 thread +engine GFLOP\/s +PyTorch GFLOP\/s +ratio e\/t$/m);
    const sgemm = [...r.stdout.matchAll(/^(\d+)x(\d+) \. (\d+)x(\d+) +([\d.]+) +([\d.]+|-) +([\d.]+x|-)$/gm)];
    assert.equal(sgemm.length, 2);
    assert.ok(sgemm.every(m => Number(m[5]) > 0));
    if (torch) {
      for (const m of rows) {
        assert.match(m[4], /^[12] threads?, OpenBLAS 1$/);
        assert.ok(number(m[6]) > 0, `PyTorch examples/s in ${m[0]}`);
        assert.ok(Math.abs(Number(m[7].replace('x', '')) - number(m[5]) / number(m[6])) < 0.02 + 0.01 * number(m[5]) / number(m[6]), `ratio in ${m[0]}`);
      }
      assert.ok(sgemm.every(m => Number(m[6]) > 0));
      assert.match(r.stdout, /book configuration, 1 thread: engine [\d.]+ GFLOP\/s = \d+% of that peak; PyTorch [\d.]+ GFLOP\/s = \d+%/);
      assert.match(r.stdout, new RegExp(`^PyTorch ${torch.torch.replace(/[.]/g, '\\.')} `, 'm'));
    } else {
      assert.match(r.stderr, /the engine alone: no Python with PyTorch .*apt-get install -y python3-torch/);
      assert.match(r.stdout, /engine alone: no Python with PyTorch/);
    }
  });

  it('bench peers without PyTorch: says how to install it and measures the engine alone (--json)', () => {
    const fake = path.join(tmp, 'python-without-torch');
    fs.writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n', { mode: 0o755 });
    const r = run('bench', 'peers', '--tiny', '--backend', 'cpu', '--workloads', 'book,sgemm', '--python', fake, '--peer-script', peerScript(), '--json');
    const out = json(r) as unknown as {
      machine: { loadAverageStart: number[]; loadAverageEnd: number[]; avx512: string[] };
      rows: { workload: string; threads: number; engine: { examplesPerSecond: number; perRepeat: number[] }; peer: unknown; ratio: unknown }[];
      sgemm: { shapes: { engine: number; peer: unknown }[]; machinePeak: number };
      peer: { ran: boolean; reason: string };
    };
    assert.match(r.stderr, /the engine alone: no Python with PyTorch \(.*python-without-torch: no PyTorch \(ModuleNotFoundError: No module named 'torch'\)\); install PyTorch for the reference: on Debian\/Ubuntu `sudo apt-get install -y python3-torch/);
    assert.equal(out.peer.ran, false);
    assert.match(out.peer.reason, /apt-get install -y python3-torch/);
    assert.deepEqual(out.rows.map(x => `${x.workload} ${x.threads}`), ['book 1', 'book 2']);
    assert.ok(out.rows.every(x => x.engine.examplesPerSecond > 0 && x.engine.perRepeat.length === 1 && x.peer === null && x.ratio === null));
    assert.ok(out.sgemm.shapes.every(x => x.engine > 0 && x.peer === null) && out.sgemm.machinePeak > 0);
    assert.equal(out.machine.loadAverageStart.length, 3);
    assert.ok(Array.isArray(out.machine.avx512));
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
