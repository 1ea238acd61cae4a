/** Small hand-written views for the webview unit tests (helper, not a test file). */
import type { DecodeResult, Mechanism } from '../../../src/shared/engine/types';
import type { ComparisonView, MismatchView, TrainingView, TranslationEntry, TranslationView } from '../../../src/shared/protocol/webview';
import { cardForView } from '../../../src/shared/quality/card';
import { assessConfidence } from '../../../src/shared/quality/confidence';
import type { FitReport } from '../../../src/shared/quality/fit';
import { sampleCard } from '../quality/sampleCard';

export function decodeResult(mechanism: Mechanism, source: string[], output: string[], attention: number[][] | null): DecodeResult {
  let pos = 0;
  return {
    modelId: `m-${mechanism}`,
    mechanism,
    source: source.map((text) => { const start = pos; pos += text.length; return { text, start, end: pos }; }),
    output,
    text: output.join(''),
    probabilities: output.map(() => 0.9),
    topK: output.map((t) => [{ token: t, probability: 0.9 }, { token: 'x', probability: 0.05 }]),
    attention,
    logProb: -0.5,
    normalizedScore: -0.1,
    finished: true,
    endProbability: 0.95,
    sequenceProbability: 0.9 ** output.length * 0.95,
    minTokenProbability: output.length ? 0.9 : 0.95,
    sourceUnknown: source.map(() => false),
  };
}

export function entry(mechanism: Mechanism, source: string[], output: string[], attention: number[][] | null, label = `Model ${mechanism}`): TranslationEntry {
  return {
    modelId: `m-${mechanism}`, modelLabel: label, mechanism,
    result: decodeResult(mechanism, source, output, attention),
    stats: attention ? { rowEntropy: attention.map(() => 0.1), meanEntropy: 0.1, coverage: source.map(() => 0.5), coveredShare: 1 } : null,
    beams: [],
  };
}

/** 2 output x 3 source, with a space, a quote, a comma and markup in the tokens. */
export function trickyTranslation(): TranslationView {
  return {
    kind: 'translation',
    input: 'a, "<b>',
    entry: entry('bahdanau', ['a,', ' ', '"<b>&'], ['사랑', 'x"y'], [[0.7, 0.2, 0.1], [0.05, 0.15, 0.8]], 'Bahdanau <test> & "co"'),
  };
}

export function comparison(): ComparisonView {
  const src = ['1', '2'];
  return {
    kind: 'comparison', input: '12',
    entries: [
      entry('bahdanau', src, ['a', 'b'], [[1, 0], [0, 1]]),
      entry('luong-dot', src, ['a', 'c'], [[0.6, 0.4], [0.3, 0.7]]),
      entry('baseline', src, ['a', 'b'], null),
    ],
    disagreements: [1],
  };
}

export function training(): TrainingView {
  const epochs = (n: number, em: number) => Array.from({ length: n }, (_, i) => ({
    epoch: i + 1, trainLoss: 2 / (i + 1), validationLoss: 2.2 / (i + 1), tokenAccuracy: 0.5 + i * 0.05, exactMatch: em * (i + 1) / n, examplesPerSecond: 1000, seconds: 2,
  }));
  return {
    kind: 'training',
    runs: [
      { runId: 'r1', label: 'baseline', mechanism: 'baseline', state: 'completed', epochs: epochs(4, 0.5), lastBatch: null, totalEpochs: 4 },
      { runId: 'r2', label: 'attention, "quoted"', mechanism: 'bahdanau', state: 'running', epochs: epochs(2, 0.9), lastBatch: { epoch: 3, batch: 5, batches: 10, loss: 0.3 }, totalEpochs: 4 },
    ],
  };
}

/**
 * A subword model's answer: "the student sleeps" as ▁the ▁stu dent ▁sleeps (spans into the input, without
 * the marker), written as ▁le ▁étu diant ▁dort. In words: 3 x 3, "student" and "étudiant" merged.
 */
export function subwordResult(): DecodeResult {
  return {
    modelId: 'en-fr-sub',
    mechanism: 'luong-dot',
    source: [{ text: '\u2581the', start: 0, end: 3 }, { text: '\u2581stu', start: 4, end: 7 }, { text: 'dent', start: 7, end: 11 }, { text: '\u2581sleeps', start: 12, end: 18 }],
    output: ['\u2581le', '\u2581\u00e9tu', 'diant', '\u2581dort'],
    text: 'le \u00e9tudiant dort',
    probabilities: [0.9, 0.8, 0.5, 0.95],
    topK: [
      [{ token: '\u2581le', probability: 0.9 }, { token: '\u2581la', probability: 0.05 }],
      [{ token: '\u2581\u00e9tu', probability: 0.8 }, { token: '\u2581\u00e9l', probability: 0.1 }],
      [{ token: 'diant', probability: 0.5 }, { token: 'de', probability: 0.3 }],
      [{ token: '\u2581dort', probability: 0.95 }],
    ],
    attention: [
      [0.7, 0.1, 0.1, 0.1],
      [0.1, 0.5, 0.3, 0.1],
      [0.1, 0.2, 0.6, 0.1],
      [0.05, 0.05, 0.1, 0.8],
    ],
    logProb: -1.2,
    normalizedScore: -0.3,
    finished: true,
    endProbability: 0.9,
    sequenceProbability: 0.9 * 0.8 * 0.5 * 0.95 * 0.9,
    minTokenProbability: 0.5,
    sourceUnknown: [false, false, false, false],
  };
}

export function subwordEntry(label = 'Luong (dot) en-fr'): TranslationEntry {
  const result = subwordResult();
  return {
    modelId: result.modelId, modelLabel: label, mechanism: 'luong-dot', result,
    stats: { rowEntropy: result.output.map(() => 0.5), meanEntropy: 0.5, coverage: [0.95, 0.85, 1.1, 1.1], coveredShare: 1 },
    beams: [],
    tokenizers: { source: 'subword', target: 'subword' },
  };
}

export function subwordTranslation(): TranslationView {
  return { kind: 'translation', input: 'the student sleeps', entry: subwordEntry() };
}

/** A fit report: the active date model does not fit, one English model does. */
export function offer(): FitReport {
  return {
    active: { fits: false, score: -9, threshold: -1, unknownShare: null, maxUnknownShare: 0, reason: "its characters are unlike the model's training inputs (fit -9.00 nats per character, below the calibrated -1.00)", modelId: 'date-x', label: 'Dates model' },
    candidates: [{ modelId: 'en-x', label: 'English "model"', task: 'en-x', margin: 1.5, heldOut: '1.00 % exact match on 100 held-out pairs', heldOutScores: { exactMatch: 0.01, pairs: 100 } }],
  };
}

/** The tricky translation from a calibrated model: the second token weak (p = 0.2), the third source token unknown, the input unfit. */
export function lowConfidenceTranslation(): TranslationView {
  const view = trickyTranslation();
  const card = { ...sampleCard(), caveat: 'Dates only.', confidence: { ...sampleCard().confidence, threshold: 0.8, tokenThreshold: 0.8, falseAlarmRate: 0.05 } } as ReturnType<typeof sampleCard>;
  const result = { ...view.entry.result, probabilities: [0.95, 0.2], sourceUnknown: [false, false, true], minTokenProbability: 0.2 };
  return {
    ...view,
    entry: { ...view.entry, result, card: cardForView(card), confidence: assessConfidence(result, card.confidence) },
    fit: offer(),
  };
}

export function mismatch(): MismatchView {
  return { kind: 'mismatch', input: 'hello world', modelId: 'date-x', modelLabel: 'Dates model', message: "Model 'date-x' does not know the character 'k'.", fit: offer() };
}
