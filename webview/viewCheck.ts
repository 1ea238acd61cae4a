/**
 * Deeper checks of a view than the protocol guard makes (it checks the envelope; this checks the shapes
 * the renderers index into), so a malformed message is reported and ignored instead of half-drawn.
 * Returns a description of the first problem, or null when the view can be drawn.
 */
import type { PanelView, TranslationEntry, TrainingRunView } from '../src/shared/protocol/webview';
import type { DecodeResult } from '../src/shared/engine/types';
import { isArrayOf, isFiniteNumber, isRecord, isString } from '../src/shared/protocol/guards';

function isNumberArray(v: unknown): v is number[] {
  return isArrayOf(v, (x): x is number => typeof x === 'number');
}

function checkResult(r: unknown, where: string): string | null {
  if (!isRecord(r)) return `${where}: not an object`;
  const res = r as Partial<Record<keyof DecodeResult, unknown>>;
  if (!Array.isArray(res.source) || !res.source.every((t) => isRecord(t) && isString(t.text))) return `${where}.source: expected tokens with text`;
  if (!isArrayOf(res.output, isString)) return `${where}.output: expected strings`;
  if (!isNumberArray(res.probabilities)) return `${where}.probabilities: expected numbers`;
  if (!isString(res.text)) return `${where}.text: expected a string`;
  if (res.topK !== undefined && !(Array.isArray(res.topK) && res.topK.every((step) => Array.isArray(step) && step.every((a) => isRecord(a) && isString(a.token) && typeof a.probability === 'number')))) {
    return `${where}.topK: expected lists of {token, probability}`;
  }
  // Absent in views saved by an older version: read as "nothing known".
  if (res.sourceUnknown !== undefined && !(isArrayOf(res.sourceUnknown, (x): x is boolean => typeof x === 'boolean') && res.sourceUnknown.length === res.source.length)) {
    return `${where}.sourceUnknown: expected one flag per source token`;
  }
  if (res.endProbability !== undefined && res.endProbability !== null && typeof res.endProbability !== 'number') return `${where}.endProbability: expected a number or null`;
  if (res.attention !== null) {
    if (!Array.isArray(res.attention)) return `${where}.attention: expected a matrix or null`;
    if (res.attention.length !== res.output.length) return `${where}.attention: ${res.attention.length} rows for ${res.output.length} output tokens`;
    const cols = res.source.length;
    for (let i = 0; i < res.attention.length; i++) {
      const row: unknown = res.attention[i];
      if (!isNumberArray(row) || row.length !== cols) return `${where}.attention[${i}]: expected ${cols} numbers`;
    }
  }
  return null;
}

function checkEntry(e: unknown, where: string): string | null {
  if (!isRecord(e)) return `${where}: not an object`;
  const entry = e as Partial<Record<keyof TranslationEntry, unknown>>;
  if (!isString(entry.modelId) || !isString(entry.modelLabel) || !isString(entry.mechanism)) return `${where}: modelId, modelLabel and mechanism must be strings`;
  const bad = checkResult(entry.result, `${where}.result`);
  if (bad) return bad;
  // stats/beams missing altogether are read as null/[] (a host that left them out), not rejected.
  if (entry.stats !== null && entry.stats !== undefined && !(isRecord(entry.stats) && isNumberArray(entry.stats.rowEntropy) && isNumberArray(entry.stats.coverage)
    && typeof entry.stats.meanEntropy === 'number' && typeof entry.stats.coveredShare === 'number')) {
    return `${where}.stats: expected AttentionStats or null`;
  }
  if (entry.tokenizers !== undefined && !(isRecord(entry.tokenizers) && isString(entry.tokenizers.source) && isString(entry.tokenizers.target))) {
    return `${where}.tokenizers: expected {source, target} tokenizer kinds`;
  }
  const quality = checkQuality(entry, where);
  if (quality) return quality;
  if (entry.beams === undefined) return null;
  if (!Array.isArray(entry.beams)) return `${where}.beams: expected a list`;
  for (let i = 0; i < entry.beams.length; i++) {
    const b = checkResult(entry.beams[i], `${where}.beams[${i}]`);
    if (b) return b;
  }
  return null;
}

/** The card and confidence fields the notices read (both optional: older views have neither). */
function checkQuality(entry: Partial<Record<keyof TranslationEntry, unknown>>, where: string): string | null {
  const c = entry.confidence;
  if (c !== undefined && !(isRecord(c) && typeof c.value === 'number' && typeof c.low === 'boolean' && typeof c.tokenThreshold === 'number'
    && (c.threshold === null || typeof c.threshold === 'number') && isArrayOf(c.lowTokens, (x): x is number => typeof x === 'number'))) {
    return `${where}.confidence: expected a confidence assessment`;
  }
  const card = entry.card;
  if (card !== undefined && card !== null && !(isRecord(card) && isString(card.summary) && Array.isArray(card.heldOut) && isArrayOf(card.limits, isString)
    && isRecord(card.training) && card.heldOut.every((h) => isRecord(h) && typeof h.exactMatch === 'number' && typeof h.pairs === 'number' && isString(h.data)))) {
    return `${where}.card: expected a model card or null`;
  }
  return null;
}

/** The fit report's shape: the verdict the notice reads and the models it offers. */
function checkFit(fit: unknown, where: string, required: boolean): string | null {
  if (fit === undefined || fit === null) return required ? `${where}: expected a fit report` : null;
  if (!isRecord(fit) || !Array.isArray(fit.candidates)) return `${where}: expected a fit report`;
  if (fit.active !== null && !(isRecord(fit.active) && typeof fit.active.fits === 'boolean' && isString(fit.active.label))) return `${where}.active: expected a verdict or null`;
  if (!fit.candidates.every((c) => isRecord(c) && isString(c.modelId) && isString(c.label))) return `${where}.candidates: expected models with id and label`;
  return null;
}

function checkRun(r: unknown, where: string): string | null {
  if (!isRecord(r)) return `${where}: not an object`;
  const run = r as Partial<Record<keyof TrainingRunView, unknown>>;
  if (!isString(run.runId) || !isString(run.label) || !isString(run.state)) return `${where}: runId, label and state must be strings`;
  if (!isFiniteNumber(run.totalEpochs)) return `${where}.totalEpochs: expected a number`;
  if (!Array.isArray(run.epochs) || !run.epochs.every((m) => isRecord(m) && typeof m.epoch === 'number')) return `${where}.epochs: expected epoch metrics`;
  if (run.lastBatch !== null && !(isRecord(run.lastBatch) && typeof run.lastBatch.batch === 'number' && typeof run.lastBatch.batches === 'number')) {
    return `${where}.lastBatch: expected batch progress or null`;
  }
  if (run.batchLoss !== undefined && !(Array.isArray(run.batchLoss) && run.batchLoss.every((p) => isRecord(p) && typeof p.x === 'number' && typeof p.y === 'number'))) {
    return `${where}.batchLoss: expected points with x and y`;
  }
  if (run.reference !== undefined && typeof run.reference !== 'boolean') return `${where}.reference: expected true or false`;
  return null;
}

export function checkView(view: PanelView): string | null {
  switch (view.kind) {
    case 'translation': return checkEntry(view.entry, 'entry') ?? checkFit(view.fit, 'fit', false);
    case 'comparison':
      for (let i = 0; i < view.entries.length; i++) {
        const bad = checkEntry(view.entries[i], `entries[${i}]`);
        if (bad) return bad;
      }
      return checkFit(view.fit, 'fit', false);
    case 'mismatch': return checkFit(view.fit, 'fit', true);
    case 'training':
      for (let i = 0; i < view.runs.length; i++) {
        const bad = checkRun(view.runs[i], `runs[${i}]`);
        if (bad) return bad;
      }
      return null;
  }
}
