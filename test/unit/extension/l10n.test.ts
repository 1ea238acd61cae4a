/**
 * Every user-facing string exists in English and Korean: the manifest's `%key%` strings
 * (package.nls.json / package.nls.ko.json), every `vscode.l10n.t` call in src/ and every string of the
 * webview's tables (l10n/bundle.l10n.ko.json, keyed by the English text). A string in one language only
 * fails here, and so does a translation whose `{n}` placeholders differ from the English.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../../src/scripts/projectRoot';
import { ENGLISH_STRINGS, STRING_TABLES } from '../../../webview/l10n/tables';
import { placeholders } from '../../../webview/l10n/strings';

const root = projectRoot();
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The first argument of every `l10n.t(` call: a literal's value, or null when it is not a plain literal. */
export function l10nCalls(source: string): Array<string | null> {
  const calls: Array<string | null> = [];
  const call = /\bl10n\.t\(\s*/g;
  for (let m = call.exec(source); m; m = call.exec(source)) {
    const rest = source.slice(m.index + m[0].length);
    const literal = /^(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*[,)]/s.exec(rest);
    if (!literal || (literal[1] === '`' && literal[2].includes('${'))) calls.push(null);
    // Our own source's literal (no `${`): evaluating it decodes its escapes exactly as the compiler does.
    else calls.push(new Function(`return ${literal[1]}${literal[2]}${literal[1]};`)() as string);
  }
  return calls;
}

/** Strings of `vscode.l10n.t` calls in src/, with the files they come from. */
function hostStrings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of tsFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file);
    for (const text of l10nCalls(fs.readFileSync(file, 'utf8'))) {
      assert.notStrictEqual(text, null, `${rel}: vscode.l10n.t takes a string literal (with {0} placeholders), so its translation can be checked`);
      found.set(text as string, rel);
    }
  }
  return found;
}

describe('l10n: English and Korean', () => {
  it('finds l10n.t literals and refuses computed ones', () => {
    assert.deepStrictEqual(l10nCalls("vscode.l10n.t('A {0}', x); l10n.t(\"B's\"); l10n.t(`C`)"), ['A {0}', "B's", 'C']);
    assert.deepStrictEqual(l10nCalls('vscode.l10n.t(`D ${x}`); vscode.l10n.t(name)'), [null, null]);
    assert.deepStrictEqual(l10nCalls("vscode.l10n.t('It\\'s {0}…', n)"), ["It's {0}…"]);
  });

  it('declares the l10n folder in the manifest', () => {
    const pkg = readJson('package.json') as { l10n?: string };
    assert.strictEqual(pkg.l10n, './l10n');
  });

  it('has every manifest string in English and Korean', () => {
    const en = readJson('package.nls.json') as Record<string, string>;
    const ko = readJson('package.nls.ko.json') as Record<string, string>;
    const used = [...fs.readFileSync(path.join(root, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map(m => m[1]);
    assert.ok(used.length > 20, `the manifest uses ${used.length} %keys%`);
    for (const key of used) assert.ok(key in en, `package.json uses %${key}%, which package.nls.json lacks`);
    assert.deepStrictEqual(Object.keys(ko).sort(), Object.keys(en).sort(), 'package.nls.ko.json has exactly the keys of package.nls.json');
    for (const [key, text] of Object.entries(ko)) {
      assert.ok(typeof text === 'string' && text.trim() !== '', `package.nls.ko.json: ${key} is empty`);
      if (/[A-Za-z]{4,}/.test(en[key]) && key !== 'category') assert.match(text, /[\uac00-\ud7a3]/, `package.nls.ko.json: ${key} is not Korean: ${text}`);
    }
  });

  it('has every runtime and webview string in the Korean bundle, and nothing else', () => {
    const ko = readJson('l10n/bundle.l10n.ko.json') as Record<string, string>;
    const host = hostStrings();
    assert.ok(host.size > 20, `src/ has ${host.size} l10n.t strings`);
    const expected = new Map<string, string>(host);
    for (const [id, english] of Object.entries(ENGLISH_STRINGS)) expected.set(english, `webview string ${id}`);
    const missing = [...expected].filter(([english]) => !(english in ko)).map(([english, from]) => `${JSON.stringify(english)} (${from})`);
    assert.deepStrictEqual(missing, [], 'English strings without Korean');
    const extra = Object.keys(ko).filter(k => !expected.has(k));
    assert.deepStrictEqual(extra, [], 'Korean strings whose English no longer exists');
    for (const [english, korean] of Object.entries(ko)) {
      assert.strictEqual(placeholders(korean), placeholders(english), `placeholders differ: ${english} -> ${korean}`);
      assert.match(korean, /[\uac00-\ud7a3]/, `not Korean: ${english} -> ${korean}`);
    }
  });

  it('gives every webview string one id across the tables', () => {
    const ids = STRING_TABLES.flatMap(table => Object.keys(table));
    assert.strictEqual(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, k) => ids.indexOf(id) !== k).join(', ')}`);
    assert.strictEqual(Object.keys(ENGLISH_STRINGS).length, ids.length);
  });
});

describe('manifest: Translate Selection keybinding', () => {
  it('binds Ctrl+Alt+A (Cmd+Alt+A on macOS) in a focused editor', () => {
    const pkg = readJson('package.json') as { contributes: { keybindings?: Array<{ command: string; key: string; mac?: string; when?: string }> } };
    const binding = pkg.contributes.keybindings?.find(k => k.command === 'seq2seqAttention.translateSelection');
    assert.deepStrictEqual(binding, { command: 'seq2seqAttention.translateSelection', key: 'ctrl+alt+a', mac: 'cmd+alt+a', when: 'editorTextFocus' });
  });
});
