/**
 * The model's weights: one list of named specs per configuration (the names are the model file's weight
 * names), created as tf.Variables with a seeded initialiser computed in JavaScript so a seed gives the
 * same weights on every backend.
 *
 * Layout (G = 4 for LSTM gates [i, f, o, g], 3 for GRU gates [z, r, n]; H hidden, E embedding,
 * A attention units, Vs / Vt vocabulary sizes):
 * - encoder/embedding [Vs, E]
 * - encoder/l{n}/fw/{kernel [in, G*H], recurrent_kernel [H, G*H], bias [G*H]}; encoder/l0/bw/... when
 *   bidirectional; encoder/bridge/{kernel [2H, H], bias [H]} (+ cell_kernel [2H, H] for LSTM) projects the
 *   concatenated directions back to H.
 * - decoder/embedding [Vt, E]; decoder/l{n}/{kernel, recurrent_kernel, bias}; decoder/l0/context_kernel
 *   [H, G*H] for whatever else is concatenated to the decoder input (peeky context, Bahdanau context,
 *   Luong input feeding) -- a separate matrix so the token part stays one whole-sequence matmul.
 * - decoder/attention/W ([H, H] general; [H, A] concat/additive query), U [H, A], v [A, 1];
 *   decoder/attention/Wc [2H, H] (Luong attentional state over [context; h]).
 * - decoder/output/kernel [D, Vt] (D = H, or 2H for Bahdanau's [h; context]), bias [Vt];
 *   decoder/output/context_kernel [H, Vt] for peeky.
 */
import * as tf from '@tensorflow/tfjs';
import { hasAttention } from './config';
import { mulberry32, type Rng } from './random';
import type { ModelConfig } from './types';

export type Init = 'glorot' | 'embedding' | 'zeros' | 'lstm-bias';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
}

export function gateCount(config: ModelConfig): number {
  return config.cell === 'lstm' ? 4 : 3;
}

/** Whether the first decoder layer takes a second input of width H besides the token embedding. */
export function decoderHasContextInput(config: ModelConfig): boolean {
  return config.mechanism === 'peeky' || config.mechanism === 'bahdanau' ||
    (config.mechanism.startsWith('luong') && config.inputFeeding);
}

/** Every weight of a model with this configuration, in a fixed order (the model file's order). */
export function paramSpecs(config: ModelConfig, sourceVocabSize: number, targetVocabSize: number): ParamSpec[] {
  const { embeddingSize: E, hiddenSize: H, attentionUnits: A, layers: L } = config;
  if (!(L >= 1)) throw new Error(`layers must be at least 1, got ${L}`);
  if (!(H >= 1 && E >= 1 && A >= 1)) throw new Error('embeddingSize, hiddenSize and attentionUnits must be positive');
  const GH = gateCount(config) * H;
  const specs: ParamSpec[] = [];
  const rnn = (prefix: string, inDim: number): void => {
    specs.push({ name: `${prefix}/kernel`, shape: [inDim, GH], init: 'glorot' });
    specs.push({ name: `${prefix}/recurrent_kernel`, shape: [H, GH], init: 'glorot' });
    specs.push({ name: `${prefix}/bias`, shape: [GH], init: config.cell === 'lstm' ? 'lstm-bias' : 'zeros' });
  };
  specs.push({ name: 'encoder/embedding', shape: [sourceVocabSize, E], init: 'embedding' });
  for (let l = 0; l < L; l++) {
    rnn(`encoder/l${l}/fw`, l === 0 ? E : H);
    if (l === 0 && config.bidirectional) rnn('encoder/l0/bw', E);
  }
  if (config.bidirectional) {
    specs.push({ name: 'encoder/bridge/kernel', shape: [2 * H, H], init: 'glorot' });
    specs.push({ name: 'encoder/bridge/bias', shape: [H], init: 'zeros' });
    if (config.cell === 'lstm') specs.push({ name: 'encoder/bridge/cell_kernel', shape: [2 * H, H], init: 'glorot' });
  }
  specs.push({ name: 'decoder/embedding', shape: [targetVocabSize, E], init: 'embedding' });
  for (let l = 0; l < L; l++) {
    rnn(`decoder/l${l}`, l === 0 ? E : H);
    if (l === 0 && decoderHasContextInput(config)) {
      specs.push({ name: 'decoder/l0/context_kernel', shape: [H, GH], init: 'glorot' });
    }
  }
  const m = config.mechanism;
  if (m === 'luong-general') specs.push({ name: 'decoder/attention/W', shape: [H, H], init: 'glorot' });
  if (m === 'luong-concat' || m === 'bahdanau') {
    specs.push({ name: 'decoder/attention/W', shape: [H, A], init: 'glorot' });
    specs.push({ name: 'decoder/attention/U', shape: [H, A], init: 'glorot' });
    specs.push({ name: 'decoder/attention/v', shape: [A, 1], init: 'glorot' });
  }
  if (hasAttention(m) && m !== 'bahdanau') specs.push({ name: 'decoder/attention/Wc', shape: [2 * H, H], init: 'glorot' });
  specs.push({ name: 'decoder/output/kernel', shape: [m === 'bahdanau' ? 2 * H : H, targetVocabSize], init: 'glorot' });
  if (m === 'peeky') specs.push({ name: 'decoder/output/context_kernel', shape: [H, targetVocabSize], init: 'glorot' });
  specs.push({ name: 'decoder/output/bias', shape: [targetVocabSize], init: 'zeros' });
  return specs;
}

function initialValues(spec: ParamSpec, rng: Rng, hiddenSize: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (spec.init) {
    case 'zeros':
      break;
    case 'lstm-bias':
      // Forget gate bias 1 (gate order i, f, o, g): the usual trick so early gradients flow.
      for (let i = hiddenSize; i < 2 * hiddenSize; i++) out[i] = 1;
      break;
    case 'embedding':
      for (let i = 0; i < size; i++) out[i] = (rng() * 2 - 1) * 0.1;
      break;
    case 'glorot': {
      const fanIn = spec.shape[0];
      const fanOut = spec.shape[1] ?? 1;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (rng() * 2 - 1) * limit;
      break;
    }
  }
  return out;
}

/** Named tf.Variables in spec order. */
export class ParamStore {
  readonly variables = new Map<string, tf.Variable>();

  constructor(readonly specs: ParamSpec[], seed: number, hiddenSize: number, namePrefix: string) {
    const rng = mulberry32(seed);
    for (const spec of specs) {
      const values = initialValues(spec, rng, hiddenSize);
      // Variable names must be unique in the tfjs engine; the prefix keeps two models apart.
      const initial = tf.tensor(values, spec.shape, 'float32');
      this.variables.set(spec.name, tf.variable(initial, true, `${namePrefix}/${spec.name}`));
      initial.dispose();
    }
  }

  get(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`Model has no weight '${name}'`);
    return v;
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  list(): tf.Variable[] {
    return [...this.variables.values()];
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
