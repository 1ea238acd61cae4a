/**
 * The fault-injection cases: crafted model files (generated here from a shipped model), special files,
 * long inputs, hostile datasets. Each case runs one refusal and says what it answered. The unit tests
 * (test/unit/faults/) assert every answer; `measure.ts` runs each case in a fresh process and prints its
 * peak memory and time.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkedSource, maxTextChars } from '../../src/shared/engine/batching';
import { crc32Hex, headerChecksum, loadModelFile, readModelInfo, type ModelFileHeader } from '../../src/shared/engine/modelFile';
import { readDataset } from '../../src/shared/data/index';
import { paramSpecs } from '../../src/shared/engine/params';
import { Vocab } from '../../src/shared/text/vocab';
import { checkInput } from '../../src/worker/inputCheck';
import { loadDatasetFile } from '../../src/cli/files';
import { projectRoot } from '../harness/paths';

export const BASE_MODEL = path.join(projectRoot(), 'media', 'models', 'date-luong-dot.s2s');

export interface Outcome {
  refused: boolean;
  message: string;
}

export interface FaultCase {
  id: string;
  group: 'model file' | 'special file' | 'long input' | 'dataset';
  /** What the refusal must say. */
  expect: RegExp;
  run(dir: string): Promise<Outcome>;
}

// ---------------------------------------------------------------------------------------------------
// Model files

export interface ModelParts {
  header: ModelFileHeader;
  data: Uint8Array;
}

export function splitModelFile(bytes: Uint8Array): ModelParts {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  return {
    header: JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as ModelFileHeader,
    data: bytes.slice(12 + len),
  };
}

/** A current-version file of `header` (its header checksum recomputed unless `checksum` is given) and `data`. */
export function encodeParts({ header, data }: ModelParts, checksum?: string | null): Uint8Array {
  const h: Record<string, unknown> = { ...header, version: 3 };
  delete h.headerChecksum;
  if (checksum !== null) h.headerChecksum = checksum ?? headerChecksum(h);
  const json = new TextEncoder().encode(JSON.stringify(h));
  const out = new Uint8Array(12 + json.length + data.length);
  out.set(new TextEncoder().encode('S2SMODEL'));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(data, 12 + json.length);
  return out;
}

export function baseParts(): ModelParts {
  return splitModelFile(new Uint8Array(fs.readFileSync(BASE_MODEL)));
}

function withConfig(edit: (config: Record<string, unknown>) => void): Uint8Array {
  const parts = baseParts();
  edit(parts.header.config as unknown as Record<string, unknown>);
  return encodeParts(parts);
}

async function refusal(fn: () => unknown): Promise<Outcome> {
  try {
    const value = await fn();
    if (value && typeof value === 'object' && 'model' in value) (value as { model: { dispose(): void } }).model.dispose();
    return { refused: false, message: 'accepted' };
  } catch (e) {
    return { refused: true, message: e instanceof Error ? e.message : String(e) };
  }
}

/** A case that writes `bytes()` to a file and loads it as a model (the full load: read, check, build). */
function modelCase(id: string, expect: RegExp, bytes: () => Uint8Array): FaultCase {
  return {
    id, group: 'model file', expect,
    run: async dir => {
      const file = path.join(dir, `${id}.s2s`);
      fs.writeFileSync(file, bytes());
      return refusal(() => loadModelFile(file));
    },
  };
}

const CONFIG_BOUND = /the model config is invalid: .* must be an integer from 1 to \d+/;

export const MODEL_FILE_CASES: FaultCase[] = [
  modelCase('hidden-30000', CONFIG_BOUND, () => withConfig(c => { c.hiddenSize = 30000; })),
  modelCase('embedding-2000000', CONFIG_BOUND, () => withConfig(c => { c.embeddingSize = 2_000_000; })),
  modelCase('hidden-4096', CONFIG_BOUND, () => withConfig(c => { c.hiddenSize = 4096; })),
  modelCase('layers-5000', CONFIG_BOUND, () => withConfig(c => { c.layers = 5000; })),
  modelCase('attention-0', CONFIG_BOUND, () => withConfig(c => { c.attentionUnits = 0; })),
  modelCase('max-target-1e9', /maxTargetLength must be an integer from 1 to 1024/, () => withConfig(c => { c.maxTargetLength = 1e9; })),
  modelCase('max-source-float', /maxSourceLength must be an integer/, () => withConfig(c => { c.maxSourceLength = 12.5; })),
  modelCase('no-reverse-source', /reverseSource must be true or false \(got nothing\)/, () => withConfig(c => { delete c.reverseSource; })),
  modelCase('residual-string', /residual must be true or false/, () => withConfig(c => { c.residual = 'yes'; })),
  modelCase('unknown-tokenizer', /unknown sourceTokenizer "bytes"/, () => withConfig(c => { c.sourceTokenizer = 'bytes'; })),
  modelCase('unknown-config-field', /unknown field 'kernel'/, () => withConfig(c => { c.kernel = 'fast'; })),
  modelCase('empty-task', /task must be a name/, () => withConfig(c => { c.task = ''; })),
  modelCase('config-disagrees-with-manifest', /weight 'encoder\/embedding' has shape \[61,32\] in the file but the model's config needs \[61,48\]/,
    () => withConfig(c => { c.embeddingSize = 48; })),
  modelCase('hidden-2048-in-60KB', /the file is truncated: \d+ bytes of weights expected, 245052 found/, () => {
    // A config within the bounds and a manifest and byte count that agree with it: only the file's length
    // shows the weights are not there, and it is compared before anything is read or built.
    const parts = baseParts();
    const config = { ...parts.header.config, hiddenSize: 2048, attentionUnits: 2048 };
    parts.header.config = config;
    const specs = paramSpecs(config, parts.header.sourceVocab.length, parts.header.targetVocab.length);
    parts.header.weightsManifest = [{ paths: ['(inline)'], weights: specs.map(w => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }];
    parts.header.weightBytes = specs.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    return encodeParts(parts);
  }),
  modelCase('manifest-extra-weight', /inconsistent|does not use/, () => {
    const parts = baseParts();
    parts.header.weightsManifest[0].weights.push({ name: 'evil/huge', shape: [50000, 50000], dtype: 'float32' });
    return encodeParts(parts);
  }),
  modelCase('vocab-300000', /sourceVocab has 300004 tokens, more than the 200000 allowed/, () => {
    const parts = baseParts();
    parts.header.sourceVocab = [...parts.header.sourceVocab.slice(0, 4), ...Array.from({ length: 300000 }, (_, i) => `t${i}`)];
    return encodeParts(parts);
  }),
  modelCase('nan-weight', /holds a value that is not a finite number/, () => {
    const parts = baseParts();
    new DataView(parts.data.buffer).setFloat32(40, NaN, true);
    parts.header.checksum = `crc32:${crc32Hex(parts.data)}`;
    return encodeParts(parts);
  }),
  modelCase('header-checksum-missing', /headerChecksum is missing/, () => encodeParts(baseParts(), null)),
  modelCase('header-checksum-wrong', /the header is corrupt \(checksum/, () => encodeParts(baseParts(), 'crc32:00000000')),
  modelCase('header-bit-flip', /the header is corrupt \(checksum/, () => {
    const bytes = encodeParts(baseParts());
    const at = new TextDecoder().decode(bytes).indexOf('"hiddenSize":64') + '"hiddenSize":'.length;
    bytes[at] ^= 0x02; // '6' -> '4': still a valid config, a different model
    return bytes;
  }),
  modelCase('header-length-huge', /corrupt \(header length/, () => {
    const bytes = encodeParts(baseParts());
    new DataView(bytes.buffer).setUint32(8, 0x7fffffff, true);
    return bytes;
  }),
  modelCase('weights-cut', /truncated/, () => encodeParts(baseParts()).slice(0, -100)),
  modelCase('newer-version', /newer version/, () => {
    const parts = baseParts();
    const bytes = encodeParts(parts);
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"version":3') + '"version":'.length;
    bytes[at] = '9'.charCodeAt(0);
    return bytes;
  }),
  {
    id: 'sparse-1.9GB', group: 'model file', expect: /is \d+ MB, more than the largest model file read/,
    run: async dir => {
      const file = path.join(dir, 'sparse.s2s');
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, encodeParts(baseParts()));
      fs.ftruncateSync(fd, Math.floor(1.9 * 1024 ** 3));
      fs.closeSync(fd);
      return refusal(() => loadModelFile(file));
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Special files

export function makeFifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

export const canMakeFifo = process.platform !== 'win32';

const NOT_REGULAR = /is not a regular file/;

export const SPECIAL_FILE_CASES: FaultCase[] = [
  {
    id: 'fifo-as-model', group: 'special file', expect: /is not a regular file \(a named pipe \(FIFO\)\)/,
    run: async dir => {
      const file = path.join(dir, 'pipe.s2s');
      makeFifo(file);
      return refusal(() => readModelInfo(file, false));
    },
  },
  {
    id: 'fifo-as-dataset', group: 'special file', expect: /dataset '.*pipe\.tsv' is not a regular file \(a named pipe/,
    run: async dir => {
      const file = path.join(dir, 'pipe.tsv');
      makeFifo(file);
      return refusal(() => loadDatasetFile({ file, swap: false }));
    },
  },
  { id: 'dev-zero-as-dataset', group: 'special file', expect: /dataset '\/dev\/zero' is not a regular file \(a device\)/, run: async () => refusal(() => loadDatasetFile({ file: '/dev/zero', swap: false })) },
  { id: 'dev-urandom-as-dataset', group: 'special file', expect: /is not a regular file \(a device\)/, run: async () => refusal(() => loadDatasetFile({ file: '/dev/urandom', swap: false })) },
  { id: 'dev-zero-as-model', group: 'special file', expect: /Model file '\/dev\/zero': is not a regular file \(a device\)/, run: async () => refusal(() => loadModelFile('/dev/zero')) },
  {
    id: 'symlink-loop-as-dataset', group: 'special file', expect: /is not a regular file \(a symbolic link loop\)/,
    run: async dir => {
      const a = path.join(dir, 'loop-a.tsv');
      const b = path.join(dir, 'loop-b.tsv');
      fs.symlinkSync(b, a);
      fs.symlinkSync(a, b);
      return refusal(() => loadDatasetFile({ file: a, swap: false }));
    },
  },
  {
    id: 'symlink-loop-as-model', group: 'special file', expect: NOT_REGULAR,
    run: async dir => {
      const a = path.join(dir, 'loop.s2s');
      fs.symlinkSync(a, a);
      return refusal(() => readModelInfo(a, false));
    },
  },
  {
    id: 'folder-as-model', group: 'special file', expect: /is not a regular file \(a folder\)/,
    run: async dir => {
      const d = path.join(dir, 'folder.s2s');
      fs.mkdirSync(d);
      return refusal(() => loadModelFile(d));
    },
  },
  {
    id: 'sparse-dataset-200MB', group: 'special file', expect: /is 200 MB, more than the limit for datasets/,
    run: async dir => {
      const file = path.join(dir, 'huge.tsv');
      fs.writeFileSync(file, 'a\tb\n');
      fs.truncateSync(file, 200 * 1024 * 1024);
      return refusal(() => loadDatasetFile({ file, swap: false }));
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Long inputs (before tokenisation) and hostile datasets

function dateModel(): { config: ModelFileHeader['config']; vocab: Vocab } {
  const { header } = baseParts();
  return { config: header.config, vocab: Vocab.fromJSON(header.sourceVocab) };
}

export const LONG_INPUT_CASES: FaultCase[] = [
  ...[200_000, 10_000_000].map((n): FaultCase => ({
    id: `worker-text-${n}`, group: 'long input', expect: new RegExp(`The text has ${n} characters; model 'm' takes at most 64 characters, so at most ${maxTextChars(64)} characters are read`),
    run: async () => {
      const { config, vocab } = dateModel();
      return refusal(() => checkInput('m', config, vocab, '1'.repeat(n)));
    },
  })),
  {
    id: 'cli-line-400000', group: 'long input', expect: /The input has 400000 characters; this model takes at most 64 tokens/,
    run: async () => {
      const { config, vocab } = dateModel();
      return refusal(() => checkedSource('ab '.repeat(133_334).slice(0, 400_000), config, vocab));
    },
  },
  {
    id: 'csv-63MB-unclosed-quote', group: 'dataset', expect: /a quoted field that starts on line 2 is never closed/,
    run: async () => {
      const text = 'source,target\n"unclosed,' + 'a long line of text in the field\n'.repeat(2_000_000);
      return refusal(() => readDataset({ name: 'open.csv', bytes: new TextEncoder().encode(text) }, { maxBytes: 128 * 1024 * 1024 }));
    },
  },
  {
    id: 'dataset-utf32', group: 'dataset', expect: /is UTF-32 text/,
    run: async () => {
      const text = 'hello\tbonjour\n'.repeat(20);
      const bytes = new Uint8Array(4 + text.length * 4);
      bytes.set([0xff, 0xfe, 0, 0]);
      for (let i = 0; i < text.length; i++) bytes[4 + i * 4] = text.charCodeAt(i);
      return refusal(() => readDataset({ name: 'wide.tsv', bytes }));
    },
  },
  {
    id: 'dataset-escape-in-name', group: 'dataset', expect: /^bad\\x1b\]0;owned\\x07\\x1b\[2J\.tsv: /,
    run: async () => refusal(() => readDataset({ name: 'bad\u001b]0;owned\u0007\u001b[2J.tsv', bytes: new Uint8Array(0) })),
  },
];

export const ALL_CASES: FaultCase[] = [...MODEL_FILE_CASES, ...SPECIAL_FILE_CASES, ...LONG_INPUT_CASES];

