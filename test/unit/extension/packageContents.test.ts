/**
 * What the Marketplace and the Extensions view show comes from the packaged files: the README (which
 * must start with what a user does, and whose images must be in the package) and the files the
 * manifest points at. Both allow-lists (.vscodeignore for linux-x64, .vscodeignore-universal) are read
 * the way vsce reads them: patterns in order, `!` re-including.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../../src/scripts/projectRoot';

const root = projectRoot();
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const IGNORE_FILES = ['.vscodeignore', '.vscodeignore-universal'];

/** A .vscodeignore glob as a regular expression over a `/`-separated path relative to the root. */
function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether the allow-list in `ignoreFile` packages `file`. */
function packaged(ignoreFile: string, file: string): boolean {
  let included = true;
  for (const raw of read(ignoreFile).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\.?\//, '');
    if (globRegex(pattern).test(file)) included = negated;
  }
  return included;
}

/** The image paths of the README: Markdown images and HTML <img src>. */
function readmeImages(readme: string): { alt: string; src: string }[] {
  const md = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ alt: m[1], src: m[2] }));
  const html = [...readme.matchAll(/<img\b[^>]*\bsrc="([^"]+)"[^>]*>/g)].map((m) => ({ alt: /\balt="([^"]*)"/.exec(m[0])?.[1] ?? '', src: m[1] }));
  return [...md, ...html];
}

describe('package contents: README and manifest files', () => {
  it('reads allow-lists as vsce does', () => {
    assert.ok(globRegex('media/readme/**').test('media/readme/a.png'));
    assert.ok(!globRegex('media/readme/**').test('media/readmeX/a.png'));
    assert.ok(globRegex('**').test('src/x/y.ts'));
    assert.ok(globRegex('package.nls.*.json').test('package.nls.ko.json'));
    assert.ok(!globRegex('dist/*.js').test('dist/sub/x.js'));
    assert.ok(!packaged('.vscodeignore', 'src/extension/main.ts'), 'sources are left out');
    assert.ok(!packaged('.vscodeignore', 'test-results/screenshots/x.png'));
    assert.ok(packaged('.vscodeignore', 'dist/extension.js'));
    assert.ok(packaged('.vscodeignore', 'dist/seq2seq_native.node') && !packaged('.vscodeignore-universal', 'dist/seq2seq_native.node'),
      'the native module only in the linux-x64 package');
  });

  it("keeps the README's images in the package: relative paths to compact PNGs that exist", () => {
    const images = readmeImages(read('README.md'));
    assert.ok(images.length >= 2, `the README shows ${images.length} images`);
    for (const { alt, src } of images) {
      assert.ok(!/^[a-z]+:/i.test(src) && !src.startsWith('/') && !src.split('/').includes('..'), `${src}: a relative path inside the package`);
      assert.ok(alt.trim().length > 20, `${src}: says what it shows in its alt text`);
      const file = path.join(root, src);
      assert.ok(fs.existsSync(file), `${src} exists`);
      const bytes = fs.readFileSync(file);
      assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${src} is a PNG`);
      assert.ok(bytes.length <= 120_000, `${src} is compact: ${bytes.length} bytes`);
      for (const ignore of IGNORE_FILES) assert.ok(packaged(ignore, src), `${ignore} keeps ${src}`);
    }
  });

  it('starts the README with what a user does, then the developer commands as they were', () => {
    const readme = read('README.md');
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.strictEqual(headings[0], 'Get started');
    const start = readme.slice(readme.indexOf('## Get started'), readme.indexOf(`## ${headings[1]}`));
    assert.match(start, /select some text/i);
    assert.match(start, /Translate Selection/);
    assert.match(start, /heatmap/);
    assert.ok(start.includes('![') && start.includes('media/readme/'), 'a picture of the result in the first steps');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme);
    assert.ok(firstBlock, 'a shell block');
    assert.ok(firstBlock.index > readme.indexOf('## Get started'), 'the developer commands come after the user part');
    assert.deepStrictEqual(firstBlock[1].split('\n').filter(Boolean), [
      'npm start   # Run it: build, then open the extension in a real VS Code with a sample workspace',
      'npm test    # Test it: unit, integration (inside VS Code) and UI tests; ends with "N passed, N failed"',
    ]);
  });

  it('packages every file the manifest points at, in both packages', () => {
    const manifest = read('package.json');
    const pkg = JSON.parse(manifest) as { main: string; icon: string };
    const files = [pkg.main, pkg.icon, ...[...manifest.matchAll(/"(?:markdown|image|url|svg)":\s*"(\.?\/?(?:media|dist)\/[^"]+)"/g)].map((m) => m[1]),
      // Paths the manifest takes from its translations (the walkthrough's pages, one per language).
      ...['package.nls.json', 'package.nls.ko.json'].flatMap((f) => Object.values(JSON.parse(read(f)) as Record<string, string>)).filter((v) => /^(media|dist)\//.test(v)),
      ...fs.readdirSync(path.join(root, 'l10n')).map((f) => `l10n/${f}`), 'package.nls.json', 'package.nls.ko.json']
      .map((f) => f.replace(/^\.\//, ''));
    assert.ok(files.some((f) => f.startsWith('media/walkthrough/ko/')) && files.some((f) => f.startsWith('l10n/')), files.join(', '));
    for (const file of files) {
      assert.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
      for (const ignore of IGNORE_FILES) assert.ok(packaged(ignore, file), `${ignore} keeps ${file}`);
    }
  });
});
