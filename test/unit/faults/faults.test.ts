/**
 * Fault injection: crafted model files, special files, long inputs and hostile datasets are refused with
 * a clear message, and the refusal comes from the check that runs before anything is allocated (the
 * config bound, the file type, the raw length), not from a later failure. Peak memory and time of each
 * case are printed by test/faults/measure.ts.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mulberry32 } from '../../../src/shared/engine/random';
import { loadModelFile, parseModelFile, readModelInfo, writeFileAtomic } from '../../../src/shared/engine/modelFile';
import { acquireOutputLock, OutputBusyError, removeStaleTemporaries } from '../../../src/shared/engine/outputLock';
import { readDataset } from '../../../src/shared/data/index';
import { folderInside } from '../../../src/shared/regularFile';
import { printableName } from '../../../src/shared/text/printable';
import { listModelFiles } from '../../../src/cli/files';
import { initBackend } from '../../../src/shared/engine/backend';
import { ALL_CASES, BASE_MODEL, baseParts, encodeParts, makeFifo, splitModelFile } from '../../faults/cases';
import { projectRoot } from '../../harness/paths';

/** A process id that ran and has exited (no process has it now, for a while at least). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('faults: every crafted case is refused with its message', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    await initBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-faults-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const c of ALL_CASES) {
    it(`${c.group}: ${c.id}`, async () => {
      const caseDir = fs.mkdtempSync(path.join(dir, `${c.id}-`));
      const outcome = await c.run(caseDir);
      assert.ok(outcome.refused, `${c.id} was accepted`);
      assert.match(outcome.message, c.expect);
    });
  }
});

describe('faults: model file integrity', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    await initBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-faults-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every one of 500 seeded single-bit flips anywhere in a current file is refused', () => {
    const bytes = encodeParts(baseParts());
    parseModelFile(bytes, 'flip.s2s'); // the unflipped file reads
    const rng = mulberry32(20261204);
    const headerEnd = 12 + new DataView(bytes.buffer).getUint32(8, true);
    let inHeader = 0;
    for (let n = 0; n < 500; n++) {
      // Half the flips in the header (where the config and vocabularies are), half anywhere.
      const at = n % 2 === 0 ? Math.floor(rng() * headerEnd) : Math.floor(rng() * bytes.length);
      if (at < headerEnd) inHeader++;
      const flipped = bytes.slice();
      flipped[at] ^= 1 << Math.floor(rng() * 8);
      assert.throws(() => parseModelFile(flipped, 'flip.s2s'), /Model file 'flip\.s2s'/, `flip at byte ${at} went undetected`);
    }
    assert.ok(inHeader >= 250, `${inHeader} flips in the header`);
  });

  it('the shipped files load in every format version they use (1 and 2 without a header checksum, 3 with one), and rewritten as version 3 load the same', async () => {
    const shipped = path.join(projectRoot(), 'media', 'models');
    const files = fs.readdirSync(shipped).filter(f => f.endsWith('.s2s'));
    assert.ok(files.length >= 10);
    const versions = new Set<number>();
    for (const f of files) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(shipped, f)));
      const parts = splitModelFile(bytes);
      versions.add(parts.header.version);
      if (parts.header.version < 3) assert.strictEqual(parts.header.headerChecksum, undefined, f);
      else assert.match(parts.header.headerChecksum ?? '', /^crc32:[0-9a-f]{8}$/, f);
      const info = readModelInfo(path.join(shipped, f), true);
      const again = parseModelFile(encodeParts(parts), f);
      assert.deepStrictEqual(again.header.config, info.config);
    }
    // The old formats stay exercised by real files, not only by crafted ones.
    assert.ok(versions.has(1) && versions.has(2), `versions ${[...versions].join(', ')}`);
    const { model } = await loadModelFile(BASE_MODEL);
    model.dispose();
  });

  it('a model in a folder with a FIFO named *.s2s lists without blocking; the FIFO is named as not a regular file', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'listing-'));
    fs.copyFileSync(BASE_MODEL, path.join(folder, 'a-good.s2s'));
    makeFifo(path.join(folder, 'b-pipe.s2s'));
    const results = listModelFiles(folder).map(f => {
      try {
        return readModelInfo(f, false).id;
      } catch (e) {
        return (e as Error).message;
      }
    });
    assert.strictEqual(results.length, 2);
    assert.strictEqual(results[0], 'date-luong-dot');
    assert.match(results[1], /b-pipe\.s2s': is not a regular file \(a named pipe/);
  });

  it('a model file name with terminal escapes is printed escaped', async () => {
    const name = path.join(dir, 'x\u001b[31mred\u001b[0m.s2s');
    await assert.rejects(loadModelFile(name), (e: Error) => !e.message.includes('\u001b') && e.message.includes('x\\x1b[31mred'));
    assert.strictEqual(printableName('a\u009b2Jb\u202e'), 'a\\x9b2Jb\\u202e');
  });
});

describe('faults: saves and trainings into one file', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-faults-save-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a save removes the model-sized temporary files left by a killed save, never a live process\'s', async () => {
    const dead = deadPid();
    const target = path.join(dir, 'm.s2s');
    const stale = path.join(dir, `m.s2s.${dead}.k1lled.tmp`);
    const live = path.join(dir, `m.s2s.${process.ppid}.alive1.tmp`);
    const other = path.join(dir, `notes.txt.${dead}.abc.tmp`);
    for (const f of [stale, live, other]) fs.writeFileSync(f, new Uint8Array(1000));
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [path.basename(live), 'm.s2s', path.basename(other)].sort());
    assert.deepStrictEqual(removeStaleTemporaries(dir), []);
  });

  it('a killed save (kill -9 in the middle of writing) leaves a temporary file that the next listing removes', async function () {
    this.timeout(30_000);
    const target = path.join(dir, 'big.s2s');
    const modulePath = path.join(projectRoot(), 'out', 'src', 'shared', 'engine', 'modelFile.js');
    // The child writes a 256 MB file through writeFileAtomic; it is killed once its temporary file exists.
    const script = `require(${JSON.stringify(modulePath)}).writeFileAtomic(${JSON.stringify(target)}, new Uint8Array(256 * 1024 * 1024)); setInterval(() => {}, 1000);`;
    const { spawn } = await import('child_process');
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const started = Date.now();
    while (!fs.readdirSync(dir).some(f => f.endsWith('.tmp')) && Date.now() - started < 20_000) await new Promise(r => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise(r => child.on('exit', r));
    const left = fs.readdirSync(dir).filter(f => f.endsWith('.tmp'));
    assert.strictEqual(left.length, 1, 'the kill left the temporary file');
    assert.ok(!fs.existsSync(target), 'the target never appeared half-written');
    assert.deepStrictEqual(removeStaleTemporaries(dir), left);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it('a second training into the same file is refused while the first runs; a dead one\'s lock is taken over', () => {
    const target = path.join(dir, 'same.s2s');
    const release = acquireOutputLock(target);
    assert.throws(() => acquireOutputLock(target), (e: unknown) => e instanceof OutputBusyError && /being written by another training/.test(e.message));
    release();
    acquireOutputLock(target)();
    // Another live process holds it (our parent stands in for a second training).
    fs.writeFileSync(`${target}.lock`, String(process.ppid));
    assert.throws(() => acquireOutputLock(target), (e: unknown) => e instanceof OutputBusyError && e.pid === process.ppid);
    fs.writeFileSync(`${target}.lock`, String(deadPid()));
    const again = acquireOutputLock(target);
    assert.strictEqual(fs.readFileSync(`${target}.lock`, 'utf8'), String(process.pid));
    again();
    assert.ok(!fs.existsSync(`${target}.lock`));
  });
});

describe('faults: dataset details', () => {
  const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('a NUL byte or invalid UTF-8 on a line in the first 64 KB is reported on its line; the rest is read', () => {
    const head = bytesOf('a\tb\nc\td\n');
    const nul = bytesOf('e\tf\u0000g\n');
    const bad = new Uint8Array([...bytesOf('h\t'), 0xc3, 0x28, 0x0a]);
    const bytes = new Uint8Array([...head, ...nul, ...bad, ...bytesOf('i\tj\nk\tl\nm\tn\n')]);
    const r = readDataset({ name: 'head.tsv', bytes });
    assert.deepStrictEqual(r.pairs.map(p => p.line), [1, 2, 5, 6, 7]);
    assert.deepStrictEqual(r.issues.map(i => ({ file: i.file, line: i.line, code: i.reason.code, reason: i.reason.message })), [
      { file: 'head.tsv', line: 3, code: 'data.lineNul', reason: 'contains a NUL byte' },
      { file: 'head.tsv', line: 4, code: 'data.lineNotUtf8', reason: 'contains bytes that are not valid UTF-8' },
    ]);
  });

  it('UTF-32 is called UTF-32 (with or without a byte-order mark), UTF-16 still UTF-16', () => {
    const text = 'hello\tbonjour\n'.repeat(10);
    const wide = (width: 2 | 4, bom: boolean): Uint8Array => {
      const out = new Uint8Array((bom ? width : 0) + text.length * width);
      if (bom) out.set(width === 4 ? [0xff, 0xfe, 0, 0] : [0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) out[(bom ? width : 0) + i * width] = text.charCodeAt(i);
      return out;
    };
    assert.throws(() => readDataset({ name: 'a.tsv', bytes: wide(4, true) }), /is UTF-32 text/);
    assert.throws(() => readDataset({ name: 'a.tsv', bytes: wide(4, false) }), /is UTF-32 text/);
    assert.throws(() => readDataset({ name: 'a.tsv', bytes: wide(2, false) }), /is UTF-16 text/);
    assert.throws(() => readDataset({ name: 'a.tsv', bytes: wide(2, true) }), /is UTF-16 text/);
  });
});

describe('faults: workspace model folder', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-faults-ws-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a committed symbolic link at .seq2seq/models or .seq2seq is not used; real or missing folders are', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-outside-'));
    try {
      assert.deepStrictEqual(folderInside(dir, ['.seq2seq', 'models']), { ok: true, dir: path.join(dir, '.seq2seq', 'models') });
      fs.mkdirSync(path.join(dir, '.seq2seq'));
      fs.symlinkSync(outside, path.join(dir, '.seq2seq', 'models'));
      const linked = folderInside(dir, ['.seq2seq', 'models']);
      assert.ok(!linked.ok && /\.seq2seq[/\\]models' is a symbolic link/.test(linked.reason));
      fs.rmSync(path.join(dir, '.seq2seq'), { recursive: true });
      fs.symlinkSync(outside, path.join(dir, '.seq2seq'));
      assert.ok(!folderInside(dir, ['.seq2seq', 'models']).ok);
      fs.rmSync(path.join(dir, '.seq2seq'));
      fs.mkdirSync(path.join(dir, '.seq2seq', 'models'), { recursive: true });
      assert.ok(folderInside(dir, ['.seq2seq', 'models']).ok);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
