import * as assert from 'assert';
import { exportFileName, INPUT_SLUG_BYTES, inputSlug, sharedModelPrefix, slug } from '../../../src/shared/text/exportFileName';

const name = (input: string | null, extra: Partial<Parameters<typeof exportFileName>[0]> = {}): string =>
  exportFileName({ modelId: 'date-formats-bahdanau', input, kind: 'heatmap', extension: 'svg', ...extra });

/** What every suggested name must be, whatever the input: one plain file name, no path. */
function assertSafe(file: string): void {
  assert.ok(!/[/\\:*?"<>|]/.test(file), `no path separator or reserved character in ${JSON.stringify(file)}`);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(file), `no control or bidi character in ${JSON.stringify(file)}`);
  assert.ok(!file.includes('..'), `no dot run in ${JSON.stringify(file)}`);
  assert.ok(!/^[-.]/.test(file), `does not start with '-' or '.': ${JSON.stringify(file)}`);
  assert.ok(Buffer.byteLength(file, 'utf8') <= 200, `at most 200 bytes: ${Buffer.byteLength(file, 'utf8')}`);
}

describe('exportFileName (Export Attention suggestions)', () => {
  it('names the model, the input, the kind and the format', () => {
    assert.strictEqual(name('september 27, 1994'), 'date-formats-bahdanau-september-27-1994-heatmap.svg');
    assert.strictEqual(name('Sun 20 Jan 2019', { kind: 'comparison', modelId: 'date-formats', extension: 'png' }), 'date-formats-sun-20-jan-2019-comparison.png');
    assert.strictEqual(name('the student', { qualifier: 'words', extension: 'csv' }), 'date-formats-bahdanau-the-student-words-heatmap.csv');
    assert.strictEqual(exportFileName({ modelId: null, input: null, kind: 'training', extension: 'json' }), 'training.json');
  });

  it('gives different inputs different names', () => {
    const inputs = ['september 27, 1994', 'september 28, 1994', '20190120', '2019년 1월 20일', '!!!', '???', 'x'.repeat(500), `${'x'.repeat(499)}y`];
    const names = inputs.map((i) => name(i));
    assert.strictEqual(new Set(names).size, inputs.length, names.join('\n'));
  });

  it('keeps Korean and other scripts as letters, folds full-width characters', () => {
    assert.strictEqual(name('2019년 1월 20일 (일)'), 'date-formats-bahdanau-2019년-1월-20일-일-heatmap.svg');
    assert.strictEqual(slug('Ｓｅｐｔ １２', 40).text, 'sept-12');
    assert.strictEqual(slug('L\u2019étudiant dort.', 40).text, 'l-étudiant-dort');
    // Decomposed Hangul (jamo) composes into the same syllables.
    assert.strictEqual(slug('\u1112\u1161\u11ab\u1100\u1173\u11af', 40).text, '한글');
  });

  it('turns path traversal, NUL, controls and bidi overrides into plain dashes', () => {
    for (const hostile of ['../../etc/passwd', '..\\..\\win.ini', 'a\u0000b', 'C:\\x', '/abs/path', 'rtl\u202Etxt.exe', 'tab\tnew\nline', '..', '.hidden', 'a/../b', 'con', 'x:y*z?"<>|']) {
      const file = name(hostile);
      assertSafe(file);
      assert.ok(file.startsWith('date-formats-bahdanau-') && file.endsWith('-heatmap.svg'), file);
    }
    assert.strictEqual(name('../../etc/passwd'), 'date-formats-bahdanau-etc-passwd-heatmap.svg');
    assert.strictEqual(name('a\u0000b'), 'date-formats-bahdanau-a-b-heatmap.svg');
    // The model id and the extension are slugged too (a trained model's id is the user's choice).
    assertSafe(exportFileName({ modelId: '../../mine', input: 'x', kind: 'heatmap', extension: '../svg' }));
  });

  it('bounds a very long input in UTF-8 bytes and tags it with a hash of the whole text', () => {
    const long = inputSlug('word '.repeat(1000));
    assert.ok(Buffer.byteLength(long, 'utf8') <= INPUT_SLUG_BYTES + 7, long);
    assert.match(long, /^word(-word)+-[0-9a-f]{6}$/, 'cut at a word boundary, then the hash');
    const korean = inputSlug('가'.repeat(1000));
    assert.ok(Buffer.byteLength(korean, 'utf8') <= INPUT_SLUG_BYTES + 7);
    assert.match(korean, /^가+-[0-9a-f]{6}$/, 'never cut inside a syllable');
    assertSafe(name('한'.repeat(10_000)));
    assert.notStrictEqual(inputSlug(`${'a '.repeat(100)}1`), inputSlug(`${'a '.repeat(100)}2`), 'the hash tells apart inputs that differ after the cut');
  });

  it('names an input of punctuation only by its hash', () => {
    assert.match(inputSlug('!!!'), /^input-[0-9a-f]{6}$/);
    assert.match(name('.,;:!?'), /^date-formats-bahdanau-input-[0-9a-f]{6}-heatmap\.svg$/);
    assert.strictEqual(inputSlug('!!!'), inputSlug('!!!'), 'the same input gets the same name');
    assert.notStrictEqual(inputSlug('!!!'), inputSlug('!?!'));
  });

  it('names a comparison by the id prefix its models share', () => {
    assert.strictEqual(sharedModelPrefix(['date-formats-bahdanau', 'date-formats-luong-dot', 'date-formats-baseline']), 'date-formats');
    assert.strictEqual(sharedModelPrefix(['date-bahdanau', 'date-peeky']), 'date');
    assert.strictEqual(sharedModelPrefix(['en-fr-sub']), 'en-fr-sub');
    assert.strictEqual(sharedModelPrefix(['alpha', 'beta']), null);
    assert.strictEqual(sharedModelPrefix([]), null);
  });
});
