/**
 * Errors the worker answers with. Every failure crosses the boundary as `{message, code}` so the host can
 * branch on a stable code and show the message as is.
 */
import type { WorkerError } from '../shared/protocol/worker';

export type WorkerErrorCode = 'cancelled' | 'bad-input' | 'model-not-found' | 'internal';

/** An expected failure with a message written for the user. */
export class WorkerFailure extends Error {
  constructor(readonly code: WorkerErrorCode, message: string) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

/** Maps anything thrown by a handler to the wire form; unexpected errors keep their stack for the log. */
export function toWorkerError(error: unknown): WorkerError {
  if (error instanceof WorkerFailure) return { message: error.message, code: error.code };
  // DatasetError comes from the data readers: the file cannot be read at all, which is the user's input.
  if (error instanceof Error && error.name === 'DatasetError') return { message: error.message, code: 'bad-input' };
  if (error instanceof Error) return { message: error.message, code: 'internal', stack: error.stack };
  return { message: String(error), code: 'internal' };
}
