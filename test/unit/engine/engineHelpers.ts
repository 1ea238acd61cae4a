/** Shared helpers of the engine unit tests: cpu backend, tiny configurations, vocabularies from text. */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/shared/engine/backend';
import { makeModelConfig } from '../../../src/shared/engine/config';
import type { Mechanism, ModelConfig, TokenizerKind } from '../../../src/shared/engine/types';
import { tokenizerFor, vocabKey } from '../../../src/shared/text/tokenizer';
import { Vocab } from '../../../src/shared/text/vocab';
import { mulberry32 } from '../../../src/shared/engine/random';

/** Call at the top of a describe(): every engine test runs on the deterministic cpu backend. */
export function useCpuBackend(): void {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
}

export function vocabFrom(texts: readonly string[], kind: TokenizerKind): Vocab {
  const tok = tokenizerFor(kind);
  return Vocab.build(texts.map(t => tok.tokenize(t).map(s => vocabKey(kind, s.text))), { maxSize: 1000, minFrequency: 1 }).vocab;
}

export function tinyConfig(mechanism: Mechanism, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return makeModelConfig('test', mechanism, {
    embeddingSize: 6, hiddenSize: 8, attentionUnits: 5, maxSourceLength: 12, maxTargetLength: 8, ...overrides,
  });
}

export const LETTERS = 'abcdefg';

/** Deterministic toy pairs: 3-letter strings and their reversal. */
export function reversalPairs(count: number, alphabet = 'abcd'): { source: string; target: string; line: number }[] {
  const out: { source: string; target: string; line: number }[] = [];
  const n = alphabet.length;
  for (let i = 0; i < count; i++) {
    const k = (i * 7 + 3) % (n * n * n);
    const s = alphabet[Math.floor(k / (n * n))] + alphabet[Math.floor(k / n) % n] + alphabet[k % n];
    out.push({ source: s, target: [...s].reverse().join(''), line: i + 1 });
  }
  return out;
}

/** Largest absolute difference relative to the largest magnitude of `a`: compares weights or gradients. */
export function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let mag = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    mag = Math.max(mag, Math.abs(a[i]));
  }
  return diff / mag;
}

/** One output per tensor, as read back from a backend. */
export type BackendResult = { shape: number[]; values: number[] }[];

/** Runs `fn` on one backend and reads every output (disposing them); fails if a tensor leaks. */
export async function runOn(backend: 'cpu' | 'wasm', fn: () => tf.Tensor | tf.Tensor[]): Promise<BackendResult> {
  const used = await initBackend(backend);
  assert.strictEqual(used, backend, `backend ${backend} did not initialise`);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const result = list.map(t => ({ shape: t.shape.slice(), values: Array.from(t.dataSync()) }));
  tf.dispose(list);
  assert.strictEqual(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  return result;
}

/** Deterministic uniform [-1, 1) values (the engine's seeded mulberry32). */
export function randomValues(n: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

/** Same computation on cpu and wasm; max abs difference at most `tol` (scaled by magnitude). */
export async function assertBackendsAgree(fn: () => tf.Tensor | tf.Tensor[], tol = 1e-4): Promise<BackendResult> {
  const cpu = await runOn('cpu', fn);
  const wasm = await runOn('wasm', fn);
  assert.strictEqual(wasm.length, cpu.length, 'number of outputs');
  cpu.forEach((c, i) => {
    const w = wasm[i];
    assert.deepStrictEqual(w.shape, c.shape, `output ${i} shape`);
    let maxDiff = 0;
    let maxMag = 1;
    for (let j = 0; j < c.values.length; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(c.values[j] - w.values[j]));
      maxMag = Math.max(maxMag, Math.abs(c.values[j]));
    }
    assert.ok(maxDiff <= tol * maxMag, `output ${i} [${c.shape}]: max abs diff ${maxDiff} > ${tol * maxMag}`);
  });
  return wasm;
}
