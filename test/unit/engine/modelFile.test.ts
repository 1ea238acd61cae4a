/**
 * The `.s2s` model file: round trips (bytes, and a real model's translations), every kind of bad file,
 * header-only reads, and atomic saves.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../../src/shared/engine/backend';
import { makeModelConfig } from '../../../src/shared/engine/config';
import type { ModelFileMeta } from '../../../src/shared/engine/api';
import { Seq2SeqModel } from '../../../src/shared/engine/model';
import {
  loadModelFile, MODEL_FILE_MAGIC, MODEL_FILE_VERSION, ModelFileError, parseModelFile, readModelInfo, saveModelFile, serializeModel, updateModelMeta,
  type ModelFileHeader, crc32Hex, headerChecksum,
} from '../../../src/shared/engine/modelFile';
import { sampleCard } from '../quality/sampleCard';
import type { Mechanism } from '../../../src/shared/engine/types';
import { Vocab } from '../../../src/shared/text/vocab';

const SRC = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...'abcdefg 한국어'.split('').filter((c, i, a) => a.indexOf(c) === i)]);
const TGT = Vocab.fromJSON(['<pad>', '<sos>', '<eos>', '<unk>', ...'0123456789-'.split('')]);

function makeModel(mechanism: Mechanism, seed: number): Seq2SeqModel {
  const config = makeModelConfig('unit-test', mechanism, { embeddingSize: 8, hiddenSize: 16, attentionUnits: 12, maxTargetLength: 12 });
  return Seq2SeqModel.create(config, SRC, TGT, seed);
}

function meta(id: string): ModelFileMeta {
  return {
    id,
    label: `Test model ${id}`,
    description: 'Korean survives: 한국어',
    summary: {
      epochs: [{ epoch: 1, trainLoss: 1.5, validationLoss: 1.6, tokenAccuracy: 0.5, exactMatch: 0.25, examplesPerSecond: 100, seconds: 2 }],
      bestEpoch: 1, stoppedBy: 'completed', trainPairs: 10, validationPairs: 2, dataset: 'unit', seconds: 2, backend: 'cpu',
    },
    dataLicense: 'CC-BY 2.0 (test)',
  };
}

/**
 * Re-encodes a file with `edit` applied to its header (the weight bytes are kept as they are), with the
 * header checksum recomputed unless `keepChecksum`, so the checks behind it are reached.
 */
function withHeader(bytes: Uint8Array, edit: (h: ModelFileHeader) => void, keepChecksum = false): Uint8Array {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as ModelFileHeader;
  edit(header);
  if (!keepChecksum && header.headerChecksum !== undefined) header.headerChecksum = headerChecksum(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const data = bytes.subarray(12 + len);
  const out = new Uint8Array(12 + json.length + data.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(data, 12 + json.length);
  return out;
}

const assertModelFileError = (fn: () => unknown, pattern: RegExp, file = 'test.s2s'): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelFileError, `expected a ModelFileError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `message names the file: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
};

describe('model file (.s2s)', () => {
  let dir: string;
  let model: Seq2SeqModel;
  let bytes: Uint8Array;

  before(async () => {
    await initBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2s-test-'));
    model = makeModel('luong-dot', 7);
    bytes = serializeModel(model, meta('m1'));
  });
  after(() => {
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('layout', () => {
    it('starts with the magic and a 4-aligned header; weights round-trip bit for bit', () => {
      assert.strictEqual(new TextDecoder().decode(bytes.subarray(0, 8)), MODEL_FILE_MAGIC);
      const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
      assert.strictEqual((12 + len) % 4, 0);
      const { header, weights } = parseModelFile(bytes, 'test.s2s');
      assert.strictEqual(header.format, 'seq2seq-attention-explorer/model');
      assert.strictEqual(header.version, MODEL_FILE_VERSION);
      assert.deepStrictEqual(header.config, model.config);
      assert.deepStrictEqual(header.sourceVocab, [...SRC.tokens]);
      assert.deepStrictEqual(header.targetVocab, [...TGT.tokens]);
      assert.deepStrictEqual(header.meta, meta('m1'));
      assert.deepStrictEqual(header.weightsManifest[0].paths, ['(inline)']);
      assert.match(header.checksum, /^crc32:[0-9a-f]{8}$/);
      const original = model.getWeights();
      assert.ok(original.length > 0, 'the model has weights');
      assert.strictEqual(weights.length, original.length);
      original.forEach((w, i) => {
        assert.strictEqual(weights[i].name, w.name);
        assert.deepStrictEqual(weights[i].shape, w.shape);
        assert.deepStrictEqual(Buffer.from(weights[i].values.buffer), Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength));
      });
      assert.strictEqual(header.weightBytes, original.reduce((n, w) => n + w.values.length * 4, 0));
      assert.strictEqual(bytes.length, 12 + len + header.weightBytes);
    });
  });

  describe('compact weights (float16, int8)', () => {
    for (const dtype of ['float16', 'int8'] as const) {
      it(`${dtype}: matrices stored compactly, vectors as float32, values close, translations the same`, async () => {
        const small = serializeModel(model, meta('m1'), { weights: dtype });
        const { header, weights } = parseModelFile(small, 'test.s2s');
        assert.strictEqual(header.version, MODEL_FILE_VERSION);
        const original = model.getWeights();
        header.weightsManifest[0].weights.forEach((spec, i) => {
          assert.strictEqual(spec.dtype, spec.shape.length >= 2 ? dtype : 'float32', spec.name);
          const max = Math.max(...original[i].values.map(Math.abs));
          const tolerance = dtype === 'float16' ? max / 1000 : max / 127 / 2 + 1e-7;
          original[i].values.forEach((v, k) => assert.ok(Math.abs(weights[i].values[k] - v) <= tolerance, `${spec.name}[${k}]: ${weights[i].values[k]} vs ${v}`));
        });
        assert.ok(small.length < bytes.length * (dtype === 'float16' ? 0.7 : 0.5), `${small.length} bytes against ${bytes.length}`);
        const file = path.join(dir, `compact-${dtype}.s2s`);
        await saveModelFile(file, model, meta('m1'), { weights: dtype });
        const loaded = await loadModelFile(file);
        try {
          const a = model.translate('abc', { modelId: 'm', beamWidth: 1, topK: 0 }).hypotheses[0];
          const b = loaded.model.translate('abc', { modelId: 'm', beamWidth: 1, topK: 0 }).hypotheses[0];
          assert.deepStrictEqual(b.output, a.output);
        } finally {
          loaded.model.dispose();
        }
      });
    }

    it('a weight that is not a finite number is refused', () => {
      const bad = bytes.slice();
      const len = new DataView(bad.buffer).getUint32(8, true);
      new DataView(bad.buffer).setFloat32(12 + len, NaN, true);
      // Recompute nothing: the checksum catches it first, so rewrite the checksum as the file would have it.
      const data = bad.subarray(12 + len);
      const fixed = withHeader(bad, h => { h.checksum = `crc32:${crc32Hex(data)}`; });
      assertModelFileError(() => parseModelFile(fixed, 'test.s2s'), /not a finite number/);
    });

    it('an unknown weight dtype', () => {
      const bad = withHeader(bytes, h => { (h.weightsManifest[0].weights[0] as { dtype: string }).dtype = 'bfloat16'; });
      assertModelFileError(() => parseModelFile(bad, 'test.s2s'), /dtype 'bfloat16'; supported: float32, float16, int8/);
    });
  });

  describe('save then load gives identical outputs', () => {
    for (const mechanism of ['luong-dot', 'bahdanau', 'luong-concat', 'peeky'] as Mechanism[]) {
      it(`${mechanism}: translate (output, probabilities, attention) and forced decoding match`, async () => {
        const m = makeModel(mechanism, 11);
        const file = path.join(dir, `rt-${mechanism}.s2s`);
        await saveModelFile(file, m, meta(`rt-${mechanism}`));
        const { model: loaded, info } = await loadModelFile(file);
        const fresh = makeModel(mechanism, 0); // what loading would give if the weights were not set
        try {
          assert.strictEqual(info.id, `rt-${mechanism}`);
          assert.strictEqual(info.mechanism, mechanism);
          assert.deepStrictEqual(loaded.config, m.config);
          for (const text of ['abc 한국', 'gfedcba']) {
            const opts = { modelId: 'x', beamWidth: 1, topK: 3 };
            const a = m.translate(text, opts).hypotheses[0];
            const b = loaded.translate(text, opts).hypotheses[0];
            assert.deepStrictEqual(b.output, a.output);
            assert.deepStrictEqual(b.probabilities, a.probabilities);
            assert.deepStrictEqual(b.attention, a.attention);
            assert.deepStrictEqual(b.topK, a.topK);
            const f = fresh.translate(text, opts).hypotheses[0];
            assert.notDeepStrictEqual(f.probabilities, a.probabilities, 'a differently seeded model must differ (weights really loaded)');
          }
          const fa = m.forced('abc', '12-3', 'x');
          const fb = loaded.forced('abc', '12-3', 'x');
          assert.deepStrictEqual(fb.probabilities, fa.probabilities);
          assert.deepStrictEqual(fb.attention, fa.attention);
        } finally {
          m.dispose();
          loaded.dispose();
          fresh.dispose();
        }
      });
    }
  });

  describe('bad files give clear errors', () => {
    it('truncated anywhere: in the magic, the prefix, the header, the weights', () => {
      const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
      for (const cut of [5, 10, 12 + Math.floor(len / 2), 12 + len + 3, bytes.length - 1]) {
        assertModelFileError(() => parseModelFile(bytes.subarray(0, cut), 'test.s2s'), /truncated/);
      }
    });

    it('an empty file', () => {
      assertModelFileError(() => parseModelFile(new Uint8Array(0), 'test.s2s'), /empty/);
    });

    it('a flipped byte in the weights fails the checksum', () => {
      const corrupt = bytes.slice();
      corrupt[corrupt.length - 7] ^= 0x10;
      assertModelFileError(() => parseModelFile(corrupt, 'test.s2s'), /corrupt.*checksum/);
    });

    it('extra bytes after the weights', () => {
      const longer = new Uint8Array(bytes.length + 4);
      longer.set(bytes);
      assertModelFileError(() => parseModelFile(longer, 'test.s2s'), /unexpected bytes/);
    });

    it('a foreign file says it is not a model file', () => {
      assertModelFileError(() => parseModelFile(new TextEncoder().encode('date,question,answer\n1,2,3\n'), 'notes.csv'), /not a Seq2Seq Attention Explorer model file/, 'notes.csv');
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      assertModelFileError(() => parseModelFile(png, 'x.png'), /not a Seq2Seq Attention Explorer model file/, 'x.png');
    });

    it('a newer format version asks for a newer extension', () => {
      const future = withHeader(bytes, h => { h.version = MODEL_FILE_VERSION + 1; });
      assertModelFileError(() => parseModelFile(future, 'test.s2s'), /made by a newer version of the extension/);
    });

    it('another format name', () => {
      const other = withHeader(bytes, h => { h.format = 'something-else'; });
      assertModelFileError(() => parseModelFile(other, 'test.s2s'), /not a Seq2Seq Attention Explorer model/);
    });

    it('a header whose shapes do not match the weight bytes', () => {
      const bad = withHeader(bytes, h => { h.weightBytes += 4; });
      assertModelFileError(() => parseModelFile(bad, 'test.s2s'), /inconsistent: the weight shapes need \d+ bytes but weightBytes says/);
    });

    it('a corrupt header (not JSON) and a corrupt header length', () => {
      const broken = bytes.slice();
      broken[12] = 0x7b; broken[13] = 0x7b; // '{{'
      assertModelFileError(() => parseModelFile(broken, 'test.s2s'), /not valid JSON/);
      const huge = bytes.slice();
      new DataView(huge.buffer).setUint32(8, 0xfffffff0, true);
      assertModelFileError(() => parseModelFile(huge, 'test.s2s'), /corrupt \(header length/);
    });

    it('an invalid config or meta', () => {
      const badMech = withHeader(bytes, h => { (h.config as { mechanism: string }).mechanism = 'transformer'; });
      assertModelFileError(() => parseModelFile(badMech, 'test.s2s'), /unknown mechanism 'transformer'/);
      const noMeta = withHeader(bytes, h => { (h as { meta: unknown }).meta = null; });
      assertModelFileError(() => parseModelFile(noMeta, 'test.s2s'), /meta/);
    });

    it('weights whose shapes do not fit the config (byte counts consistent) are refused from the header, with the weight named', async () => {
      const first = model.getWeights()[0];
      const swapped = withHeader(bytes, h => { h.weightsManifest[0].weights[0].shape = [...first.shape].reverse(); });
      assert.ok(first.shape.length === 2 && first.shape[0] !== first.shape[1], 'test needs a non-square first weight');
      assertModelFileError(() => parseModelFile(swapped, 'test.s2s'), new RegExp(`weight '${first.name}' has shape .* but the model's config needs`));
      const file = path.join(dir, 'swapped.s2s');
      fs.writeFileSync(file, swapped);
      await assert.rejects(loadModelFile(file), (e: Error) => e instanceof ModelFileError && e.message.includes(first.name) && /shape/.test(e.message) && e.message.includes(file));
      assert.throws(() => readModelInfo(file, false), /config needs/);
    });

    it('missing files and folders', async () => {
      await assert.rejects(loadModelFile(path.join(dir, 'nope.s2s')), /no such file/);
      assert.throws(() => readModelInfo(path.join(dir, 'nope.s2s'), false), /no such file/);
      assert.throws(() => readModelInfo(dir, false), /folder|cannot be read/);
    });
  });

  describe('readModelInfo', () => {
    it('returns the header\'s info without reading the weights', () => {
      const file = path.join(dir, 'info.s2s');
      const corruptWeights = bytes.slice();
      corruptWeights[corruptWeights.length - 1] ^= 0xff; // checksum would fail if the weights were read
      fs.writeFileSync(file, corruptWeights);
      const info = readModelInfo(file, true);
      assert.deepStrictEqual(
        { id: info.id, label: info.label, description: info.description, task: info.task, mechanism: info.mechanism, shipped: info.shipped, path: info.path },
        { id: 'm1', label: 'Test model m1', description: 'Korean survives: 한국어', task: 'unit-test', mechanism: 'luong-dot', shipped: true, path: file },
      );
      assert.deepStrictEqual(info.config, model.config);
      assert.deepStrictEqual(info.summary, meta('m1').summary);
      assert.throws(() => parseModelFile(fs.readFileSync(file), file), /checksum/);
    });

    it('still notices truncation (from the file size) and foreign files', () => {
      const file = path.join(dir, 'trunc.s2s');
      fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
      assert.throws(() => readModelInfo(file, false), (e: Error) => e instanceof ModelFileError && /truncated/.test(e.message) && e.message.includes(file));
      const foreign = path.join(dir, 'foreign.s2s');
      fs.writeFileSync(foreign, 'hello');
      assert.throws(() => readModelInfo(foreign, false), /not a Seq2Seq Attention Explorer model file/);
    });
  });

  describe('model card', () => {
    it('is read back checked; parameters and file size come from the file; an older file without a card reads as null', () => {
      const file = path.join(dir, 'card.s2s');
      fs.writeFileSync(file, serializeModel(model, { ...meta('carded'), card: sampleCard() }));
      const info = readModelInfo(file, false);
      assert.deepStrictEqual(info.card, sampleCard());
      assert.strictEqual(info.fileBytes, fs.statSync(file).size);
      assert.strictEqual(info.parameters, model.getWeights().reduce((n, w) => n + w.values.length, 0));
      const older = path.join(dir, 'no-card.s2s');
      fs.writeFileSync(older, bytes);
      assert.strictEqual(readModelInfo(older, false).card, null);
    });

    it('a malformed card is a ModelFileError naming the file and the field', () => {
      const withCard = (card: unknown): Uint8Array => withHeader(bytes, h => { (h.meta as { card?: unknown }).card = card; });
      assertModelFileError(() => parseModelFile(withCard({ ...sampleCard(), heldOut: [{ data: 'x' }] }), 'test.s2s'), /model card is invalid: heldOut\[0\]\.pairs is missing/);
      assertModelFileError(() => parseModelFile(withCard({ ...sampleCard(), limts: [] }), 'test.s2s'), /model card is invalid: limts is not a model card field/);
      assertModelFileError(() => parseModelFile(withCard('a card'), 'test.s2s'), /model card is invalid: the card must be a JSON object/);
      assertModelFileError(() => parseModelFile(withCard({ ...sampleCard(), version: 99 }), 'test.s2s'), /newer version of the extension/);
      const file = path.join(dir, 'bad-card.s2s');
      fs.writeFileSync(file, withCard({ ...sampleCard(), summary: 3 }));
      assert.throws(() => readModelInfo(file, false), (e: Error) => e instanceof ModelFileError && e.message.includes(file) && /summary must be text/.test(e.message));
    });

    it('updateModelMeta attaches a card without touching the weights, and refuses a bad one', async () => {
      const file = path.join(dir, 'update.s2s');
      fs.writeFileSync(file, bytes);
      const before = parseModelFile(fs.readFileSync(file), file);
      await updateModelMeta(file, m => ({ ...m, card: sampleCard() }));
      const after = parseModelFile(fs.readFileSync(file), file);
      assert.deepStrictEqual(after.header.meta.card, sampleCard());
      assert.strictEqual(after.header.checksum, before.header.checksum);
      assert.deepStrictEqual(after.weights, before.weights);
      const { model: loaded } = await loadModelFile(file);
      loaded.dispose();
      const written = fs.readFileSync(file);
      await assert.rejects(updateModelMeta(file, m => ({ ...m, card: { ...sampleCard(), limits: [''] } as never })), /limits\[0\] must be a non-empty text/);
      assert.deepStrictEqual(fs.readFileSync(file), written, 'a refused card leaves the file as it was');
      assert.deepStrictEqual(fs.readdirSync(dir).filter(f => f.endsWith('.tmp')), []);
    });
  });

  describe('atomic save', () => {
    const tmpFiles = (d: string): string[] => fs.readdirSync(d).filter(f => f.endsWith('.tmp'));

    it('creates the folder and replaces an existing file', async () => {
      const file = path.join(dir, 'nested', 'deeper', 'a.s2s');
      await saveModelFile(file, model, meta('first'));
      assert.strictEqual(readModelInfo(file, false).id, 'first');
      await saveModelFile(file, model, meta('second'));
      assert.strictEqual(readModelInfo(file, false).id, 'second');
      assert.deepStrictEqual(tmpFiles(path.dirname(file)), []);
    });

    it('a save interrupted before the rename leaves the old file intact and no temporary file', async () => {
      const file = path.join(dir, 'keep.s2s');
      await saveModelFile(file, model, meta('old'));
      const before = fs.readFileSync(file);
      const realRename = fs.promises.rename;
      let attempted = '';
      fs.promises.rename = async (from: fs.PathLike) => {
        attempted = String(from);
        assert.ok(fs.existsSync(attempted), 'the temporary file was written before the rename');
        assert.ok(path.dirname(attempted) === dir && /keep\.s2s\.\d+\.[a-z0-9]+\.tmp$/.test(attempted), `temp name ${attempted}`);
        throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
      };
      try {
        await assert.rejects(saveModelFile(file, model, meta('new')), /simulated crash/);
      } finally {
        fs.promises.rename = realRename;
      }
      assert.ok(attempted.length > 0, 'rename was attempted');
      assert.deepStrictEqual(fs.readFileSync(file), before);
      assert.strictEqual(readModelInfo(file, false).id, 'old');
      assert.deepStrictEqual(tmpFiles(dir), []);
    });

    it('a model that cannot be serialised writes nothing', async () => {
      const file = path.join(dir, 'never.s2s');
      const broken = Object.create(model) as Seq2SeqModel;
      broken.getWeights = () => [{ name: 'w', shape: [2, 2], values: new Float32Array(3) }];
      await assert.rejects(saveModelFile(file, broken, meta('x')), /shape \[2,2\]/);
      assert.ok(!fs.existsSync(file));
      assert.deepStrictEqual(tmpFiles(dir), []);
    });
  });
});
