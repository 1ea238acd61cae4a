/**
 * The token-id data a reference implementation of the engine's model (peers/torch_seq2seq.py) trains
 * and decodes from: the engine's vocabulary, its training pairs in its order, the batches it trained on
 * epoch by epoch, the held-out pairs, and the model and training settings. Both sides then see exactly
 * the same vocabulary, split and batches. No engine run and no files here.
 */
import { bucketedBatches, shuffleStream, type EncodedPair, type ModelConfig, type NamedWeight, type TrainConfig } from '../../shared/engine/index';
import { EOS_ID, PAD_ID, SOS_ID } from '../../shared/text/vocab';

export const PEER_DATA_FORMAT = 'seq2seq-attention/peer-ids';
export const PEER_DATA_VERSION = 1;

/** What peers/torch_seq2seq.py reads (`check_data` there refuses anything else). */
export interface PeerData {
  format: typeof PEER_DATA_FORMAT;
  version: typeof PEER_DATA_VERSION;
  model: Pick<ModelConfig, 'mechanism' | 'cell' | 'embeddingSize' | 'hiddenSize' | 'layers' | 'residual' | 'bidirectional' |
    'inputFeeding' | 'attentionUnits' | 'reverseSource' | 'maxSourceLength' | 'maxTargetLength'> & {
    sourceVocabSize: number;
    targetVocabSize: number;
  };
  train: {
    epochs: number; batchSize: number; learningRate: number; clipNorm: number;
    beta1: number; beta2: number; epsilon: number; seed: number;
  };
  special: { pad: number; sos: number; eos: number };
  /** Encoder-order source ids (already reversed when the model reverses its source) and target ids. */
  trainPairs: { sources: number[][]; targets: number[][] };
  /** Per epoch, the batches as indices into `trainPairs`, in training order; null: the peer buckets its own. */
  batches: number[][][] | null;
  /** Every held-out pair (hypotheses come back one per source, in this order). */
  test: { sources: number[][]; targets: number[][] };
  /** Greedy decoding stops after this many steps (the engine's maxTargetLength + 1). */
  maxDecodeSteps: number;
  /** Sentences per held-out batch (the engine's `evalBatchSize`). */
  evalBatchSize: number;
  /** The engine's weights by model-file name: the reference starts from them instead of PyTorch's initialisers. */
  initialWeights?: { name: string; shape: number[]; values: number[] }[];
}

/**
 * The pairs `trainModel` trains on, in its order: a non-empty source and target, within the model's
 * length limits (longer pairs are skipped there, never cut).
 */
export function trainablePairs(config: ModelConfig, encoded: readonly EncodedPair[]): EncodedPair[] {
  return encoded.filter(e => e.source.length > 0 && e.target.length > 0 &&
    e.source.length <= config.maxSourceLength && e.target.length <= config.maxTargetLength);
}

/** Epoch after epoch, the batches `trainModel` trains on with this seed (indices into its training pairs). */
export function engineEpochBatches(sourceLengths: readonly number[], batchSize: number, epochs: number, seed: number): number[][][] {
  const rng = shuffleStream(seed);
  const out: number[][][] = [];
  for (let e = 0; e < epochs; e++) out.push(bucketedBatches(sourceLengths, batchSize, rng));
  return out;
}

export interface PeerDataInput {
  config: ModelConfig;
  train: TrainConfig;
  adam: { beta1: number; beta2: number; epsilon: number };
  sourceVocabSize: number;
  targetVocabSize: number;
  trainPairs: readonly EncodedPair[];
  batches: number[][][] | null;
  test: readonly EncodedPair[];
  evalBatchSize: number;
  initialWeights?: readonly NamedWeight[];
}

export function makePeerData(i: PeerDataInput): PeerData {
  const c = i.config;
  const n = i.trainPairs.length;
  if (n === 0) throw new Error('no training pairs for the peer');
  if (i.batches) {
    if (i.batches.length < i.train.epochs) throw new Error(`batches for ${i.batches.length} epochs, ${i.train.epochs} to train`);
    i.batches.forEach((epoch, e) => {
      const seen = new Set<number>();
      for (const batch of epoch) {
        for (const k of batch) {
          if (!Number.isInteger(k) || k < 0 || k >= n || seen.has(k)) throw new Error(`epoch ${e + 1}'s batches do not list each of the ${n} pairs once (index ${k})`);
          seen.add(k);
        }
      }
      if (seen.size !== n) throw new Error(`epoch ${e + 1}'s batches hold ${seen.size} of the ${n} pairs`);
    });
  }
  return {
    format: PEER_DATA_FORMAT,
    version: PEER_DATA_VERSION,
    model: {
      mechanism: c.mechanism, cell: c.cell, embeddingSize: c.embeddingSize, hiddenSize: c.hiddenSize, layers: c.layers,
      residual: c.residual, bidirectional: c.bidirectional, inputFeeding: c.inputFeeding, attentionUnits: c.attentionUnits,
      reverseSource: c.reverseSource, maxSourceLength: c.maxSourceLength, maxTargetLength: c.maxTargetLength,
      sourceVocabSize: i.sourceVocabSize, targetVocabSize: i.targetVocabSize,
    },
    train: {
      epochs: i.train.epochs, batchSize: i.train.batchSize, learningRate: i.train.learningRate, clipNorm: i.train.clipNorm,
      beta1: i.adam.beta1, beta2: i.adam.beta2, epsilon: i.adam.epsilon, seed: i.train.seed,
    },
    special: { pad: PAD_ID, sos: SOS_ID, eos: EOS_ID },
    trainPairs: { sources: i.trainPairs.map(p => p.source), targets: i.trainPairs.map(p => p.target) },
    batches: i.batches,
    test: { sources: i.test.map(p => p.source), targets: i.test.map(p => p.target) },
    maxDecodeSteps: c.maxTargetLength + 1,
    evalBatchSize: i.evalBatchSize,
    ...(i.initialWeights ? { initialWeights: i.initialWeights.map(w => ({ name: w.name, shape: [...w.shape], values: Array.from(w.values) })) } : {}),
  };
}

/** Why the reference cannot train this configuration (null: it can). */
export function peerUnsupported(config: ModelConfig, teacherForcingRatio: number): string | null {
  if (!['luong-dot', 'luong-general', 'luong-concat', 'bahdanau'].includes(config.mechanism)) {
    return `the PyTorch reference implements the attention mechanisms only (not ${config.mechanism})`;
  }
  if (config.bidirectional) return 'the PyTorch reference has no bidirectional encoder';
  if (teacherForcingRatio !== 1) return 'the PyTorch reference trains with pure teacher forcing only';
  return null;
}
