/**
 * Per-tier results, written as JSON by each tier runner and summed by test/harness/runAll.mjs into the closing
 * `N passed, N failed` line. A tier that cannot run writes `failed: 1` with a `note`, so a broken tier
 * can never look green.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface TierResult {
  tier: string;
  passed: number;
  failed: number;
  pending: number;
  /** Why the tier failed without test counts (e.g. "code-server did not start"). */
  note?: string;
}

/** The marker line the integration test index prints from inside the extension host. */
export const RESULT_MARKER = 'SEQ2SEQ_MOCHA_RESULT ';

export function writeResult(file: string | undefined, result: TierResult): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result)}\n`);
}

/** Finds the last `SEQ2SEQ_MOCHA_RESULT {...}` line in captured output. */
export function parseResultMarker(output: string): Omit<TierResult, 'tier'> | undefined {
  let found: Omit<TierResult, 'tier'> | undefined;
  for (const line of output.split(/\r?\n/)) {
    const at = line.indexOf(RESULT_MARKER);
    if (at === -1) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(at + RESULT_MARKER.length));
      if (typeof parsed === 'object' && parsed !== null) {
        const { passed, failed, pending } = parsed as Record<string, unknown>;
        if (typeof passed === 'number' && typeof failed === 'number') {
          found = { passed, failed, pending: typeof pending === 'number' ? pending : 0 };
        }
      }
    } catch {
      // A truncated marker line: keep looking.
    }
  }
  return found;
}

/** `--name value` options of the tier runners. */
export function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at !== -1 && at + 1 < argv.length ? argv[at + 1] : undefined;
}

/** Every file under `dir` (recursively) whose name ends with `suffix`, sorted. */
export function findFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(dir, name))
    .sort();
}
