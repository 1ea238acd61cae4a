/**
 * Inference: batched greedy decoding (evaluation), beam search (greedy = width 1) and forced decoding of
 * a given target for one sentence. Every step runs in its own tf.tidy; the previous step's state is
 * disposed as soon as the next exists, so long decodes do not pile up tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { padSources, padTargets, type EncodedSource } from './batching';
import { decodeForced, decoderStep, initialState, outputLogits, prepareDecoder, tokenGates, type DecoderContext, type DecoderState } from './decoder';
import { encode } from './encoder';
import { CONFIG_LIMITS } from './configCheck';
import type { ParamStore } from './params';
import { EOS_ID, PAD_ID, SOS_ID, type Vocab } from '../text/vocab';
import type { Alternative, ModelConfig } from './types';

/** tf.tidy for results holding nulls or plain data next to tensors (tidy walks any object). */
export function tidyAny<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}

function stateTensors(s: DecoderState): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (const l of s.layers) {
    out.push(l.h);
    if (l.c) out.push(l.c);
  }
  if (s.feed) out.push(s.feed);
  return out;
}

function disposeState(s: DecoderState): void {
  for (const t of stateTensors(s)) t.dispose();
}

function gatherState(s: DecoderState, rows: tf.Tensor1D): DecoderState {
  return {
    layers: s.layers.map(l => ({ h: tf.gather(l.h, rows), c: l.c ? tf.gather(l.c, rows) : null })),
    feed: s.feed ? tf.gather(s.feed, rows) : null,
  };
}

/**
 * Decoding never runs longer than the longest target a valid config allows (plus the <eos> step), whatever
 * a caller passes: a model whose <eos> is unreachable stops there instead of running on.
 */
export function boundedSteps(maxSteps: number): number {
  return Number.isFinite(maxSteps) ? Math.max(0, Math.min(Math.floor(maxSteps), CONFIG_LIMITS.maxTargetLength + 1)) : 0;
}

/**
 * Greedy decoding of many sources at once.
 * @param sources encoder-order ids per sentence
 * @param scored also return each chosen token's probability and the end step's (calibration needs them)
 * @returns output ids per sentence (without <eos>) and whether each reached <eos>
 */
export function greedyBatch(config: ModelConfig, p: ParamStore, sources: number[][], maxSteps: number, scored = false): GreedyBatch {
  const B = sources.length;
  const ids: number[][] = sources.map(() => []);
  const finished = new Array<boolean>(B).fill(false);
  const probabilities: number[][] = sources.map(() => []);
  const endProbabilities: (number | null)[] = new Array<number | null>(B).fill(null);
  const result: GreedyBatch = scored ? { ids, finished, probabilities, endProbabilities } : { ids, finished };
  if (B === 0) return result;
  tf.tidy(() => {
    const ctx = prepareDecoder(config, p, encode(config, p, padSources(sources)));
    let state = initialState(ctx);
    let input = tf.fill([B], SOS_ID, 'int32') as tf.Tensor1D;
    for (let t = 0; t < boundedSteps(maxSteps); t++) {
      const r = tidyAny(() => {
        const s = decoderStep(ctx, state, tokenGates(ctx, input));
        const logits = outputLogits(ctx, s.features, 1);
        const next = tf.argMax(logits, 1) as tf.Tensor1D;
        // The argmax's log-probability is the row's largest log-softmax value.
        const best = scored ? tf.max(tf.logSoftmax(logits), 1) : null;
        return { state: s.state, next, best };
      });
      if (t > 0) {
        disposeState(state);
        input.dispose();
      }
      state = r.state;
      input = r.next;
      const chosen = input.dataSync();
      const best = r.best ? r.best.dataSync() : null;
      r.best?.dispose();
      let open = 0;
      for (let b = 0; b < B; b++) {
        if (finished[b]) continue;
        if (chosen[b] === EOS_ID) {
          finished[b] = true;
          if (best) endProbabilities[b] = Math.exp(best[b]);
        } else {
          ids[b].push(chosen[b]);
          if (best) probabilities[b].push(Math.exp(best[b]));
          open++;
        }
      }
      if (open === 0) break;
    }
  });
  return result;
}

export interface GreedyBatch {
  ids: number[][];
  finished: boolean[];
  /** With `scored`: the chosen tokens' probabilities, and the <eos> step's (null: not finished). */
  probabilities?: number[][];
  endProbabilities?: (number | null)[];
}

export interface Hypothesis {
  ids: number[];
  probabilities: number[];
  topK: Alternative[][];
  /** Per output token, weights over the encoder-order source positions. */
  attention: number[][] | null;
  logProb: number;
  /** Scored steps, <eos> included when finished. */
  length: number;
  finished: boolean;
  /** Probability of the <eos> step when finished, else null. */
  endProbability: number | null;
}

interface Live extends Hypothesis {
  row: number;
}

function topAlternatives(logp: Float32Array, offset: number, V: number, k: number, vocab: Vocab): { ids: number[]; alts: Alternative[] } {
  const best: number[] = [];
  for (let v = 0; v < V; v++) {
    if (v === PAD_ID || v === SOS_ID) continue;
    const x = logp[offset + v];
    if (best.length < k) {
      best.push(v);
      best.sort((a, b) => logp[offset + b] - logp[offset + a]);
    } else if (x > logp[offset + best[k - 1]]) {
      best[k - 1] = v;
      best.sort((a, b) => logp[offset + b] - logp[offset + a]);
    }
  }
  return { ids: best, alts: best.map(v => ({ token: vocab.token(v), probability: Math.exp(logp[offset + v]) })) };
}

/**
 * Beam search over one sentence (width 1 = greedy). Hypotheses are ranked by logProb / length^alpha.
 */
export function beamSearch(
  config: ModelConfig, p: ParamStore, targetVocab: Vocab, source: EncodedSource,
  beamWidth: number, topK: number, alpha: number, maxSteps: number,
): Hypothesis[] {
  const k = Math.max(1, Math.floor(beamWidth));
  const kAlt = Math.max(1, Math.floor(topK));
  const V = targetVocab.size;
  const done: Hypothesis[] = [];
  const hasAttn = config.mechanism !== 'baseline' && config.mechanism !== 'peeky';
  tf.tidy(() => {
    // inference: a one-sentence encoder may run outside tfjs (no gradient is ever taken here).
    const ctx: DecoderContext = prepareDecoder(config, p, encode(config, p, padSources([source.ids]), { inference: true }));
    let state = initialState(ctx);
    let live: Live[] = [{ ids: [], probabilities: [], topK: [], attention: hasAttn ? [] : null, logProb: 0, length: 0, finished: false, endProbability: null, row: 0 }];
    const steps = boundedSteps(maxSteps);
    for (let t = 0; t < steps && live.length > 0; t++) {
      const inputIds = Int32Array.from(live.map(h => (h.ids.length ? h.ids[h.ids.length - 1] : SOS_ID)));
      const r = tidyAny(() => {
        const s = decoderStep(ctx, state, tokenGates(ctx, tf.tensor1d(inputIds, 'int32')));
        return { state: s.state, logp: tf.logSoftmax(outputLogits(ctx, s.features, 1)), weights: s.weights };
      });
      const logp = r.logp.dataSync() as Float32Array;
      const weights = r.weights ? (r.weights.dataSync() as Float32Array) : null;
      const S = r.weights ? r.weights.shape[1] : 0;
      const candidates: { parent: Live; id: number; lp: number; total: number; alts: Alternative[] }[] = [];
      live.forEach((h, i) => {
        const { ids, alts } = topAlternatives(logp, i * V, V, Math.max(k, kAlt), targetVocab);
        for (const id of ids.slice(0, k)) {
          const lp = logp[i * V + id];
          candidates.push({ parent: h, id, lp, total: h.logProb + lp, alts: alts.slice(0, kAlt) });
        }
      });
      candidates.sort((a, b) => b.total - a.total);
      const next: Live[] = [];
      for (const c of candidates) {
        if (next.length >= k) break;
        const parentRow = live.indexOf(c.parent);
        const attention = c.parent.attention && weights
          ? [...c.parent.attention, Array.from(weights.subarray(parentRow * S, parentRow * S + S))] : null;
        const base = {
          logProb: c.total, length: c.parent.length + 1,
          probabilities: c.parent.probabilities, topK: c.parent.topK, attention: c.parent.attention,
          ids: c.parent.ids,
        };
        if (c.id === EOS_ID) {
          done.push({ ...base, finished: true, endProbability: Math.exp(c.lp) });
          continue;
        }
        next.push({
          ...base, ids: [...c.parent.ids, c.id], probabilities: [...c.parent.probabilities, Math.exp(c.lp)],
          topK: [...c.parent.topK, c.alts], attention, finished: false, endProbability: null, row: parentRow,
        });
      }
      if (t > 0) disposeState(state);
      r.logp.dispose();
      r.weights?.dispose();
      if (done.length >= k || next.length === 0) {
        disposeState(r.state);
        live = [];
        break;
      }
      const rows = tf.tensor1d(next.map(h => h.row), 'int32');
      state = gatherState(r.state, rows);
      rows.dispose();
      disposeState(r.state);
      live = next.map((h, i) => ({ ...h, row: i }));
      if (t === steps - 1) for (const h of live) done.push({ ...h, finished: false });
    }
  });
  const score = (h: Hypothesis): number => h.logProb / Math.pow(Math.max(h.length, 1), alpha);
  return done.sort((a, b) => score(b) - score(a)).slice(0, k);
}

export function normalizedScore(h: Hypothesis, alpha: number): number {
  return h.logProb / Math.pow(Math.max(h.length, 1), alpha);
}

/**
 * Scores a given target for one sentence (teacher forced). Returns per-token probabilities, top-k and
 * the attention (encoder order) for every target token, <eos> scored but not returned as a token.
 */
export function forcedDecode(
  config: ModelConfig, p: ParamStore, targetVocab: Vocab, source: EncodedSource, target: number[], topK: number,
): Hypothesis {
  return tidyAny(() => {
    const tgt = padTargets([target]);
    const ctx = prepareDecoder(config, p, encode(config, p, padSources([source.ids]), { inference: true }));
    const out = decodeForced(ctx, tgt.input, tgt.steps, 1);
    const logp = tf.logSoftmax(out.logits).dataSync() as Float32Array;
    const V = targetVocab.size;
    const weights = out.weights ? (out.weights.dataSync() as Float32Array) : null;
    const S = source.ids.length;
    const h: Hypothesis = { ids: [...target], probabilities: [], topK: [], attention: weights ? [] : null, logProb: 0, length: tgt.steps, finished: true, endProbability: null };
    for (let t = 0; t < tgt.steps; t++) {
      const id = tgt.output[t];
      h.logProb += logp[t * V + id];
      if (t === target.length) {
        // The <eos> step counts in logProb and the end probability, not as a token.
        h.endProbability = Math.exp(logp[t * V + id]);
        break;
      }
      h.probabilities.push(Math.exp(logp[t * V + id]));
      h.topK.push(topAlternatives(logp, t * V, V, Math.max(1, topK), targetVocab).alts);
      if (weights && h.attention) h.attention.push(Array.from(weights.subarray(t * S, t * S + S)));
    }
    return h;
  });
}
