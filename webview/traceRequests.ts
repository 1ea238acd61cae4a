/**
 * The step inspector's round trips to the host: `trace` goes out with a fresh request id, the host's
 * `trace` / `traceFailed` with that id settles it. Answers to requests nobody waits for any more (the
 * view was redrawn) are dropped.
 */
import type { TracedDecode } from '../src/shared/engine/traceTypes';
import type { TraceRequest } from '../src/shared/protocol/trace';
import { post } from './vscodeApi';

const pending = new Map<number, { resolve(t: TracedDecode): void; reject(e: Error): void }>();
let nextId = 1;

export function requestTrace(request: Omit<TraceRequest, 'requestId'>): Promise<TracedDecode> {
  const requestId = nextId++;
  return new Promise<TracedDecode>((resolve, reject) => {
    pending.set(requestId, { resolve, reject });
    post({ type: 'trace', requestId, ...request });
  });
}

export function deliverTrace(requestId: number, traced: TracedDecode | null, message = ''): void {
  const waiting = pending.get(requestId);
  if (!waiting) return;
  pending.delete(requestId);
  if (traced) waiting.resolve(traced);
  else waiting.reject(new Error(message));
}
