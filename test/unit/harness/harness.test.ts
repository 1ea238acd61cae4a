/**
 * Unit tests of the test harness's pure parts: the VS Code command line the shim receives from
 * `runTests`, the result marker the integration index prints, and the console format of the workbench.
 */
import * as assert from 'assert';
import { formatConsoleArgs } from '../../harness/browser';
import { parseShimArgs } from '../../harness/codeShim';
import { parseResultMarker, RESULT_MARKER } from '../../harness/results';

describe('harness: code shim arguments', () => {
  it('reads the arguments @vscode/test-electron runTests passes', () => {
    const args = parseShimArgs([
      '/ws/sample-workspace',
      '--user-data-dir=/tmp/ud',
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--extensionTestsPath=/p/out/test/integration/index.js',
      '--extensionDevelopmentPath=/p',
      '--extensions-dir=/tmp/ext',
    ]);
    assert.deepStrictEqual(args.extensionDevelopmentPaths, ['/p']);
    assert.strictEqual(args.extensionTestsPath, '/p/out/test/integration/index.js');
    assert.strictEqual(args.userDataDir, '/tmp/ud');
    assert.strictEqual(args.extensionsDir, '/tmp/ext');
    assert.strictEqual(args.folder, '/ws/sample-workspace');
    assert.deepStrictEqual(args.ignored, ['--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome']);
  });

  it('accepts space-separated values and several development paths', () => {
    const args = parseShimArgs(['--extensionDevelopmentPath', '/a', '--extensionDevelopmentPath=/b', '--user-data-dir', '/u']);
    assert.deepStrictEqual(args.extensionDevelopmentPaths, ['/a', '/b']);
    assert.strictEqual(args.userDataDir, '/u');
    assert.strictEqual(args.folder, undefined);
  });

  it('refuses a flag without its value and a second folder', () => {
    assert.throws(() => parseShimArgs(['--extensionTestsPath']), /needs a value/);
    assert.throws(() => parseShimArgs(['/one', '/two']), /Only one folder/);
  });
});

describe('harness: result marker', () => {
  it('finds the last marker among other output', () => {
    const output = [
      'noise',
      `${RESULT_MARKER}{"passed":1,"failed":1,"pending":0}`,
      `[ext] ${RESULT_MARKER}{"passed":3,"failed":0,"pending":2}`,
      'Exit code:   0',
    ].join('\n');
    assert.deepStrictEqual(parseResultMarker(output), { passed: 3, failed: 0, pending: 2 });
  });

  it('returns undefined without a well-formed marker', () => {
    assert.strictEqual(parseResultMarker('3 passing'), undefined);
    assert.strictEqual(parseResultMarker(`${RESULT_MARKER}{"passed":`), undefined);
    assert.strictEqual(parseResultMarker(`${RESULT_MARKER}{"passed":"3","failed":0}`), undefined);
  });
});

describe('harness: workbench console format', () => {
  it("formats the extension host's console arguments after the two style arguments", () => {
    const out = formatConsoleArgs(['%c INFO', 'color: #33f', '    ✔ %s (%dms)', 'activates', 77], 'fallback');
    assert.deepStrictEqual(out, { fromExtensionHost: true, text: '    ✔ activates (77ms)', noise: false });
  });

  it('marks known startup noise and cuts errors to their first line', () => {
    const out = formatConsoleArgs(['%c  ERR', 'color: #f33', 'Error: Could not locate the bindings file. Tried:\n → x'], 'f');
    assert.deepStrictEqual(out, { fromExtensionHost: true, text: '[ERR] Error: Could not locate the bindings file. Tried:', noise: true });
  });

  it('keeps plain browser messages apart', () => {
    assert.deepStrictEqual(formatConsoleArgs(['hello'], 'hello'), { fromExtensionHost: false, text: 'hello', noise: false });
  });
});
