/**
 * Messages for the user from code that cannot use `vscode` (the worker, the engine, the readers): each
 * is a stable code from the catalogue, its parameters, and its English text. The English travels with
 * the message (logs, the CLI, an older host); the extension's host renders the code in VS Code's display
 * language with `renderMessage`, looking the catalogue's English template up in its l10n bundle.
 *
 * Templates name their placeholders (`{file}`); a parameter may itself be a coded message (a reason
 * inside "Model file 'x': …") or a list of them (joined with "; "), rendered in the same language.
 */
import { MESSAGES } from './catalog';

export type MessageCode = keyof typeof MESSAGES & string;

/** The placeholder names of a template: `Names<'a {x} b {y}'>` is `'x' | 'y'`. */
type Names<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | Names<Rest> : never;

export type MessageParam = string | number | CodedMessage | readonly CodedMessage[];

/** Every placeholder of the code's template, and nothing else. */
export type ParamsOf<C extends MessageCode> = { [K in Names<typeof MESSAGES[C]>]: MessageParam };

export interface CodedMessage {
  code: MessageCode;
  params: Record<string, MessageParam>;
  /** The English rendering. */
  message: string;
}

/** `english -> translated template` (undefined: keep the English). */
export type TemplateLookup = (english: string) => string | undefined;

const ENGLISH: TemplateLookup = () => undefined;

/**
 * A coded message. Codes without placeholders take no parameters; the compiler checks that the
 * parameters are exactly the template's placeholders.
 */
export function coded<C extends MessageCode>(code: C, ...params: Names<typeof MESSAGES[C]> extends never ? [] : [ParamsOf<C>]): CodedMessage {
  const p = (params[0] ?? {}) as Record<string, MessageParam>;
  return { code, params: p, message: fill(MESSAGES[code], p, ENGLISH) };
}

/** The message in the language of `lookup`; an unknown code (never in one build) falls back to the English. */
export function renderMessage(m: CodedMessage, lookup: TemplateLookup = ENGLISH): string {
  const english = (MESSAGES as Record<string, string>)[m.code];
  if (english === undefined) return m.message;
  return fill(lookup(english) ?? english, m.params, lookup);
}

function fill(template: string, params: Record<string, MessageParam>, lookup: TemplateLookup): string {
  // One pass over the template: text inside a parameter (a file name with braces) is never filled in.
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    return value === undefined ? whole : renderParam(value, lookup);
  });
}

function renderParam(value: MessageParam, lookup: TemplateLookup): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return (value as readonly CodedMessage[]).map(v => renderMessage(v, lookup)).join('; ');
  return renderMessage(value as CodedMessage, lookup);
}

/** An error whose message is a coded message (the worker's answer carries the code to the host). */
export class CodedError extends Error {
  constructor(readonly coded: CodedMessage) {
    super(coded.message);
    this.name = 'CodedError';
  }
}

/** The coded message an error carries (`coded` on the project's error classes), if any. */
export function codedMessageOf(error: unknown): CodedMessage | undefined {
  const c = typeof error === 'object' && error !== null ? (error as { coded?: unknown }).coded : undefined;
  return isCodedMessage(c) ? c : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A well-formed coded message (checked where one arrives over a channel), at most `depth` levels deep. */
export function isCodedMessage(v: unknown, depth = 6): v is CodedMessage {
  if (depth <= 0 || !isRecord(v) || typeof v.code !== 'string' || typeof v.message !== 'string' || !isRecord(v.params)) return false;
  return Object.values(v.params).every(p => typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p)) ||
    (Array.isArray(p) ? p.length <= 100 && p.every(q => isCodedMessage(q, depth - 1)) : isCodedMessage(p, depth - 1)));
}
