/**
 * A decode that records every step for the step inspector: greedy (free running), or with a forced
 * prefix / a whole forced target (teacher forcing). It runs the same step function as beam search
 * (decoderStep on one row, tf float32) and reads the attention's intermediate values out of that very
 * step, so the numbers shown are the ones that produced the output. Only run on request: it copies the
 * query, scores, weights and context of every step.
 */
import * as tf from '@tensorflow/tfjs';
import { padSources, type EncodedSource } from './batching';
import { tidyAny, type Hypothesis } from './decode';
import { decoderStep, initialState, outputLogits, prepareDecoder, tokenGates, type DecoderState } from './decoder';
import { encode } from './encoder';
import type { ParamStore } from './params';
import { EOS_ID, PAD_ID, SOS_ID, type Vocab } from '../text/vocab';
import type { DecodeTrace, ForceMode, StepTrace } from './traceTypes';
import type { Alternative, ModelConfig } from './types';

export interface TraceOptions {
  /** Target ids to feed (without <sos>/<eos>); empty or absent: free running. */
  forced?: number[];
  /** 'prefix': after the forced ids the model runs free; 'whole': then <eos> is scored and decoding ends. */
  mode?: ForceMode;
  topK: number;
  maxSteps: number;
}

const rowOf = (t: tf.Tensor): number[] => Array.from(t.dataSync());

function topTokens(logp: Float32Array, k: number, vocab: Vocab): Alternative[] {
  const order: number[] = [];
  for (let v = 0; v < logp.length; v++) if (v !== PAD_ID && v !== SOS_ID) order.push(v);
  order.sort((a, b) => logp[b] - logp[a]);
  return order.slice(0, Math.max(1, k)).map(v => ({ token: vocab.token(v), probability: Math.exp(logp[v]) }));
}

function disposeState(s: DecoderState): void {
  for (const l of s.layers) {
    l.h.dispose();
    l.c?.dispose();
  }
  s.feed?.dispose();
}

/** Encoder order -> the user's order. */
function userOrder<T>(xs: T[], reversed: boolean): T[] {
  return reversed ? [...xs].reverse() : xs;
}

export function tracedDecode(
  config: ModelConfig, p: ParamStore, targetVocab: Vocab, source: EncodedSource, options: TraceOptions,
): { hypothesis: Hypothesis; trace: DecodeTrace } {
  const forced = options.forced ?? [];
  const whole = options.mode === 'whole' && forced.length > 0;
  const reversed = config.reverseSource;
  const hasAttn = config.mechanism !== 'baseline' && config.mechanism !== 'peeky';
  const hyp: Hypothesis = { ids: [], probabilities: [], topK: [], attention: hasAttn ? [] : null, logProb: 0, length: 0, finished: false, endProbability: null };
  const steps: StepTrace[] = [];
  let keys: number[][] = [];
  let finalState: number[] = [];
  tf.tidy(() => {
    // The same encoder call as beam search, so a free-running trace reproduces translate's numbers.
    const ctx = prepareDecoder(config, p, encode(config, p, padSources([source.ids]), { inference: true }));
    const [, S, H] = ctx.enc.keys.shape;
    const flat = ctx.enc.keys.dataSync();
    keys = userOrder(Array.from({ length: S }, (_, i) => Array.from(flat.subarray(i * H, (i + 1) * H))), reversed);
    finalState = rowOf(ctx.enc.finals[ctx.enc.finals.length - 1].h);
    let state = initialState(ctx);
    let input = SOS_ID;
    for (let t = 0; t < options.maxSteps; t++) {
      const r = tidyAny(() => {
        const ids = tf.tensor1d([input], 'int32');
        const s = decoderStep(ctx, state, tokenGates(ctx, ids));
        const logp = tf.logSoftmax(outputLogits(ctx, s.features, 1));
        const parts = s.parts;
        // Bahdanau joins a_t to the decoder input x_t (the fed token's embedding) before the RNN.
        const concat = parts?.concat ?? (parts ? tf.concat([tf.gather(p.get('decoder/embedding'), ids), parts.context], 1) : null);
        return { state: s.state, logp, query: parts?.query ?? null, scores: parts?.scores ?? null, weights: s.weights, context: parts?.context ?? null, concat };
      });
      const logp = r.logp.dataSync() as Float32Array;
      const isForced = t < forced.length || (whole && t === forced.length);
      let next: number;
      if (t < forced.length) next = forced[t];
      else if (whole) next = EOS_ID;
      else {
        // As beam search: <pad> and <sos> are never chosen.
        next = -1;
        for (let v = 0; v < logp.length; v++) if (v !== PAD_ID && v !== SOS_ID && (next < 0 || logp[v] > logp[next])) next = v;
      }
      const lp = logp[next];
      const weights = r.weights ? rowOf(r.weights) : null;
      steps.push({
        step: t, input: targetVocab.token(input), output: targetVocab.token(next), probability: Math.exp(lp), forced: isForced,
        top: topTokens(logp, options.topK, targetVocab),
        query: r.query ? rowOf(r.query) : null,
        scores: r.scores ? userOrder(rowOf(r.scores), reversed) : null,
        weights: weights ? userOrder(weights, reversed) : null,
        context: r.context ? rowOf(r.context) : null,
        concat: r.concat ? rowOf(r.concat) : null,
      });
      hyp.logProb += lp;
      hyp.length++;
      // The query is a state tensor (disposed with its state).
      for (const x of [r.logp, r.scores, r.weights, r.context, r.concat]) x?.dispose();
      if (t > 0) disposeState(state);
      state = r.state;
      if (next === EOS_ID) {
        hyp.finished = true;
        hyp.endProbability = Math.exp(lp);
        break;
      }
      hyp.ids.push(next);
      hyp.probabilities.push(Math.exp(lp));
      hyp.topK.push(steps[t].top);
      if (hyp.attention && weights) hyp.attention.push(weights);
      input = next;
    }
    disposeState(state);
  });
  return {
    hypothesis: hyp,
    trace: {
      mechanism: config.mechanism, reversed, source: source.spans.map(s => s.text), keys, finalState,
      contextEntry: config.mechanism === 'baseline' ? 'initial-state' : config.mechanism === 'peeky' ? 'every-step' : null,
      inputFeeding: config.mechanism.startsWith('luong') && config.inputFeeding === true,
      steps,
    },
  };
}
