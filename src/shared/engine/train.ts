/**
 * Training and evaluation. trainModel builds the vocabularies from the training pairs, trains with Adam,
 * global-norm clipping and seeded shuffling, validates after every epoch (loss, token accuracy, exact
 * match under greedy decoding), stops early on a plateau and can be cancelled between batches.
 */
import { TrainConfigError } from './configCheck';
import { CodedError, coded, type CodedMessage } from '../messages/coded';
import * as tf from '@tensorflow/tfjs';
import type { Pair } from '../data/types';
import { chrF, corpusBleu, tokenAccuracy } from '../metrics/index';
import { tokenizerFor, vocabKey } from '../text/tokenizer';
import { learnSubwords } from '../text/subword';
import { SPECIAL_TOKENS, Vocab } from '../text/vocab';
import type { EvaluationResult, NamedWeight, TrainRequest } from './api';
import { currentBackend } from './backend';
import { isBetterEpoch, type EpochScore } from './bestEpoch';
import { targetTokens } from './batching';
import { Seq2SeqModel } from './model';
import { FlatAdam } from './optimizer';
import { DataParallelGradients } from './parallel/dataParallel';
import { newThreadSpeeds, runDelayedEpoch } from './parallel/delayedEpoch';
import { deriveSeed, mulberry32, range, shuffleInPlace, type Rng } from './random';
import { describePlan } from './executionPlan';
import { INIT_SCHEMES, type EpochMetrics, type ModelConfig, type TrainConfig, type TrainingSummary } from './types';

/** A pair as the model sees it: encoder-order source ids, target ids, and the target's vocabulary keys. */
interface Prepared {
  source: number[];
  target: number[];
  targetKeys: string[];
}

interface Tokenized {
  source: string[];
  target: string[];
}

/**
 * Sentences per evaluation batch: 500 for hidden size 64, fewer for wider models. A forward pass keeps
 * O(batch x steps x hidden) floats alive, and the wasm heap keeps its high-water mark for the life of
 * the thread: at hidden 256, 500 sentences took the heap to ~700 MB where training (batch 128) needs
 * ~250 MB. Memory-bound, so the batch scales with 1 / hidden (at least 64).
 */
export function evalBatchSize(config: ModelConfig): number {
  return Math.max(64, Math.min(500, Math.floor((500 * 64) / (config.hiddenSize * config.layers * (config.bidirectional ? 2 : 1)))));
}
/** Share of token sequences equal to their reference (compared as tokens, so spaces at the ends count). */
function exactTokenMatch(hyps: readonly string[][], refs: readonly string[][]): number {
  if (refs.length === 0) return 0;
  let hits = 0;
  refs.forEach((r, i) => { if (r.length === hyps[i].length && r.every((t, k) => t === hyps[i][k])) hits++; });
  return hits / refs.length;
}

const yieldToEventLoop = (): Promise<void> => new Promise(resolve => setImmediate(resolve));
const now = (): number => performance.now() / 1000;

/** Subword vocabularies are learned before tokenising: `learned` holds them (undefined for other kinds). */
interface Learned {
  source?: Vocab;
  target?: Vocab;
}

function tokenizePairs(pairs: readonly Pair[], config: ModelConfig, learned: Learned): { kept: Tokenized[]; empty: number; tooLong: number } {
  const src = tokenizerFor(config.sourceTokenizer, learned.source);
  const tgt = tokenizerFor(config.targetTokenizer, learned.target);
  const kept: Tokenized[] = [];
  let empty = 0;
  let tooLong = 0;
  for (const p of pairs) {
    const s = src.tokenize(p.source).map(t => vocabKey(config.sourceTokenizer, t.text));
    const t = tgt.tokenize(p.target).map(x => vocabKey(config.targetTokenizer, x.text));
    if (s.length === 0 || t.length === 0) empty++;
    else if (s.length > config.maxSourceLength || t.length > config.maxTargetLength) tooLong++;
    else kept.push({ source: s, target: t });
  }
  return { kept, empty, tooLong };
}

function prepare(items: Tokenized[], config: ModelConfig, sv: Vocab, tv: Vocab): Prepared[] {
  return items.map(it => {
    const ids = sv.encode(it.source);
    return { source: config.reverseSource ? ids.reverse() : ids, target: tv.encode(it.target), targetKeys: it.target };
  });
}

function checkTrainConfig(t: TrainConfig): void {
  const problems: CodedMessage[] = [];
  if (!Number.isInteger(t.epochs) || t.epochs < 1) problems.push(coded('train.epochs', { got: String(t.epochs) }));
  if (!Number.isInteger(t.batchSize) || t.batchSize < 1) problems.push(coded('train.batchSize', { got: String(t.batchSize) }));
  if (!(t.learningRate > 0)) problems.push(coded('train.learningRate', { got: String(t.learningRate) }));
  if (!(t.clipNorm >= 0)) problems.push(coded('train.clipNorm', { got: String(t.clipNorm) }));
  if (!(t.teacherForcingRatio >= 0 && t.teacherForcingRatio <= 1)) problems.push(coded('train.teacherForcingRatio', { got: String(t.teacherForcingRatio) }));
  if (!(t.validationSplit >= 0 && t.validationSplit < 1)) problems.push(coded('train.validationSplit', { got: String(t.validationSplit) }));
  if (t.workers !== undefined && t.workers !== 1 && t.workers !== 2) problems.push(coded('train.workers', { got: String(t.workers) }));
  if (t.parallelMode !== undefined && t.parallelMode !== 'exact' && t.parallelMode !== 'delayed') problems.push(coded('train.parallelMode', { got: String(t.parallelMode) }));
  if (t.initialization !== undefined && !INIT_SCHEMES.includes(t.initialization)) problems.push(coded('train.initialization', { schemes: INIT_SCHEMES.join(' or '), got: String(t.initialization) }));
  if (problems.length) throw new TrainConfigError(problems);
}

/**
 * One epoch's batches: a seeded shuffle, then a stable sort by source length (ties keep the shuffled
 * order), cut into batches whose order is shuffled again. Sentences of one batch then have (nearly)
 * the same length: the encoder runs only as many steps as the batch needs and skips the padding masks,
 * which roughly halves the cost of a step on data with mixed lengths.
 */
export function bucketedBatches(sourceLengths: readonly number[], batchSize: number, rng: Rng): number[][] {
  const order = shuffleInPlace(range(sourceLengths.length), rng);
  order.sort((a, b) => sourceLengths[a] - sourceLengths[b]);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return shuffleInPlace(batches, rng);
}

/** The shuffling stream of a run with this seed: epoch k's batches are the k-th `bucketedBatches` call on it. */
export function shuffleStream(seed: number): Rng {
  return mulberry32(deriveSeed(seed, 'shuffle'));
}

/**
 * Teacher-forcing draws for one batch as the data-parallel path takes them: entry t for decoder step t
 * (t >= 1; entry 0 unused). The single-thread decoder calls `teacher` once per step 1 .. T-1 with
 * T = longest target + 1 (the `<eos>` step), so drawing them up front in that order consumes the
 * random stream identically.
 */
function teacherChoices(targets: readonly number[][], teacher: () => boolean): boolean[] {
  let T = 0;
  for (const t of targets) T = Math.max(T, t.length + 1);
  const choices: boolean[] = [true];
  for (let t = 1; t < T; t++) choices.push(teacher());
  return choices;
}

/** Validation loss (per real token), token accuracy and exact match under greedy decoding. */
function validate(model: Seq2SeqModel, data: Prepared[]): { loss: number; tokenAccuracy: number; exactMatch: number } {
  if (data.length === 0) return { loss: 0, tokenAccuracy: 0, exactMatch: 0 };
  // Sorted by source length: batches with less padding (the metrics do not depend on the order).
  data = [...data].sort((a, b) => a.source.length - b.source.length);
  let nll = 0;
  let tokens = 0;
  const hyps: string[][] = [];
  const size = evalBatchSize(model.config);
  for (let i = 0; i < data.length; i += size) {
    const batch = data.slice(i, i + size);
    const r = model.nll(batch.map(d => d.source), batch.map(d => d.target));
    nll += r.sum;
    tokens += r.tokens;
    for (const ids of model.greedyIds(batch.map(d => d.source))) hyps.push(ids.map(id => model.targetVocab.token(id)));
  }
  const refs = data.map(d => d.targetKeys);
  return { loss: nll / Math.max(tokens, 1), tokenAccuracy: tokenAccuracy(hyps, refs), exactMatch: exactTokenMatch(hyps, refs) };
}

/** A subword vocabulary of `train.maxVocabSize` tokens (special tokens included) learned from `texts`. */
function learnSubwordVocab(texts: readonly string[], train: TrainConfig, side: 'source' | 'target', notes: CodedMessage[]): Vocab {
  const r = learnSubwords(texts, {
    size: train.maxVocabSize - SPECIAL_TOKENS.length, minFrequency: train.minTokenFrequency, minPairFrequency: Math.max(2, train.minTokenFrequency),
  });
  if (r.droppedSymbols) {
    const counts = { dropped: r.droppedSymbols, distinct: r.distinctSymbols };
    notes.push(side === 'source' ? coded('train.noteSourceSubwordsDropped', counts) : coded('train.noteTargetSubwordsDropped', counts));
  }
  return new Vocab([...SPECIAL_TOKENS, ...r.pieces]);
}

/**
 * Trains a new model. Pairs longer than the model's length limits are skipped (never truncated: a cut
 * translation would teach wrong targets); the summary's notes say how many.
 */
export async function trainModel(request: TrainRequest): Promise<{ model: Seq2SeqModel; summary: TrainingSummary }> {
  const { train, hooks = {} } = request;
  const start = request.continueFrom;
  const config: ModelConfig = start ? { ...start.config, dropout: request.config.dropout ?? start.config.dropout } : request.config;
  checkTrainConfig(train);
  const started = now();
  const notes: CodedMessage[] = [];
  // Held-out pairs are set aside before anything is learned, so subword pieces come from training text only.
  let trainPairs: readonly Pair[] = request.pairs;
  let validPairs: readonly Pair[] = request.validation ?? [];
  if (!request.validation) {
    const usable = request.pairs.filter(p => p.source.trim() !== '' && p.target.trim() !== '');
    const order = shuffleInPlace(range(usable.length), mulberry32(deriveSeed(train.seed, 'split')));
    let nVal = Math.round(usable.length * train.validationSplit);
    if (train.validationSplit > 0 && nVal === 0 && usable.length >= 2) nVal = 1;
    validPairs = order.slice(0, nVal).map(i => usable[i]);
    trainPairs = order.slice(nVal).map(i => usable[i]);
  }
  // A continued model keeps its vocabularies: its weights are rows of them.
  const learned: Learned = start ? { source: start.sourceVocab, target: start.targetVocab } : {
    source: config.sourceTokenizer === 'subword' ? learnSubwordVocab(trainPairs.map(p => p.source), train, 'source', notes) : undefined,
    target: config.targetTokenizer === 'subword' ? learnSubwordVocab(trainPairs.map(p => p.target), train, 'target', notes) : undefined,
  };
  if (start) notes.push(coded('train.noteContinued', { rate: train.learningRate }));
  const all = tokenizePairs(trainPairs, config, learned);
  if (all.empty) notes.push(all.empty === 1 ? coded('train.noteSkippedEmpty1') : coded('train.noteSkippedEmpty', { count: all.empty }));
  if (all.tooLong) {
    const limits = { source: config.maxSourceLength, target: config.maxTargetLength };
    notes.push(all.tooLong === 1 ? coded('train.noteSkippedLong1', limits) : coded('train.noteSkippedLong', { count: all.tooLong, ...limits }));
  }
  const trainItems = all.kept;
  const v = tokenizePairs(validPairs, config, learned);
  const validItems = v.kept;
  if (request.validation && v.empty + v.tooLong) notes.push(coded('train.noteSkippedValidation', { count: v.empty + v.tooLong }));
  if (trainItems.length === 0) {
    throw new CodedError(notes.length ? coded('train.noUsablePairsWhy', { file: request.datasetName, notes }) : coded('train.noUsablePairs', { file: request.datasetName }));
  }

  const vocabOptions = { maxSize: train.maxVocabSize, minFrequency: train.minTokenFrequency };
  const built = (side: 'source' | 'target'): Vocab => {
    const fixed = learned[side];
    if (fixed) return fixed;
    const r = Vocab.build(trainItems.map(t => t[side]), vocabOptions);
    if (r.droppedByCap) {
      const counts = { dropped: r.droppedByCap, distinct: r.distinct };
      notes.push(side === 'source' ? coded('train.noteSourceVocabCapped', counts) : coded('train.noteTargetVocabCapped', counts));
    }
    return r.vocab;
  };
  const sourceVocab = built('source');
  const targetVocab = built('target');
  const trainData = prepare(trainItems, config, sourceVocab, targetVocab);
  // Without held-out pairs the per-epoch figures are measured on (up to 500) training pairs: say so.
  let validData = prepare(validItems, config, sourceVocab, targetVocab);
  if (validData.length === 0) {
    validData = trainData.slice(0, 500);
    notes.push(coded('train.noteNoValidation'));
  }

  const model = Seq2SeqModel.create(config, sourceVocab, targetVocab, train.seed, train.initialization);
  if (start) model.setWeights(start.getWeights());
  const executionPlan = describePlan(model.plan, config, train.batchSize);
  hooks.onPlan?.(executionPlan);
  const variables = model.variables();
  const optimizer = new FlatAdam(variables, train.learningRate);
  const shuffleRng = shuffleStream(train.seed);
  const samplingRng = mulberry32(deriveSeed(train.seed, 'sampling'));
  const teacher = train.teacherForcingRatio < 1 ? (): boolean => samplingRng() < train.teacherForcingRatio : undefined;
  // Two workers: this thread and a helper thread each compute part of every batch's gradient (exact),
  // or each trains whole batches (delayed).
  const delayed = train.parallelMode === 'delayed';
  const speeds = newThreadSpeeds();
  let parallel: DataParallelGradients | null = null;
  if ((train.workers ?? 1) === 2) {
    try {
      parallel = await DataParallelGradients.start(model, { helpers: 1, ...request.parallel });
    } catch (e) {
      optimizer.dispose();
      model.dispose();
      throw e;
    }
  }

  const epochs: EpochMetrics[] = [];
  let lastWeights: NamedWeight[] = model.getWeights();
  let bestWeights: NamedWeight[] = lastWeights;
  let bestEpoch = 0;
  let best: EpochScore | undefined;
  let sinceBest = 0;
  // A fine-tune that does not improve on its start keeps the start (epoch 0).
  if (start) {
    const v0 = validate(model, validData);
    best = { exactMatch: v0.exactMatch, validationLoss: v0.loss };
  }
  let stoppedBy: TrainingSummary['stoppedBy'] = 'completed';
  const batches = Math.ceil(trainData.length / train.batchSize);
  const sourceLengths = trainData.map(d => d.source.length);

  try {
    epochLoop:
    for (let epoch = 1; epoch <= train.epochs; epoch++) {
      const epochStart = now();
      const epochBatches = bucketedBatches(sourceLengths, train.batchSize, shuffleRng);
      let lossSum = 0;
      let applied = 0;
      const report = async (loss: number): Promise<void> => {
        if (!Number.isFinite(loss)) throw new CodedError(coded('train.diverged', { epoch, batch: applied + 1, loss: String(loss) }));
        lossSum += loss;
        hooks.onBatch?.({ epoch, batch: applied++, batches, loss }, model);
        await yieldToEventLoop();
      };
      const batchData = (b: number): { sources: number[][]; targets: number[][] } => {
        const batch = epochBatches[b].map(i => trainData[i]);
        return { sources: batch.map(d => d.source), targets: batch.map(d => d.target) };
      };
      const trainOnLeader = (sources: number[][], targets: number[][], teach?: (t: number) => boolean): number => {
        const lossTensor = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => model.loss(sources, targets, teach), variables);
          optimizer.apply(grads, train.clipNorm);
          return value;
        });
        const loss = lossTensor.dataSync()[0];
        lossTensor.dispose();
        return loss;
      };
      if (delayed) {
        // Rounds of two whole batches (parallel/delayedEpoch.ts); teacher-forcing draws in batch order.
        const epochData = epochBatches.map((_, b) => {
          const d = batchData(b);
          return { ...d, teacher: teacher ? teacherChoices(d.targets, teacher) : undefined };
        });
        const completed = await runDelayedEpoch(epochData, {
          model, optimizer, clipNorm: train.clipNorm, parallel, speeds, report, isCancelled: () => hooks.isCancelled?.() === true,
          onRound: hooks.onRound,
        });
        if (!completed) {
          stoppedBy = 'cancelled';
          break epochLoop;
        }
      } else {
        for (let b = 0; b < batches; b++) {
          if (hooks.isCancelled?.()) {
            stoppedBy = 'cancelled';
            break epochLoop;
          }
          const { sources, targets } = batchData(b);
          if (parallel) {
            // The same draws, in the same order, as the single-thread decoder makes (steps 1 .. T-1).
            const choices = teacher ? teacherChoices(targets, teacher) : undefined;
            const r = await parallel.computeGradients(sources, targets, choices);
            try {
              optimizer.applyFlat(r.grads, train.clipNorm);
            } finally {
              r.grads.dispose();
            }
            await report(r.loss);
          } else {
            await report(trainOnLeader(sources, targets, teacher));
          }
        }
      }
      const trainSeconds = now() - epochStart;
      const v = validate(model, validData);
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: lossSum / batches,
        validationLoss: v.loss,
        tokenAccuracy: v.tokenAccuracy,
        exactMatch: v.exactMatch,
        examplesPerSecond: trainData.length / Math.max(trainSeconds, 1e-9),
        seconds: now() - epochStart,
      };
      epochs.push(metrics);
      lastWeights = model.getWeights();
      if (isBetterEpoch(metrics, best)) {
        best = metrics;
        bestEpoch = epoch;
        bestWeights = lastWeights;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      await hooks.onEpoch?.(metrics, model);
      if (train.earlyStoppingPatience > 0 && sinceBest >= train.earlyStoppingPatience && epoch < train.epochs) {
        stoppedBy = 'early-stopping';
        break;
      }
    }
    if (stoppedBy === 'cancelled') {
      // The last completed epoch's weights (the initial ones when no epoch finished).
      model.setWeights(lastWeights);
    } else if ((bestEpoch > 0 || start) && bestEpoch !== epochs.length) {
      model.setWeights(bestWeights);
    }
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    optimizer.dispose();
    await parallel?.dispose();
  }
  const summary: TrainingSummary = {
    epochs,
    bestEpoch: stoppedBy === 'cancelled' ? epochs.length : bestEpoch,
    stoppedBy,
    trainPairs: trainData.length,
    validationPairs: validItems.length,
    dataset: request.datasetName,
    seconds: now() - started,
    backend: currentBackend(),
    threads: parallel?.threads ?? 1,
    parallelMode: delayed ? 'delayed' : 'exact',
    notes: notes.map(n => n.message),
    executionPlan,
  };
  return { model, summary };
}

/** A pair as a trained model reads it: encoder-order source ids, target ids and the target's vocabulary keys. */
export interface EncodedPair {
  source: number[];
  target: number[];
  targetKeys: string[];
}

/**
 * Pairs encoded with a model's tokenizers and vocabularies (unknown tokens as `<unk>`), the source in
 * the order the encoder reads it: what `evaluateModel` decodes and scores, and what another
 * implementation of the same model must be given to be compared with it.
 */
export function encodePairsForModel(model: Seq2SeqModel, pairs: readonly Pair[]): EncodedPair[] {
  const config = model.config;
  const srcTok = tokenizerFor(config.sourceTokenizer, model.sourceVocab);
  return pairs.map(p => {
    const ids = model.sourceVocab.encode(srcTok.tokenize(p.source).map(t => vocabKey(config.sourceTokenizer, t.text)));
    const targetKeys = targetTokens(p.target, config, model.targetVocab);
    return { source: config.reverseSource ? ids.reverse() : ids, target: model.targetVocab.encode(targetKeys), targetKeys };
  });
}

/**
 * Exact match, token accuracy, corpus BLEU (sacreBLEU 13a, exp smoothing) and chrF of hypotheses given
 * as target ids (one per pair, without `<eos>`), detokenised and compared with the references as
 * `evaluateModel` does with its own decodes: the scorer of any decoder of this model's vocabulary.
 */
export function scoreHypothesisIds(model: Seq2SeqModel, encoded: readonly EncodedPair[], hypIds: readonly (readonly number[])[]): EvaluationResult {
  if (hypIds.length !== encoded.length) throw new Error(`${hypIds.length} hypotheses for ${encoded.length} pairs`);
  const tgtTok = tokenizerFor(model.config.targetTokenizer, model.targetVocab);
  const hypTokens = hypIds.map(ids => ids.map(id => model.targetVocab.token(id)));
  const refTokens = encoded.map(e => e.targetKeys);
  const predictions = hypTokens.map(t => tgtTok.detokenize(t));
  const refs = refTokens.map(t => tgtTok.detokenize(t));
  return {
    exactMatch: exactTokenMatch(hypTokens, refTokens),
    tokenAccuracy: tokenAccuracy(hypTokens, refTokens),
    bleu: corpusBleu(predictions, refs).score,
    chrf: chrF(predictions, refs),
    examples: encoded.length,
    predictions,
  };
}

/**
 * Batched greedy decoding of every pair, then exact match, token accuracy, corpus BLEU (sacreBLEU 13a,
 * exp smoothing) and chrF. Sentences are decoded in batches sorted by length (less padding) and
 * reported in the input order. References are compared as the model's vocabulary keys them (word
 * models are case-insensitive).
 */
export function evaluateModel(model: Seq2SeqModel, pairs: Pair[], options: { batchSize?: number } = {}): EvaluationResult {
  const batchSize = Math.max(1, options.batchSize ?? evalBatchSize(model.config));
  const encoded = encodePairsForModel(model, pairs);
  const sources = encoded.map(e => e.source);
  const order = range(pairs.length).sort((a, b) => sources[a].length - sources[b].length);
  const hypIds: number[][] = new Array(pairs.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize).filter(j => sources[j].length > 0);
    for (const j of order.slice(i, i + batchSize)) if (sources[j].length === 0) hypIds[j] = [];
    if (idx.length === 0) continue;
    const out = model.greedyIds(idx.map(j => sources[j]));
    idx.forEach((j, k) => { hypIds[j] = out[k]; });
  }
  return scoreHypothesisIds(model, encoded, hypIds);
}
