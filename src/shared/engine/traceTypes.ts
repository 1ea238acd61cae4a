/**
 * The step inspector's data: for one decode, what every decoder step computed (the notes' four steps of
 * attention: query against keys, scores, softmax weights, weighted sum of the values), with the model's
 * own numbers. Pure data (no tensors), so the protocol and the webview can import it. Source positions
 * are in the user's order; `reversed` says that the encoder read them the other way round.
 */
import type { Alternative, DecodeResult, Mechanism } from './types';

/** How the decoder gets the source without attention (the baseline's bottleneck). */
export type ContextEntry = 'initial-state' | 'every-step';

export interface StepTrace {
  /** 0-based output position. */
  step: number;
  /** The token fed into this step (`<sos>` at step 0, else the previous output). */
  input: string;
  /** The token this step output (`<eos>` at the end) and its probability. */
  output: string;
  probability: number;
  /** Whether `output` was forced (teacher forcing) rather than the model's most likely token. */
  forced: boolean;
  /** The model's most likely tokens at this step, best first. */
  top: Alternative[];
  /** Attention only (null for baseline and peeky): s_t, e_t (raw scores), alpha_t (softmax), a_t. */
  query: number[] | null;
  scores: number[] | null;
  weights: number[] | null;
  context: number[] | null;
  /** Luong: [a_t; s_t]. Bahdanau: [x_t; a_t], the decoder input (the fed token's embedding) joined to a_t. */
  concat: number[] | null;
}

export interface DecodeTrace {
  mechanism: Mechanism;
  /** The encoder read the source reversed (the date models, as in the book). */
  reversed: boolean;
  /** Source tokens in the user's order. */
  source: string[];
  /** h_1..h_N: the encoder's top-layer states (keys = values), in the user's order. */
  keys: number[][];
  /** The encoder's final top state: the one context vector of baseline and peeky models. */
  finalState: number[];
  /** Without attention: where that vector enters the decoder; null with attention. */
  contextEntry: ContextEntry | null;
  /** Luong with input feeding: the previous attentional state is also fed to the decoder. */
  inputFeeding: boolean;
  steps: StepTrace[];
}

/** What the worker's `trace` method returns: the decode's result and its trace, from the same decode. */
export interface TracedDecode {
  result: DecodeResult;
  trace: DecodeTrace;
}

/** How `trace` feeds the decoder: free running, a forced prefix then free, or the whole target forced. */
export type ForceMode = 'prefix' | 'whole';
