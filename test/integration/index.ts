/**
 * The mocha runner loaded inside the VS Code extension host (`extensionTestsPath` =
 * out/test/integration/index.js). It runs every `suite/**\/*.test.js` compiled next to it, prints mocha's
 * spec report to the console (the harness forwards it to the terminal) and a one-line JSON result marker
 * that test/harness/runIntegration.ts counts. `run()` rejects when any test failed, which makes VS Code
 * exit with 1.
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/** Keep in sync with RESULT_MARKER in test/harness/results.ts (not imported: this file runs in the host). */
const RESULT_MARKER = 'SEQ2SEQ_MOCHA_RESULT ';

export async function run(): Promise<void> {
  const suiteDir = path.resolve(__dirname, 'suite');
  const files = fs.existsSync(suiteDir)
    ? fs
        .readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.test.js'))
        .map((name) => path.join(suiteDir, name))
        .sort()
    : [];
  if (files.length === 0) throw new Error(`No integration tests (*.test.js) under ${suiteDir}`);

  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.SEQ2SEQ_INTEGRATION_TIMEOUT_MS || 120_000),
    grep: process.env.SEQ2SEQ_INTEGRATION_GREP || undefined,
  });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      console.log(
        `${RESULT_MARKER}${JSON.stringify({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 })}`,
      );
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
  });
}
