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
import type { InitScheme, ModelConfig } from './types';

/**
 * How a weight starts. `rnn` covers every matrix an LSTM/GRU multiplies its input or state by (including
 * the decoder's context input, which is a column block of the same input matrix); `linear` the
 * attention, bridge and output layers.
 */
export type Init = 'rnn' | 'linear' | 'embedding' | 'zeros' | 'lstm-bias';


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
    specs.push({ name: `${prefix}/kernel`, shape: [inDim, GH], init: 'rnn' });
    specs.push({ name: `${prefix}/recurrent_kernel`, shape: [H, GH], init: 'rnn' });
    specs.push({ name: `${prefix}/bias`, shape: [GH], init: config.cell === 'lstm' ? 'lstm-bias' : 'zeros' });
  };
  specs.push({ name: 'encoder/embedding', shape: [sourceVocabSize, E], init: 'embedding' });
  for (let l = 0; l < L; l++) {
    rnn(`encoder/l${l}/fw`, l === 0 ? E : H);
    if (l === 0 && config.bidirectional) rnn('encoder/l0/bw', E);
  }
  if (config.bidirectional) {
    specs.push({ name: 'encoder/bridge/kernel', shape: [2 * H, H], init: 'linear' });
    specs.push({ name: 'encoder/bridge/bias', shape: [H], init: 'zeros' });
    if (config.cell === 'lstm') specs.push({ name: 'encoder/bridge/cell_kernel', shape: [2 * H, H], init: 'linear' });
  }
  specs.push({ name: 'decoder/embedding', shape: [targetVocabSize, E], init: 'embedding' });
  for (let l = 0; l < L; l++) {
    rnn(`decoder/l${l}`, l === 0 ? E : H);
    if (l === 0 && decoderHasContextInput(config)) {
      specs.push({ name: 'decoder/l0/context_kernel', shape: [H, GH], init: 'rnn' });
    }
  }
  const m = config.mechanism;
  if (m === 'luong-general') specs.push({ name: 'decoder/attention/W', shape: [H, H], init: 'linear' });
  if (m === 'luong-concat' || m === 'bahdanau') {
    specs.push({ name: 'decoder/attention/W', shape: [H, A], init: 'linear' });
    specs.push({ name: 'decoder/attention/U', shape: [H, A], init: 'linear' });
    specs.push({ name: 'decoder/attention/v', shape: [A, 1], init: 'linear' });
  }
  if (hasAttention(m) && m !== 'bahdanau') specs.push({ name: 'decoder/attention/Wc', shape: [2 * H, H], init: 'linear' });
  specs.push({ name: 'decoder/output/kernel', shape: [m === 'bahdanau' ? 2 * H : H, targetVocabSize], init: 'linear' });
  if (m === 'peeky') specs.push({ name: 'decoder/output/context_kernel', shape: [H, targetVocabSize], init: 'linear' });
  specs.push({ name: 'decoder/output/bias', shape: [targetVocabSize], init: 'zeros' });
  return specs;
}

/** A standard normal draw (Box-Muller) from the seeded uniform stream. */
function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function initialValues(spec: ParamSpec, rng: Rng, hiddenSize: number, scheme: InitScheme): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const fill = (draw: () => number): void => { for (let i = 0; i < size; i++) out[i] = draw(); };
  const uniform = (limit: number) => (): number => (rng() * 2 - 1) * limit;
  const fanIn = spec.shape[0];
  switch (spec.init) {
    case 'zeros':
      break;
    case 'lstm-bias':
      // Forget gate bias 1 (gate order i, f, o, g) so that early gradients flow through the cell state
      // (Jozefowicz et al. 2015); the book starts every bias at 0.
      if (scheme === 'default') for (let i = hiddenSize; i < 2 * hiddenSize; i++) out[i] = 1;
      break;
    case 'embedding':
      // Unit-variance inputs (torch.nn.Embedding): the first layer's pre-activations are of order one
      // from the first step instead of waiting for the optimizer to grow tiny embeddings.
      fill(scheme === 'book' ? () => normal(rng) * 0.01 : () => normal(rng));
      break;
    case 'rnn':
      // torch.nn.LSTM / GRU: every weight uniform in +-1/sqrt(H), whatever it multiplies.
      fill(scheme === 'book' ? () => normal(rng) / Math.sqrt(fanIn) : uniform(1 / Math.sqrt(hiddenSize)));
      break;
    case 'linear':
      // torch.nn.Linear (Kaiming uniform with a = sqrt(5)): uniform in +-1/sqrt(fan-in).
      fill(scheme === 'book' ? () => normal(rng) / Math.sqrt(fanIn) : uniform(1 / Math.sqrt(fanIn)));
      break;
  }
  return out;
}

/** Named tf.Variables in spec order. */
export class ParamStore {
  readonly variables = new Map<string, tf.Variable>();

  constructor(readonly specs: ParamSpec[], seed: number, hiddenSize: number, namePrefix: string, scheme: InitScheme = 'default') {
    const rng = mulberry32(seed);
    for (const spec of specs) {
      const values = initialValues(spec, rng, hiddenSize, scheme);
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
