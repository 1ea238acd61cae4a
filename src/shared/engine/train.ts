// STUB (owned by the engine helper).
import type { Pair } from '../data/types';
import type { EvaluationResult, TrainRequest } from './api';
import type { Seq2SeqModel } from './model';
import type { TrainingSummary } from './types';
export async function trainModel(request: TrainRequest): Promise<{ model: Seq2SeqModel; summary: TrainingSummary }> {
  void request; throw new Error('not implemented');
}
export function evaluateModel(model: Seq2SeqModel, pairs: Pair[], options: { batchSize?: number } = {}): EvaluationResult {
  void model; void pairs; void options; throw new Error('not implemented');
}
