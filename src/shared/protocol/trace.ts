/**
 * The step inspector's messages between panel and host, and their guards. The panel names an entry of
 * the view it shows; the host takes the model and the input from its own copy of that view, so a message
 * can only ask about what the panel displays.
 */
import type { DecodeTrace, ForceMode, StepTrace, TracedDecode } from '../engine/traceTypes';
import { isArrayOf, isBoolean, isFiniteNumber, isNonNegativeInt, isOneOf, isRecord, isString } from './guards';

export const TRACE_MODES: readonly ForceMode[] = ['prefix', 'whole'];
/** Longest forced output accepted from the panel (characters, or tokens). */
export const MAX_FORCED_LENGTH = 1000;

export interface TraceRequest {
  requestId: number;
  /** Index of the entry in the current view. */
  entry: number;
  /** Forced output as text (tokenised by the model), or as the model's own tokens (an alternative picked). */
  target?: string;
  targetTokens?: string[];
  mode?: ForceMode;
}

const isVector = (v: unknown): v is number[] => isArrayOf(v, isFiniteNumber);
const isVectorOrNull = (v: unknown): boolean => v === null || isVector(v);

export function isTraceRequest(m: Record<string, unknown>): boolean {
  return isNonNegativeInt(m.requestId) && isNonNegativeInt(m.entry)
    && (m.target === undefined || (isString(m.target) && m.target.length <= MAX_FORCED_LENGTH))
    && (m.targetTokens === undefined || (isArrayOf(m.targetTokens, isString) && m.targetTokens.length <= MAX_FORCED_LENGTH))
    && (m.mode === undefined || isOneOf(m.mode, TRACE_MODES));
}

function isStep(s: unknown): s is StepTrace {
  return isRecord(s) && isNonNegativeInt(s.step) && isString(s.input) && isString(s.output) && isFiniteNumber(s.probability)
    && isBoolean(s.forced) && Array.isArray(s.top)
    && isVectorOrNull(s.query) && isVectorOrNull(s.scores) && isVectorOrNull(s.weights) && isVectorOrNull(s.context) && isVectorOrNull(s.concat);
}

function isTrace(t: unknown): t is DecodeTrace {
  return isRecord(t) && isString(t.mechanism) && isBoolean(t.reversed) && isArrayOf(t.source, isString)
    && isArrayOf(t.keys, isVector) && isVector(t.finalState) && isArrayOf(t.steps, isStep);
}

/** Shapes checked too: every step's scores and weights have one number per source token. */
export function isTracedDecode(v: unknown): v is TracedDecode {
  if (!isRecord(v) || !isRecord(v.result) || !isTrace(v.trace)) return false;
  const n = v.trace.source.length;
  return v.trace.keys.length === n && v.trace.steps.every(s => (s.scores === null || s.scores.length === n) && (s.weights === null || s.weights.length === n));
}
