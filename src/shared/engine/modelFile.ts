/**
 * The `.s2s` model file: one self-describing, versioned file holding config, vocabularies, training
 * summary and weights.
 *
 *   bytes 0-7    magic "S2SMODEL"
 *   bytes 8-11   header length H, uint32 little-endian
 *   bytes 12..   H bytes of UTF-8 JSON (`ModelFileHeader`), space-padded so the weights start 4-aligned
 *   then         the weights in `weightsManifest` order (tfjs weight-manifest layout), each float32, float16
 *                or int8 with per-row scales (weightCodec.ts)
 *
 * Versions: 1 float32 weights only; 2 adds float16 and int8; 3 (written now) adds `headerChecksum`, a
 * CRC-32 over the header itself, so a flipped bit in the config or a vocabulary is caught like one in
 * the weights. Versions 1 and 2 (the older shipped files) still read, their header checksum optional.
 *
 * A model file is untrusted input, even from a trusted workspace. Reading checks, in this order and
 * before anything is allocated for the model: the path is a regular file of bounded size; the prefix;
 * the header's checksum; every config field, bounded (configCheck.ts); the vocabulary sizes; the weight
 * manifest against the weights the config implies, by name and shape; the byte counts against the
 * file's length. Only then are the weights read and the model built.
 *
 * Written atomically (temporary file in the same folder, fsync, rename), so a crash never leaves half a
 * model under the real name. Every problem found while reading is a `ModelFileError` naming the file and
 * what is wrong (foreign file, truncated, corrupt, newer version, shapes, a malformed model card).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CardProblem, checkModelCard } from '../quality/card';
import { printableName } from '../text/printable';
import { Vocab } from '../text/vocab';
import type { ModelFileMeta, NamedWeight } from './api';
import { FileReadProblem, openRegularFile, readAt } from '../regularFile';
import { MAX_PARAMETERS, MAX_VOCAB_SIZE, modelConfigProblemMessages } from './configCheck';
import { CodedError, coded, type CodedMessage } from '../messages/coded';
import { Seq2SeqModel } from './model';
import { removeStaleTemporaries, writing } from './outputLock';
import { paramSpecs } from './params';
import type { ModelConfig, ModelInfo } from './types';
import { decodeWeights, encodedByteLength, encodeWeights, storedDtype, WEIGHT_DTYPES, type WeightDtype } from './weightCodec';

export const MODEL_FILE_EXTENSION = '.s2s';
export const MODEL_FILE_MAGIC = 'S2SMODEL';
export const MODEL_FILE_FORMAT = 'seq2seq-attention-explorer/model';
/** The format version this code writes and the newest it reads (see the versions above). */
export const MODEL_FILE_VERSION = 3;
/** The first version whose header carries `headerChecksum`. */
const HEADER_CHECKSUM_VERSION = 3;

const MAGIC_BYTES = new TextEncoder().encode(MODEL_FILE_MAGIC);
const PREFIX_BYTES = MAGIC_BYTES.length + 4;
/** Two vocabularies of the largest allowed size fit; a larger "header" means a corrupt length field. */
const MAX_HEADER_BYTES = 32 * 1024 * 1024;
/** The largest model file read: a model of MAX_PARAMETERS float32 weights plus its header. */
export const MAX_MODEL_FILE_BYTES = MAX_PARAMETERS * 4 + MAX_HEADER_BYTES;

/** One weight's entry in the tfjs weights manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
}

/** tfjs's `WeightsManifestConfig` layout; our weights live in the same file, hence the '(inline)' path. */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface ModelFileHeader {
  format: string;
  version: number;
  config: ModelConfig;
  sourceVocab: string[];
  targetVocab: string[];
  meta: ModelFileMeta;
  weightsManifest: WeightsManifestGroup[];
  /** Byte length of the weight data that follows the header. */
  weightBytes: number;
  /** 'crc32:' + 8 hex digits, over the weight bytes. */
  checksum: string;
  /** 'crc32:' + 8 hex digits over the header's JSON without this field (`headerChecksum`); version 3 on. */
  headerChecksum?: string;
}

/** A model file that cannot be read, with the file's name and the reason. */
export class ModelFileError extends CodedError {
  readonly reason: string;
  constructor(readonly file: string, reason: CodedMessage) {
    super(coded('modelFile.error', { file: printableName(file), reason }));
    this.reason = reason.message;
    this.name = 'ModelFileError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Checksum

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The header's own checksum: CRC-32 over `JSON.stringify` of the header without `headerChecksum`. The
 * file holds exactly that JSON (plus the field and padding), and parsing then stringifying JSON written
 * by `JSON.stringify` gives the same text back, so a reader recomputes it from the parsed header.
 */
export function headerChecksum(header: object): string {
  const { headerChecksum: _omitted, ...rest } = header as { headerChecksum?: unknown };
  return `crc32:${crc32Hex(new TextEncoder().encode(JSON.stringify(rest)))}`;
}

/** CRC-32 (IEEE, as zlib and PNG), as 8 lowercase hex digits. */
export function crc32Hex(bytes: Uint8Array): string {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------
// Writing

const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

function weightBytesOf(weights: NamedWeight[], dtypes: readonly WeightDtype[]): Uint8Array {
  const total = weights.reduce((n, w, i) => n + encodedByteLength(dtypes[i], w.shape), 0);
  const out = new Uint8Array(total);
  let offset = 0;
  weights.forEach((w, i) => {
    const bytes = dtypes[i] === 'float32' && LITTLE_ENDIAN_HOST
      ? new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength)
      : encodeWeights(w.values, w.shape, dtypes[i]);
    out.set(bytes, offset);
    offset += bytes.length;
  });
  return out;
}

export interface SaveOptions {
  /** How matrices are stored (vectors stay float32); default float32. */
  weights?: WeightDtype;
}

function checkWeightsToWrite(weights: NamedWeight[]): void {
  const seen = new Set<string>();
  for (const w of weights) {
    if (seen.has(w.name)) throw new Error(`Cannot save model: duplicate weight name '${w.name}'`);
    seen.add(w.name);
    if (!(w.values instanceof Float32Array)) throw new Error(`Cannot save model: weight '${w.name}' is not float32`);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (size !== w.values.length) throw new Error(`Cannot save model: weight '${w.name}' has shape [${w.shape}] (${size} values) but ${w.values.length} values`);
  }
}

/** The whole file's bytes for `model` with `meta`. */
export function serializeModel(model: Seq2SeqModel, meta: ModelFileMeta, options: SaveOptions = {}): Uint8Array {
  const weights = model.getWeights();
  checkWeightsToWrite(weights);
  const dtypes = weights.map(w => storedDtype(options.weights ?? 'float32', w.shape));
  const data = weightBytesOf(weights, dtypes);
  const header: ModelFileHeader = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    config: model.config,
    sourceVocab: [...model.sourceVocab.tokens],
    targetVocab: [...model.targetVocab.tokens],
    meta,
    weightsManifest: [{ paths: ['(inline)'], weights: weights.map((w, i) => ({ name: w.name, shape: [...w.shape], dtype: dtypes[i] })) }],
    weightBytes: data.length,
    checksum: `crc32:${crc32Hex(data)}`,
  };
  return encodeModelFile(header, data);
}

/**
 * The file's bytes: prefix, the header (as the current version, with its checksum) as JSON padded so the
 * weights start 4-aligned, the weights.
 */
function encodeModelFile(header: ModelFileHeader, data: Uint8Array): Uint8Array {
  const { headerChecksum: _old, ...rest } = header;
  const current = { ...rest, version: MODEL_FILE_VERSION };
  let json = new TextEncoder().encode(JSON.stringify({ ...current, headerChecksum: headerChecksum(current) }));
  const pad = (4 - ((PREFIX_BYTES + json.length) % 4)) % 4;
  if (pad > 0) {
    const padded = new Uint8Array(json.length + pad).fill(0x20); // trailing spaces: still valid JSON
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(PREFIX_BYTES + json.length + data.length);
  out.set(MAGIC_BYTES, 0);
  new DataView(out.buffer).setUint32(MAGIC_BYTES.length, json.length, true);
  out.set(json, PREFIX_BYTES);
  out.set(data, PREFIX_BYTES + json.length);
  return out;
}

/**
 * Writes `bytes` to `target` atomically: a temporary file in the same folder (so rename stays on one
 * file system), fsync, then rename over the target. On any failure the temporary file is removed and
 * the previous target, if any, is untouched. Creates the folder if needed.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  // A process killed mid-save left its temporary file: the next save removes it.
  removeStaleTemporaries(dir);
  writing.add(tmp);
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(tmp, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.promises.rename(tmp, target);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    writing.delete(tmp);
  }
  // Make the rename itself durable where the platform allows syncing a directory (not on Windows).
  try {
    const d = await fs.promises.open(dir, 'r');
    try { await d.sync(); } finally { await d.close(); }
  } catch { /* best effort */ }
}

export async function saveModelFile(filePath: string, model: Seq2SeqModel, meta: ModelFileMeta, options: SaveOptions = {}): Promise<void> {
  await writeFileAtomic(filePath, serializeModel(model, meta, options));
}

/**
 * Rewrites a model file's meta (its card, label, ...) without touching the weights: the file is read and
 * checked in full, `edit` returns the new meta, and the file is replaced atomically. No tfjs needed.
 * The new meta is checked like a read one, so a bad card never reaches the disk.
 */
export async function updateModelMeta(filePath: string, edit: (meta: ModelFileMeta) => ModelFileMeta): Promise<ModelFileMeta> {
  const { header, data } = readModelFileChecked(filePath);
  const meta = edit(structuredClone(header.meta));
  const updated: ModelFileHeader = { ...header, meta };
  const bytes = encodeModelFile(updated, data);
  parseModelFile(bytes, filePath);
  await writeFileAtomic(filePath, bytes);
  return meta;
}

// ---------------------------------------------------------------------------------------------------
// Reading

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** A printable, short rendering of a value from a file for a message. */
const shortJson = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

/** Reads the 12-byte prefix: checks the magic, returns the header length. */
function readPrefix(prefix: Uint8Array, fileSize: number, name: string): number {
  const seen = Math.min(prefix.length, MAGIC_BYTES.length);
  for (let i = 0; i < seen; i++) {
    if (prefix[i] !== MAGIC_BYTES[i]) {
      throw new ModelFileError(name, coded('modelFile.badMagic', { magic: MODEL_FILE_MAGIC }));
    }
  }
  if (fileSize === 0) throw new ModelFileError(name, coded('modelFile.empty'));
  if (prefix.length < PREFIX_BYTES) throw new ModelFileError(name, coded('modelFile.shorterThanPrefix', { size: fileSize, prefix: PREFIX_BYTES }));
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(MAGIC_BYTES.length, true);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) throw new ModelFileError(name, coded('modelFile.badHeaderLength', { length: headerLength }));
  if (PREFIX_BYTES + headerLength > fileSize) {
    throw new ModelFileError(name, coded('modelFile.truncatedHeader', { needed: PREFIX_BYTES + headerLength, size: fileSize }));
  }
  return headerLength;
}

function checkConfig(config: unknown, name: string): ModelConfig {
  if (!isObject(config)) throw new ModelFileError(name, coded('modelFile.noConfig'));
  const problems = modelConfigProblemMessages(config);
  if (problems.length) throw new ModelFileError(name, coded('modelFile.invalidConfig', { problems }));
  return config as unknown as ModelConfig;
}

/** The header's own checksum: required from version 3, and checked whenever present. */
function checkHeaderChecksum(value: Record<string, unknown>, version: number, name: string): void {
  if (value.headerChecksum === undefined) {
    if (version >= HEADER_CHECKSUM_VERSION) throw new ModelFileError(name, coded('modelFile.headerChecksumMissing'));
    return;
  }
  if (typeof value.headerChecksum !== 'string' || !/^crc32:[0-9a-f]{8}$/.test(value.headerChecksum)) {
    throw new ModelFileError(name, coded('modelFile.headerChecksumUnknown', { value: shortJson(value.headerChecksum) }));
  }
  const actual = headerChecksum(value);
  if (actual !== value.headerChecksum) {
    throw new ModelFileError(name, coded('modelFile.headerChecksumMismatch', { actual, stored: value.headerChecksum }));
  }
}

/**
 * The manifest must list exactly the weights the config implies, in order, with their shapes: checked
 * here, on the header, so a file whose config describes a huge model is refused before it is built.
 */
function checkManifestMatchesConfig(config: ModelConfig, sourceVocabSize: number, targetVocabSize: number, found: WeightSpec[], name: string): void {
  const expected = paramSpecs(config, sourceVocabSize, targetVocabSize);
  const parameters = expected.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0);
  if (parameters > MAX_PARAMETERS) {
    throw new ModelFileError(name, coded('modelFile.tooManyWeights', { parameters, max: MAX_PARAMETERS }));
  }
  const byName = new Map(found.map(w => [w.name, w]));
  for (const e of expected) {
    const f = byName.get(e.name);
    if (!f) throw new ModelFileError(name, coded('modelFile.weightMissing', { weight: e.name, shape: String(e.shape) }));
    if (f.shape.length !== e.shape.length || f.shape.some((d, i) => d !== e.shape[i])) {
      throw new ModelFileError(name, coded('modelFile.weightShape', { weight: e.name, found: String(f.shape), expected: String(e.shape) }));
    }
    byName.delete(e.name);
  }
  if (byName.size > 0) {
    const extra = [...byName.keys()];
    throw new ModelFileError(name, coded('modelFile.extraWeights', { names: `${extra.slice(0, 5).map(n => shortJson(n)).join(', ')}${extra.length > 5 ? ', …' : ''}` }));
  }
}

/** Validates a parsed header (everything except the weight bytes themselves). */
function checkHeader(value: unknown, name: string): ModelFileHeader {
  if (!isObject(value)) throw new ModelFileError(name, coded('modelFile.headerNotObject'));
  if (value.format !== MODEL_FILE_FORMAT) {
    throw new ModelFileError(name, coded('modelFile.foreignFormat', { format: String(value.format), expected: MODEL_FILE_FORMAT }));
  }
  if (!isCount(value.version) || value.version === 0) throw new ModelFileError(name, coded('modelFile.badVersion', { version: String(JSON.stringify(value.version)) }));
  if (value.version > MODEL_FILE_VERSION) {
    throw new ModelFileError(name, coded('modelFile.newerVersion', { version: value.version, supported: MODEL_FILE_VERSION }));
  }
  checkHeaderChecksum(value, value.version, name);
  const config = checkConfig(value.config, name);
  for (const key of ['sourceVocab', 'targetVocab'] as const) {
    const v = value[key];
    if (!Array.isArray(v) || !v.every(t => typeof t === 'string')) throw new ModelFileError(name, coded('modelFile.vocabNotStrings', { key }));
    if (v.length > MAX_VOCAB_SIZE) throw new ModelFileError(name, coded('modelFile.vocabTooLarge', { key, count: v.length, max: MAX_VOCAB_SIZE }));
  }
  const meta = value.meta;
  if (!isObject(meta) || typeof meta.id !== 'string' || typeof meta.label !== 'string' || typeof meta.description !== 'string'
    || !(meta.summary == null || isObject(meta.summary))) {
    throw new ModelFileError(name, coded('modelFile.badMeta'));
  }
  if (meta.card !== undefined) {
    try {
      meta.card = checkModelCard(meta.card);
    } catch (e) {
      if (e instanceof CardProblem) throw new ModelFileError(name, coded('modelFile.badCard', { problem: e.message }));
      throw e;
    }
  }
  const manifest = value.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ModelFileError(name, coded('modelFile.noManifest'));
  let expectedBytes = 0;
  const names = new Set<string>();
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.weights)) throw new ModelFileError(name, coded('modelFile.badManifest'));
    for (const w of group.weights as unknown[]) {
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || w.shape.length > 4 || !w.shape.every(isCount)) {
        throw new ModelFileError(name, coded('modelFile.badManifestEntry', { entry: shortJson(w) }));
      }
      if (!WEIGHT_DTYPES.includes(w.dtype as never)) {
        throw new ModelFileError(name, coded('modelFile.badDtype', { weight: w.name, dtype: String(w.dtype), supported: WEIGHT_DTYPES.join(', ') }));
      }
      if (names.has(w.name)) throw new ModelFileError(name, coded('modelFile.duplicateWeight', { weight: shortJson(w.name) }));
      names.add(w.name);
      expectedBytes += encodedByteLength(w.dtype as WeightDtype, w.shape as number[]);
    }
  }
  checkManifestMatchesConfig(config, (value.sourceVocab as string[]).length, (value.targetVocab as string[]).length,
    manifest.flatMap(g => (g as WeightsManifestGroup).weights), name);
  if (!isCount(value.weightBytes)) throw new ModelFileError(name, coded('modelFile.noWeightBytes'));
  if (value.weightBytes !== expectedBytes) {
    throw new ModelFileError(name, coded('modelFile.inconsistentBytes', { expected: expectedBytes, stated: value.weightBytes }));
  }
  if (typeof value.checksum !== 'string' || !/^crc32:[0-9a-f]{8}$/.test(value.checksum)) {
    throw new ModelFileError(name, coded('modelFile.unknownChecksum', { value: shortJson(value.checksum) }));
  }
  return value as unknown as ModelFileHeader;
}

function parseHeaderJson(bytes: Uint8Array, name: string): ModelFileHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelFileError(name, coded('modelFile.headerNotUtf8'));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(name, coded('modelFile.headerNotJson', { detail: e instanceof Error ? e.message : String(e) }));
  }
  return checkHeader(json, name);
}

function checkDataLength(header: ModelFileHeader, available: number, name: string): void {
  if (available < header.weightBytes) {
    throw new ModelFileError(name, coded('modelFile.truncatedWeights', { expected: header.weightBytes, found: available }));
  }
  if (available > header.weightBytes) {
    throw new ModelFileError(name, coded('modelFile.trailingBytes', { count: available - header.weightBytes }));
  }
}

/** The weights of `data` (exactly the header's weight bytes), checksum and values checked. */
function decodeWeightData(header: ModelFileHeader, data: Uint8Array, name: string): NamedWeight[] {
  const actual = `crc32:${crc32Hex(data)}`;
  if (actual !== header.checksum) {
    throw new ModelFileError(name, coded('modelFile.weightsChecksum', { actual, stored: header.checksum }));
  }
  const weights: NamedWeight[] = [];
  let offset = 0;
  for (const group of header.weightsManifest) {
    for (const spec of group.weights) {
      const length = encodedByteLength(spec.dtype, spec.shape);
      const bytes = data.subarray(offset, offset + length);
      let values: Float32Array;
      if (spec.dtype === 'float32' && LITTLE_ENDIAN_HOST) {
        values = new Float32Array(length / 4);
        new Uint8Array(values.buffer).set(bytes);
      } else {
        values = decodeWeights(bytes, spec.shape, spec.dtype);
      }
      offset += length;
      // A NaN or infinite weight makes every output empty or NaN: refuse it rather than translate nonsense.
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) throw new ModelFileError(name, coded('modelFile.notFinite', { weight: spec.name, value: String(values[i]), index: i }));
      }
      weights.push({ name: spec.name, shape: [...spec.shape], values });
    }
  }
  return weights;
}

/** Parses a whole model file held in memory. `name` is used in error messages (a path or a display name). */
export function parseModelFile(bytes: Uint8Array, name: string): { header: ModelFileHeader; weights: NamedWeight[] } {
  if (bytes.length > MAX_MODEL_FILE_BYTES) throw new ModelFileError(name, coded('modelFile.tooLarge', { size: bytes.length, max: MAX_MODEL_FILE_BYTES }));
  const headerLength = readPrefix(bytes.subarray(0, PREFIX_BYTES), bytes.length, name);
  const header = parseHeaderJson(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength), name);
  const dataStart = PREFIX_BYTES + headerLength;
  checkDataLength(header, bytes.length - dataStart, name);
  return { header, weights: decodeWeightData(header, bytes.subarray(dataStart), name) };
}

function infoFromHeader(header: ModelFileHeader, filePath: string, shipped: boolean, fileBytes: number): ModelInfo {
  let parameters = 0;
  for (const group of header.weightsManifest) for (const w of group.weights) parameters += w.shape.reduce((a, b) => a * b, 1);
  return {
    id: header.meta.id,
    path: filePath,
    task: header.config.task,
    mechanism: header.config.mechanism,
    label: header.meta.label,
    description: header.meta.description,
    shipped,
    config: header.config,
    summary: header.meta.summary ?? null,
    card: header.meta.card ?? null,
    parameters,
    fileBytes,
  };
}

function readError(filePath: string, e: unknown): Error {
  if (e instanceof ModelFileError) return e;
  if (e instanceof FileReadProblem) return new ModelFileError(filePath, e.missing ? coded('modelFile.noSuchFile') : e.codedReason);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new ModelFileError(filePath, coded('modelFile.noSuchFile'));
  if (code === 'EISDIR') return new ModelFileError(filePath, coded('modelFile.isFolder'));
  return new ModelFileError(filePath, coded('modelFile.unreadable', { detail: e instanceof Error ? e.message : String(e) }));
}

/**
 * Opens a model file and reads and checks its prefix and header against the file's length; the weights
 * are read by `withData` only, after every check passed. Never reads more than the header says.
 */
function readModelFileParts<T>(filePath: string, use: (header: ModelFileHeader, size: number, readData: () => Uint8Array) => T): T {
  let fd: number | null = null;
  try {
    const opened = openRegularFile(filePath, MAX_MODEL_FILE_BYTES, coded('file.limitModelFile'));
    fd = opened.fd;
    const size = opened.size;
    const handle = fd;
    const prefix = readAt(handle, Math.min(PREFIX_BYTES, size), 0);
    const headerLength = readPrefix(prefix, size, filePath);
    const headerBytes = readAt(handle, headerLength, PREFIX_BYTES);
    if (headerBytes.length < headerLength) throw new ModelFileError(filePath, coded('modelFile.truncatedInHeader'));
    const header = parseHeaderJson(headerBytes, filePath);
    checkDataLength(header, size - PREFIX_BYTES - headerLength, filePath);
    return use(header, size, () => {
      const data = readAt(handle, header.weightBytes, PREFIX_BYTES + headerLength);
      if (data.length < header.weightBytes) throw new ModelFileError(filePath, coded('modelFile.shrankInWeights'));
      return data;
    });
  } catch (e) {
    throw readError(filePath, e);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The checked header and weight bytes of a file (for rewriting its meta). */
function readModelFileChecked(filePath: string): { header: ModelFileHeader; data: Uint8Array } {
  return readModelFileParts(filePath, (header, _size, readData) => {
    const data = readData();
    decodeWeightData(header, data, filePath);
    return { header, data };
  });
}

/**
 * Loads a model: every check of the header first (the manifest matches the config, the byte counts
 * match the file), then the weights are read and decoded, and only then is the model built.
 */
export async function loadModelFile(filePath: string): Promise<{ model: Seq2SeqModel; info: ModelInfo }> {
  const { header, weights, size } = readModelFileParts(filePath, (h, fileSize, readData) =>
    ({ header: h, weights: decodeWeightData(h, readData(), filePath), size: fileSize }));
  let sourceVocab: Vocab;
  let targetVocab: Vocab;
  try {
    sourceVocab = Vocab.fromJSON(header.sourceVocab);
    targetVocab = Vocab.fromJSON(header.targetVocab);
  } catch (e) {
    throw new ModelFileError(filePath, coded('modelFile.badVocab', { detail: e instanceof Error ? e.message : String(e) }));
  }
  const model = Seq2SeqModel.create(header.config, sourceVocab, targetVocab, 0);
  try {
    model.setWeights(weights);
  } catch (e) {
    model.dispose();
    throw new ModelFileError(filePath, coded('modelFile.weightsDoNotFit', { detail: e instanceof Error ? e.message : String(e) }));
  }
  return { model, info: infoFromHeader(header, filePath, false, size) };
}

/**
 * What a list shows about a model, from its header only: opens the file and reads the prefix and the
 * header, never the weights (the file size is checked against the header, so truncation shows here too).
 */
export function readModelInfo(filePath: string, shipped: boolean): ModelInfo {
  return readModelFileParts(filePath, (header, size) => ({ ...infoFromHeader(header, filePath, shipped, size), shipped }));
}
