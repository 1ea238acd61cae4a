/**
 * The project root for scripts and tests that run from compiled JavaScript (`out/...`) or from a bundle:
 * walks up to the package.json that names this extension, so no caller depends on its folder depth.
 */
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'seq2seq-attention-explorer';

let cachedRoot: string | undefined;

/** The project root: walks up from this file to the package.json of the extension. */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === PACKAGE_NAME) {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // A broken package.json further down (e.g. in a fixture) is not ours: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find the package.json of ${PACKAGE_NAME} above ${__dirname}`);
    dir = parent;
  }
}
