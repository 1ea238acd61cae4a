/** Command-line helpers shared by the project scripts (they parse with node:util parseArgs). */

/** `--key N` as a positive integer, or undefined when the option was not given. */
export function positiveInt(key: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} expects a positive integer; got '${value}'`);
  return n;
}

/** `--key X` as a positive finite number, or undefined when the option was not given. */
export function positiveNumber(key: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${key} expects a positive number; got '${value}'`);
  return n;
}
