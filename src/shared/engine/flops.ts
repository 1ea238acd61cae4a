/**
 * Floating-point work of training one example, counted from the model's matrix products: the bench
 * states throughput as GFLOP/s with it, and data-parallel training splits a batch by it (an example's
 * cost grows with its source and target lengths).
 */
import type { ModelConfig } from './types';

/**
 * Training FLOPs (forward + backward, backward counted as twice the forward, as usual) of one example
 * with `sourceLength` source and `targetLength` target tokens (the decoder runs targetLength + 1 steps:
 * the `<eos>` step). Counts the matrix products only (2 FLOPs per multiply-add); element-wise work is
 * not counted, so the figure is a lower bound of the work done. Vocabulary sizes as given.
 */
export function trainingFlopsPerExample(c: ModelConfig, sourceLength: number, targetLength: number, targetVocab: number): number {
  const H = c.hiddenSize;
  const E = c.embeddingSize;
  const G = c.cell === 'lstm' ? 4 : 3;
  const S = sourceLength;
  const T = targetLength + 1;
  const A = c.attentionUnits;
  let macs = 0;
  // Encoder: input projection and recurrent product per token and layer (first layer maybe both directions).
  for (let l = 0; l < c.layers; l++) {
    const inWidth = l === 0 ? E : H;
    const dirs = l === 0 && c.bidirectional ? 2 : 1;
    macs += dirs * S * (inWidth * G * H + H * G * H);
  }
  if (c.bidirectional) macs += S * 2 * H * H + 2 * H * H;
  // Decoder RNN layers.
  for (let l = 0; l < c.layers; l++) macs += T * ((l === 0 ? E : H) * G * H + H * G * H);
  switch (c.mechanism) {
    case 'baseline':
      break;
    case 'peeky':
      macs += H * G * H + H * targetVocab; // once per sentence
      break;
    case 'luong-dot':
      macs += T * (2 * S * H + 2 * H * H);
      break;
    case 'luong-general':
      macs += S * H * H + T * (2 * S * H + 2 * H * H);
      break;
    case 'luong-concat':
      macs += S * H * A + T * (H * A + S * A + 2 * S * H + 2 * H * H);
      break;
    case 'bahdanau':
      macs += S * H * A + T * (H * A + S * A + S * H + H * G * H);
      break;
  }
  if (c.inputFeeding && c.mechanism.startsWith('luong')) macs += T * H * G * H;
  const outWidth = c.mechanism === 'bahdanau' ? 2 * H : H;
  macs += T * outWidth * targetVocab;
  return 3 * 2 * macs;
}

/**
 * Training FLOPs of the pairs [from, to) trained together: the batch is padded to its longest source
 * and target, so every pair costs what the longest would.
 */
export function paddedTrainingFlops(c: ModelConfig, targetVocab: number, sources: readonly (readonly number[])[],
  targets: readonly (readonly number[])[], from = 0, to = sources.length): number {
  let s = 0;
  let t = 0;
  for (let i = from; i < to; i++) {
    s = Math.max(s, sources[i].length);
    t = Math.max(t, targets[i].length);
  }
  return (to - from) * trainingFlopsPerExample(c, s, t, targetVocab);
}
