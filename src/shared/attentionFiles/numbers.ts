/** Weights as toolkits print them: decimals, exponents (`8.22032e-05`), never `nan` or hex. */

const WEIGHT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number, or null when the text is not a plain decimal number. */
export function parseWeight(text: string): number | null {
  if (!WEIGHT.test(text)) return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

/** Whether the text is a plain decimal number. */
export function isWeight(text: string): boolean {
  return parseWeight(text) !== null;
}

/** A shortened copy of user text for messages (the file's text is never trusted to be short). */
export function quote(text: string, max = 40): string {
  return `'${text.length > max ? text.slice(0, max) + '…' : text}'`;
}
