// STUB (owned by the engine helper): replaced by the real model.
import type { Vocab } from '../text/vocab';
import type { NamedWeight, TranslateOptions } from './api';
import type { BeamResult, DecodeResult, ModelConfig } from './types';
export class Seq2SeqModel {
  private constructor(readonly config: ModelConfig, readonly sourceVocab: Vocab, readonly targetVocab: Vocab) {}
  static create(config: ModelConfig, sourceVocab: Vocab, targetVocab: Vocab, seed: number): Seq2SeqModel {
    void seed; return new Seq2SeqModel(config, sourceVocab, targetVocab);
  }
  translate(text: string, options: TranslateOptions): BeamResult { void text; void options; throw new Error('not implemented'); }
  forced(text: string, target: string, modelId: string): DecodeResult { void text; void target; void modelId; throw new Error('not implemented'); }
  getWeights(): NamedWeight[] { return []; }
  setWeights(weights: NamedWeight[]): void { void weights; }
  dispose(): void {}
}
