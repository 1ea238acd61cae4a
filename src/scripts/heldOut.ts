/** The translation pairs and held-out scores as the shipped models' recipe and the evaluation script use them. */
import * as fs from 'node:fs';
import { readDataset, sentenceKey, type Pair } from '../shared/data/index';
import { encodePairsForModel, evaluateModel, scoreHypothesisIds, type Seq2SeqModel } from '../shared/engine/index';
import { corpusBleuMultiRef } from '../shared/metrics/index';

export interface HeldOutScores {
  /** Per pair, one reference each. */
  pairs: number;
  bleu: number;
  chrf: number;
  exactMatch: number;
  /** Per distinct English sentence, all its translations as references. */
  sentences: number;
  multiRefBleu: number;
  /** The same scores of the float32 weights before they were stored compactly. */
  float32?: { bleu: number; chrf: number; multiRefBleu: number };
}

/** BLEU per pair and, grouping pairs by source sentence, multi-reference BLEU per sentence. */
export function heldOutScores(predictions: readonly string[], pairs: readonly Pair[], exactMatch: number, bleu: number, chrf: number): HeldOutScores {
  const groups = new Map<string, { hyp: string; refs: string[] }>();
  pairs.forEach((p, i) => {
    const key = sentenceKey(p.source);
    const g = groups.get(key);
    if (g) g.refs.push(p.target);
    else groups.set(key, { hyp: predictions[i], refs: [p.target] });
  });
  const list = [...groups.values()];
  const most = Math.max(...list.map(g => g.refs.length));
  // sacreBLEU's multi-reference streams: stream k holds each sentence's k-th reference ('' when it has fewer).
  const streams = Array.from({ length: most }, (_, k) => list.map(g => g.refs[k] ?? ''));
  return {
    pairs: pairs.length, bleu, chrf, exactMatch,
    sentences: list.length, multiRefBleu: corpusBleuMultiRef(list.map(g => g.hyp), streams).score,
  };
}

/** A translation data file read as the recipe reads it (so that its split is the recipe's split). */
export function readTranslationPairs(file: string, maxPairs?: number): Pair[] {
  const pairs = readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) }, { maxSourceChars: 2000, maxTargetChars: 2000 }).pairs;
  return maxPairs === undefined ? pairs : pairs.slice(0, maxPairs);
}

/** Beam search one sentence at a time (the extension's path for a selection), scored like evaluateModel. */
export function beamScores(model: Seq2SeqModel, pairs: readonly Pair[], beam: number, lengthPenalty: number): { predictions: string[]; bleu: number; chrf: number; exactMatch: number } {
  if (beam === 1) return evaluateModel(model, [...pairs]);
  const encoded = encodePairsForModel(model, pairs);
  const ids = pairs.map((p) => {
    const best = model.translate(p.source, { modelId: 'eval', beamWidth: beam, topK: 1, lengthPenalty }).hypotheses[0];
    return best.output.map((t) => model.targetVocab.id(t));
  });
  return scoreHypothesisIds(model, encoded, ids);
}
