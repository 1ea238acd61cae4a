/**
 * Resident memory while training: `process.memoryUsage().rss` (the whole process: every thread's wasm
 * heap, the JS heaps, code) sampled after each epoch and its peak sampled after every batch, plus the
 * leader's wasm heap size (wasm memory only grows, never shrinks) and live tensor count. A proxy of the
 * issue's "10 epochs of 45,000 pairs": N epochs on a subset (the caller says how many pairs).
 */
import * as tf from '@tensorflow/tfjs';
import { wasmHeapBytes } from '../../shared/engine/kernels/wasmBackend';
import type { Pair } from '../../shared/data/types';
import { trainModel, type ModelConfig, type TrainConfig } from '../../shared/engine/index';
import { helperHeapMB } from '../../shared/engine/parallel/dataParallel';

export interface MemorySample {
  epoch: number;
  /** MB (2^20 bytes). */
  rssMB: number;
  peakRssMB: number;
  jsHeapMB: number;
  /** The training thread's wasm heap; null on the cpu backend. */
  wasmHeapMB: number | null;
  /** The gradient helper thread's wasm heap (two workers). */
  helperWasmHeapMB?: number | null;
  tensors: number;
}

export interface MemoryResult {
  workers: 1 | 2;
  /** With two workers: how they share the training. */
  parallelMode?: 'exact' | 'delayed';
  pairs: number;
  epochs: number;
  /** RSS before the model was built. */
  startRssMB: number;
  perEpoch: MemorySample[];
  peakRssMB: number;
  /** Last epoch's RSS minus the first's: ~0 when memory is flat. */
  growthMB: number;
}

const MB = 2 ** 20;

/** The wasm backend's heap size in MB, or null when another backend is active. */
export function wasmHeapMB(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const bytes = wasmHeapBytes(tf.backend());
  return bytes === null ? null : bytes / MB;
}

export async function measureTrainingMemory(config: ModelConfig, train: TrainConfig, pairs: Pair[],
  o: { workers: 1 | 2; parallelMode?: 'exact' | 'delayed'; epochs: number; onEpoch?: (s: MemorySample) => void }): Promise<MemoryResult> {
  const startRssMB = process.memoryUsage().rss / MB;
  let peak = startRssMB;
  const perEpoch: MemorySample[] = [];
  const { model } = await trainModel({
    config,
    train: { ...train, epochs: o.epochs, validationSplit: 0, earlyStoppingPatience: 0, workers: o.workers, parallelMode: o.parallelMode ?? 'exact' },
    pairs,
    // A small validation set: the epoch-end evaluation runs (as in real training) without dominating.
    validation: pairs.slice(0, 256),
    datasetName: 'bench-memory',
    hooks: {
      onBatch: () => { peak = Math.max(peak, process.memoryUsage().rss / MB); },
      onEpoch: m => {
        const u = process.memoryUsage();
        peak = Math.max(peak, u.rss / MB);
        const s: MemorySample = {
          epoch: m.epoch, rssMB: u.rss / MB, peakRssMB: peak, jsHeapMB: u.heapUsed / MB, wasmHeapMB: wasmHeapMB(), ...(o.workers === 2 ? { helperWasmHeapMB: helperHeapMB() } : {}),
          tensors: tf.memory().numTensors,
        };
        perEpoch.push(s);
        o.onEpoch?.(s);
      },
    },
  });
  model.dispose();
  const growthMB = perEpoch.length > 1 ? perEpoch[perEpoch.length - 1].rssMB - perEpoch[0].rssMB : 0;
  return { workers: o.workers, ...(o.workers === 2 ? { parallelMode: o.parallelMode ?? 'exact' } : {}), pairs: pairs.length, epochs: perEpoch.length, startRssMB, perEpoch, peakRssMB: peak, growthMB };
}
