/**
 * Errors the worker answers with. Every failure crosses the boundary as `{message, code}` so the host can
 * branch on a stable code; one meant for the user also carries its coded message (`detail`), which the
 * host renders in the display language.
 */
import { codedMessageOf, type CodedMessage } from '../shared/messages/coded';
import type { WorkerError } from '../shared/protocol/worker';

export type WorkerErrorCode = 'cancelled' | 'bad-input' | 'model-not-found' | 'internal';

/** An expected failure with a message written for the user. */
export class WorkerFailure extends Error {
  constructor(readonly code: WorkerErrorCode, readonly coded: CodedMessage) {
    super(coded.message);
    this.name = 'WorkerFailure';
  }
}

const INPUT_ERRORS = new Set(['DatasetError', 'ModelFileError', 'ModelConfigError', 'TrainConfigError', 'FileReadProblem']);

/** Maps anything thrown by a handler to the wire form; unexpected errors keep their stack for the log. */
export function toWorkerError(error: unknown): WorkerError {
  const detail = codedMessageOf(error);
  const coded = detail ? { detail } : {};
  if (error instanceof WorkerFailure) return { message: error.message, code: error.code, ...coded };
  // These come from checks of what the caller gave: a dataset that cannot be read, a model file that is
  // not a valid model, a config or training setting out of bounds, a path that is not a regular file.
  if (error instanceof Error && INPUT_ERRORS.has(error.name)) return { message: error.message, code: 'bad-input', ...coded };
  if (error instanceof Error) return { message: error.message, code: 'internal', stack: error.stack, ...coded };
  return { message: safeText(error), code: 'internal' };
}

/**
 * Any value as a short line of text for a log or a message, whatever it holds: `JSON.stringify` throws on
 * a BigInt or a circular reference, and `String` on an object without a prototype.
 */
export function safeText(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    try {
      text = Object.prototype.toString.call(value);
    } catch {
      text = '(unprintable)';
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
