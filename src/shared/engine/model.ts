/**
 * Seq2SeqModel: the weights of one encoder-decoder model plus everything that runs it (translate, forced
 * decoding, the training loss). The network itself lives in encoder.ts / decoder.ts / attention.ts /
 * rnn.ts; this class owns the variables and maps results back to the user's text.
 */
import * as tf from '@tensorflow/tfjs';
import { minTokenProbability, sequenceProbability } from '../quality/confidence';
import { tokenizerFor } from '../text/tokenizer';
import { UNK_ID, type Vocab } from '../text/vocab';
import type { NamedWeight, TranslateOptions } from './api';
import { checkedSource, encodeTarget, rawLengthProblem, padSources, padTargets, type EncodedSource } from './batching';
import { hasAttention } from './config';
import { checkModelConfig, MAX_PARAMETERS, ModelConfigError } from './configCheck';
import { CodedError, coded } from '../messages/coded';
import { beamSearch, forcedDecode, greedyBatch, normalizedScore, type Hypothesis } from './decode';
import { decodeForced, outputRowsOf, prepareDecoder, type TeacherChoice } from './decoder';
import { maskedCrossEntropy, sequenceNll } from './loss';
import { makeDropout, type Dropout } from './dropout';
import { AUTO_PLAN, type ExecutionPlan } from './executionPlan';
import { encode } from './encoder';
import { ParamStore, paramSpecs } from './params';
import { tracedDecode } from './stepTrace';
import type { ForceMode, TracedDecode } from './traceTypes';
import { deriveSeed, mulberry32 } from './random';
import { type BeamResult, type DecodeResult, type InitScheme, type ModelConfig } from './types';

let modelCounter = 0;

/** The sequence-level confidence figures of a hypothesis (DecodeResult's). */
function confidenceFields(h: Hypothesis): Pick<DecodeResult, 'endProbability' | 'sequenceProbability' | 'minTokenProbability'> {
  const scored = { probabilities: h.probabilities, endProbability: h.endProbability };
  return { endProbability: h.endProbability, sequenceProbability: sequenceProbability(scored), minTokenProbability: minTokenProbability(scored) };
}

/** Encoder-order ids back in the user's order. */
function userOrder(ids: number[], reversed: boolean): number[] {
  return reversed ? [...ids].reverse() : ids;
}

export class Seq2SeqModel {
  private readonly params: ParamStore;
  /** Training's dropout (config.dropout > 0), with its own seeded stream; the loss is its only user. */
  private readonly dropout: Dropout | undefined;
  private disposed = false;

  /**
   * @param plan which implementations run its training loss and validation (executionPlan.ts): the
   * product's AUTO_PLAN, or a reference plan the tests choose explicitly
   */
  private constructor(readonly config: ModelConfig, readonly sourceVocab: Vocab, readonly targetVocab: Vocab, seed: number, init: InitScheme,
    readonly plan: ExecutionPlan) {
    checkModelConfig(config);
    const specs = paramSpecs(config, sourceVocab.size, targetVocab.size);
    const parameters = specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0);
    if (parameters > MAX_PARAMETERS) throw new ModelConfigError([coded('config.tooManyWeights', { parameters, max: MAX_PARAMETERS })]);
    this.params = new ParamStore(specs, seed, config.hiddenSize, `s2s${modelCounter++}`, init);
    this.dropout = makeDropout(config.dropout ?? 0, mulberry32(deriveSeed(seed, 'dropout')));
  }

  /** New model with seeded initial weights (the same seed and scheme give the same weights). */
  static create(config: ModelConfig, sourceVocab: Vocab, targetVocab: Vocab, seed: number, init: InitScheme = 'default',
    plan: ExecutionPlan = AUTO_PLAN): Seq2SeqModel {
    return new Seq2SeqModel({ ...config }, sourceVocab, targetVocab, seed, init, plan);
  }

  /** The trainable variables in the model file's order. */
  variables(): tf.Variable[] {
    this.checkAlive();
    return this.params.list();
  }

  /** Copies of every weight (row-major float32) under its model-file name. */
  getWeights(): NamedWeight[] {
    this.checkAlive();
    return this.params.specs.map(spec => ({
      name: spec.name,
      shape: [...spec.shape],
      values: Float32Array.from(this.params.get(spec.name).dataSync() as Float32Array),
    }));
  }

  /** Replaces every weight; names and shapes must match this configuration exactly. */
  setWeights(weights: NamedWeight[]): void {
    this.checkAlive();
    const byName = new Map(weights.map(w => [w.name, w]));
    const problems: string[] = [];
    for (const spec of this.params.specs) {
      const w = byName.get(spec.name);
      if (!w) {
        problems.push(`missing weight '${spec.name}' [${spec.shape.join(', ')}]`);
        continue;
      }
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (w.shape.length !== spec.shape.length || w.shape.some((d, i) => d !== spec.shape[i])) {
        problems.push(`weight '${spec.name}' has shape [${w.shape.join(', ')}], expected [${spec.shape.join(', ')}]`);
      } else if (w.values.length !== size) {
        problems.push(`weight '${spec.name}' has ${w.values.length} values, expected ${size}`);
      }
    }
    for (const name of byName.keys()) {
      if (!this.params.has(name)) problems.push(`unexpected weight '${name}' (not part of a ${this.config.mechanism} / ${this.config.cell} model with this configuration)`);
    }
    if (problems.length) throw new Error(`Weights do not fit this model: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? `; and ${problems.length - 8} more` : ''}`);
    for (const spec of this.params.specs) {
      const w = byName.get(spec.name) as NamedWeight;
      tf.tidy(() => this.params.get(spec.name).assign(tf.tensor(w.values, spec.shape, 'float32')));
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.params.dispose();
    this.disposed = true;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Mean masked cross-entropy of a batch (a scalar tensor; call inside tf.tidy / variableGrads).
   * @param sources encoder-order ids per pair; targets ids per pair without <sos>/<eos>
   * @param teacher scheduled sampling choice per step (absent = pure teacher forcing)
   */
  loss(sources: number[][], targets: number[][], teacher?: TeacherChoice, stepwise = false): tf.Scalar {
    const tgt = padTargets(targets);
    const drop = this.dropout;
    const ctx = prepareDecoder(this.config, this.params, encode(this.config, this.params, padSources(sources), { dropout: drop, plan: this.plan }), drop, this.plan);
    if (teacher) {
      const out = decodeForced(ctx, tgt.input, tgt.steps, tgt.batch, teacher, stepwise);
      return maskedCrossEntropy(out.logits, tgt.output, tgt.mask, this.plan);
    }
    // Only the real target tokens reach the output layer; the loss is the same mean over them.
    const { rows, index } = outputRowsOf(tgt.mask, tgt.batch);
    const out = decodeForced(ctx, tgt.input, tgt.steps, tgt.batch, undefined, stepwise, rows);
    return maskedCrossEntropy(out.logits, index.map(i => tgt.output[i]), new Float32Array(index.length).fill(1), this.plan);
  }

  /** Summed negative log-likelihood and real-token count of a batch (validation loss), no gradients. */
  nll(sources: number[][], targets: number[][]): { sum: number; tokens: number; perPair: number[] } {
    const tgt = padTargets(targets);
    const perPair = tf.tidy(() => {
      const ctx = prepareDecoder(this.config, this.params, encode(this.config, this.params, padSources(sources), { plan: this.plan }), undefined, this.plan);
      const out = decodeForced(ctx, tgt.input, tgt.steps, tgt.batch);
      return sequenceNll(out.logits, tgt.output, tgt.mask, tgt.steps, tgt.batch, this.plan);
    });
    const values = Array.from(perPair.dataSync());
    perPair.dispose();
    let tokens = 0;
    for (const m of tgt.mask) tokens += m;
    return { sum: values.reduce((a, b) => a + b, 0), tokens, perPair: values };
  }

  /** Batched greedy decoding of encoder-order source ids; output ids without <eos>. */
  greedyIds(sources: number[][]): number[][] {
    this.checkAlive();
    return greedyBatch(this.config, this.params, sources, this.config.maxTargetLength + 1).ids;
  }

  /** Batched greedy decoding with each chosen token's probability and the end step's (calibration). */
  greedyScored(sources: number[][]): { ids: number[][]; probabilities: number[][]; endProbabilities: (number | null)[] } {
    this.checkAlive();
    const r = greedyBatch(this.config, this.params, sources, this.config.maxTargetLength + 1, true);
    return { ids: r.ids, probabilities: r.probabilities ?? [], endProbabilities: r.endProbabilities ?? [] };
  }

  /** Greedy (beamWidth 1) or beam search; each hypothesis a full DecodeResult. */
  translate(text: string, options: TranslateOptions): BeamResult {
    this.checkAlive();
    const source = checkedSource(text, this.config, this.sourceVocab);
    const alpha = options.lengthPenalty ?? 1;
    const hyps = beamSearch(this.config, this.params, this.targetVocab, source, options.beamWidth, options.topK, alpha, this.config.maxTargetLength + 1);
    return { hypotheses: hyps.map(h => this.toResult(h, source, options.modelId, alpha)) };
  }

  /** Scores `target` as the output for `text` and returns its probabilities and attention. */
  forced(text: string, target: string, modelId: string): DecodeResult {
    this.checkAlive();
    const source = checkedSource(text, this.config, this.sourceVocab);
    const tooLong = rawLengthProblem(target, this.config.maxTargetLength, 'target');
    if (tooLong) throw new CodedError(tooLong);
    const ids = encodeTarget(target, this.config, this.targetVocab);
    if (ids.length === 0) throw new CodedError(coded('decode.targetEmpty'));
    if (ids.length > this.config.maxTargetLength) {
      throw new CodedError(coded('decode.targetTooManyTokens', { count: ids.length, max: this.config.maxTargetLength }));
    }
    const h = forcedDecode(this.config, this.params, this.targetVocab, source, ids, 5);
    return this.toResult(h, source, modelId, 1);
  }

  /**
   * Greedy decoding that also records every step (query, keys, scores, weights, context) for the step
   * inspector. With `target`, its tokens are fed instead of the model's (teacher forcing): as a prefix
   * (then free running) or as the whole output (then <eos> is scored).
   */
  trace(text: string, options: { modelId: string; topK: number; target?: string; targetTokens?: string[]; mode?: ForceMode }): TracedDecode {
    this.checkAlive();
    const source = checkedSource(text, this.config, this.sourceVocab);
    const forced = options.target !== undefined ? encodeTarget(options.target, this.config, this.targetVocab)
      : (options.targetTokens ?? []).map(token => this.targetVocab.id(token));
    if (forced.length > this.config.maxTargetLength) {
      throw new CodedError(coded('decode.forcedTooManyTokens', { count: forced.length, max: this.config.maxTargetLength }));
    }
    const { hypothesis, trace } = tracedDecode(this.config, this.params, this.targetVocab, source, {
      forced, mode: options.mode ?? 'prefix', topK: options.topK, maxSteps: this.config.maxTargetLength + 1,
    });
    return { result: this.toResult(hypothesis, source, options.modelId, 1), trace };
  }

  /** Maps a hypothesis to a DecodeResult in the user's source order. */
  private toResult(h: Hypothesis, source: EncodedSource, modelId: string, alpha: number): DecodeResult {
    const output = h.ids.map(id => this.targetVocab.token(id));
    const n = source.ids.length;
    const attention = hasAttention(this.config.mechanism) && h.attention
      ? h.attention.map(row => Array.from({ length: n }, (_, i) => row[this.config.reverseSource ? n - 1 - i : i]))
      : null;
    return {
      modelId,
      mechanism: this.config.mechanism,
      source: source.spans,
      output,
      text: tokenizerFor(this.config.targetTokenizer, this.targetVocab).detokenize(output),
      probabilities: h.probabilities,
      topK: h.topK,
      attention,
      logProb: h.logProb,
      normalizedScore: normalizedScore(h, alpha),
      finished: h.finished,
      ...confidenceFields(h),
      sourceUnknown: userOrder(source.ids, this.config.reverseSource).map(id => id === UNK_ID),
    };
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('This model has been disposed.');
  }
}
