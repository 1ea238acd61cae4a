/** Where the CLI writes: results on stdout (text or one JSON document), progress and notes on stderr. */
import type { ReadResult } from '../shared/data/types';

export const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
};

export const note = (text: string): void => {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
};

/** One JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A transient progress line on a terminal (overwritten in place); nothing when stderr is not a TTY. */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/** What a dataset read kept, skipped and capped, in a few lines for stderr. */
export function describeRead(file: string, r: ReadResult): string {
  const lines = [`${file}: ${r.pairs.length} pairs (${r.format})` + (r.skipped ? `, ${r.skipped} malformed line${r.skipped === 1 ? '' : 's'} skipped` : '')];
  for (const issue of r.issues.slice(0, 5)) lines.push(`  ${issue.file}:${issue.line}: ${issue.reason.message}`);
  if (r.skipped > 5) lines.push(`  ... ${r.skipped - Math.min(5, r.issues.length)} more`);
  for (const c of r.capped) lines.push(`  note: ${c.message}`);
  return lines.join('\n');
}

/**
 * Ctrl-C during a long run: the first asks the run to stop after the current batch (keeping what it
 * finished), a second exits at once. `dispose()` removes the handler when the run is over.
 */
export function stopOnCtrlC(): { isCancelled(): boolean; dispose(): void } {
  let cancelled = false;
  const onSigint = (): void => {
    if (cancelled) process.exit(130);
    cancelled = true;
    note('\nstopping after the current batch (Ctrl-C again to quit now)...');
  };
  process.on('SIGINT', onSigint);
  return { isCancelled: () => cancelled, dispose: () => { process.off('SIGINT', onSigint); } };
}
