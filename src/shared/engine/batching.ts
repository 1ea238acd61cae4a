/**
 * Text -> ids -> padded batches. The engine works time-major inside (a time step is one contiguous
 * [B, ...] block, so per-step slices are cheap); these helpers produce the id and mask arrays that the
 * model turns into tensors.
 */
import { CodedError, coded, type CodedMessage } from '../messages/coded';
import { unitMessage } from '../messages/units';
import { tokenizerFor, vocabKey } from '../text/tokenizer';
import { EOS_ID, PAD_ID, SOS_ID, UNK_ID, type Vocab } from '../text/vocab';
import type { ModelConfig, TokenSpan } from './types';

export interface EncodedSource {
  /** Ids in the order the encoder reads them (reversed when `reverseSource`). */
  ids: number[];
  /** Tokens in the user's order with their spans. */
  spans: TokenSpan[];
  unknown: number;
}

/** Tokenises and encodes a source text without length checks. */
export function encodeSource(text: string, config: ModelConfig, vocab: Vocab): EncodedSource {
  const spans = tokenizerFor(config.sourceTokenizer, vocab).tokenize(text);
  const ids = spans.map(s => vocab.id(vocabKey(config.sourceTokenizer, s.text)));
  const unknown = ids.filter(id => id === UNK_ID).length;
  return { ids: config.reverseSource ? ids.reverse() : ids, spans, unknown };
}

/** Tokenises and encodes a target text (no <sos>/<eos>). */
export function encodeTarget(text: string, config: ModelConfig, vocab: Vocab): number[] {
  return targetTokens(text, config, vocab).map(t => vocab.id(t));
}

/** Target tokens as the vocabulary keys them (what an exact match compares). */
export function targetTokens(text: string, config: ModelConfig, vocab: Vocab): string[] {
  return tokenizerFor(config.targetTokenizer, vocab).tokenize(text).map(s => vocabKey(config.targetTokenizer, s.text));
}

/**
 * The most characters a text of `maxTokens` tokens is read with. Tokenising costs more than linear time,
 * so a text is measured in characters before it is tokenised: this allows 64 characters a token (runs of
 * spaces, long words) on top of a fixed margin, far more than any text that fits, far less than the
 * inputs that would keep the tokeniser busy.
 */
export function maxTextChars(maxTokens: number): number {
  return maxTokens * 64 + 256;
}

/** Why a raw text is too long for `maxTokens` tokens without tokenising it, or null. */
export function rawLengthProblem(text: string, maxTokens: number, what: 'input' | 'target' | 'forced' = 'input'): CodedMessage | null {
  const limit = maxTextChars(maxTokens);
  const subject = what === 'input' ? coded('decode.whatInput') : what === 'target' ? coded('decode.whatTarget') : coded('decode.whatForced');
  return text.length > limit ? coded('decode.rawTooLong', { what: subject, chars: text.length, max: maxTokens, limit }) : null;
}

/**
 * Checks that a source can be translated and encodes it; throws an Error with a message for the user.
 */
export function checkedSource(text: string, config: ModelConfig, vocab: Vocab): EncodedSource {
  const tooLong = rawLengthProblem(text, config.maxSourceLength);
  if (tooLong) throw new CodedError(tooLong);
  const enc = encodeSource(text, config, vocab);
  if (enc.ids.length === 0) throw new CodedError(coded('decode.noTokens'));
  if (enc.ids.length > config.maxSourceLength) {
    throw new CodedError(coded('decode.tooManyTokens', { count: enc.ids.length, units: unitMessage(config.sourceTokenizer, enc.ids.length), max: config.maxSourceLength }));
  }
  if (enc.unknown === enc.ids.length) {
    throw new CodedError(coded('decode.allUnknown', { units: unitMessage(config.sourceTokenizer, 2), task: config.task }));
  }
  return enc;
}

/** Padded sources. ids/mask time-major [S, B]; attention mask batch-major [B, S]. */
export interface SourceBatch {
  batch: number;
  steps: number;
  /** [S * B] time-major ids. */
  ids: Int32Array;
  /** [S * B] time-major, 1 for real tokens. */
  stepMask: Float32Array;
  /** [B * S] batch-major, 1 for real tokens. */
  attnMask: Float32Array;
  lengths: number[];
  /** Whether any row is padded (masks can be skipped when not). */
  padded: boolean;
}

export function padSources(seqs: number[][]): SourceBatch {
  const B = seqs.length;
  const S = Math.max(1, ...seqs.map(s => s.length));
  const ids = new Int32Array(S * B).fill(PAD_ID);
  const stepMask = new Float32Array(S * B);
  const attnMask = new Float32Array(B * S);
  let padded = false;
  seqs.forEach((seq, b) => {
    if (seq.length < S) padded = true;
    seq.forEach((id, t) => {
      ids[t * B + b] = id;
      stepMask[t * B + b] = 1;
      attnMask[b * S + t] = 1;
    });
  });
  return { batch: B, steps: S, ids, stepMask, attnMask, lengths: seqs.map(s => s.length), padded };
}

/** Padded targets, time-major [T, B] with T = longest + 1: input `<sos> y`, output `y <eos>`. */
export interface TargetBatch {
  batch: number;
  steps: number;
  input: Int32Array;
  output: Int32Array;
  mask: Float32Array;
}

export function padTargets(seqs: number[][]): TargetBatch {
  const B = seqs.length;
  const T = Math.max(...seqs.map(s => s.length)) + 1;
  const input = new Int32Array(T * B).fill(PAD_ID);
  const output = new Int32Array(T * B).fill(PAD_ID);
  const mask = new Float32Array(T * B);
  seqs.forEach((seq, b) => {
    input[b] = SOS_ID;
    for (let t = 0; t <= seq.length; t++) {
      if (t < seq.length) {
        output[t * B + b] = seq[t];
        input[(t + 1) * B + b] = seq[t];
      } else {
        output[t * B + b] = EOS_ID;
      }
      mask[t * B + b] = 1;
    }
  });
  return { batch: B, steps: T, input, output, mask };
}
