/**
 * Every user-facing string exists in English and Korean: the manifest's `%key%` strings
 * (package.nls.json / package.nls.ko.json), every `vscode.l10n.t` call in src/ and every string of the
 * webview's tables and every coded message of the worker, engine and readers (src/shared/messages/;
 * l10n/bundle.l10n.ko.json, keyed by the English text). A string in one language only
 * fails here, and so does a translation whose `{n}` placeholders differ from the English, and so does a
 * host string a user reads (a notification, an error, a picker's title, a status text) that bypasses
 * `vscode.l10n.t` in src/extension/.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../../src/scripts/projectRoot';
import { ENGLISH_STRINGS, STRING_TABLES } from '../../../webview/l10n/tables';
import { placeholders } from '../../../webview/l10n/strings';
import { MESSAGES, MESSAGE_TABLES } from '../../../src/shared/messages/catalog';
import { untranslatedLiterals } from './untranslated';

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

/**
 * Literals the scanner finds in src/extension/ that rightly stay as they are. Each must still be found
 * (a stale entry fails), so the list cannot outlive the code it excuses.
 */
const STAYS_ENGLISH: Array<{ file: string; text: string; why: string }> = [
  // Error class names (`error.name`): the code tells errors apart by them; no one reads them.
  { file: 'src/extension/userErrors.ts', text: 'UserError', why: 'an Error class name' },
  { file: 'src/extension/workerClient.ts', text: 'WorkerCallError', why: 'an Error class name' },
  { file: 'src/extension/workerClient.ts', text: 'WorkerCrashedError', why: 'an Error class name' },
  // The hover's link target `command:<id>`, not text.
  { file: 'src/extension/hover.ts', text: '](command:', why: 'a command link' },
  // Pure modules without `vscode` (unit-tested outside VS Code), guarding invariants of our own code:
  // a nonce we create, the webview's cspSource, a beam the worker never returns empty.
  { file: 'src/extension/panelHtml.ts', text: 'renderPanelHtml: the nonce must be at least 16 base64 characters (use createNonce())', why: 'a programming error' },
  { file: 'src/extension/panelHtml.ts', text: "renderPanelHtml: unexpected cspSource '", why: 'a programming error' },
  { file: 'src/extension/views.ts', text: "Model '", why: 'a programming error' },
  { file: 'src/extension/views.ts', text: "' returned no hypothesis.", why: 'a programming error' },
];

describe('l10n: English and Korean', () => {
  it('finds l10n.t literals and refuses computed ones', () => {
    assert.deepStrictEqual(l10nCalls("vscode.l10n.t('A {0}', x); l10n.t(\"B's\"); l10n.t(`C`)"), ['A {0}', "B's", 'C']);
    assert.deepStrictEqual(l10nCalls('vscode.l10n.t(`D ${x}`); vscode.l10n.t(name)'), [null, null]);
    assert.deepStrictEqual(l10nCalls("vscode.l10n.t('It\\'s {0}…', n)"), ["It's {0}…"]);
  });

  it('finds user-facing literals that bypass l10n.t, and only those', () => {
    const found = (source: string): string[] => untranslatedLiterals(source).map(u => `${u.where} ${u.text}`);
    assert.deepStrictEqual(found([
      "throw new UserError('No model yet.', [{ title: 'Train', command: 'workbench.trust.manage' }]);",
      'throw new UserError(`Run ${id} is busy`);',
      "throw new UserError(n ? 'Several left.' : vscode.l10n.t('None left.'));",
      "void vscode.window.showWarningMessage(`${error.message} Try again.`, 'Retry');",
      "await vscode.window.showQuickPick(items, { title: 'Pick one', placeHolder: `Of ${n}`, prompt: \"Why\" });",
      "quickPick.placeholder = 'Active model';",
      "status.text = `$(sync~spin) Training: ${detail}`;",
      "reject(new WorkerCallError('cancelled', 'Cancelled.'));",
      "void reportErrors('Show Model Card', () => show());",
    ].join('\n')), [
      'new UserError No model yet.', 'title: Train', 'new UserError Run ', 'new UserError  is busy', 'new UserError Several left.',
      'showWarningMessage  Try again.', 'showWarningMessage Retry', 'title: Pick one', 'placeHolder: Of ', 'prompt: Why',
      '.placeholder = Active model', '.text = $(sync~spin) Training: ', 'new WorkerCallError Cancelled.', 'reportErrors Show Model Card',
    ]);
    assert.deepStrictEqual(found([
      "throw new UserError(vscode.l10n.t('No model with the id {0}.', id), [{ title: vscode.l10n.t('Select'), command: Commands.selectModel }]);",
      'throw new UserError(error.message);',
      "void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0}.', name));",
      "items.push({ label: `$(check) ${m.label}`, description: m.kind === 'external' ? format : '', detail: `${a} · ${b}` });",
      "status.text = `$(symbol-namespace) ${id}`;",
      "log.info('Starting the model worker'); const x = { kind: 'translation', command: 'workbench.action.openSettings' };",
      "const title = SIZE_PRESETS['small'].label; vscode.window.showQuickPick(items, { title });",
    ].join('\n')), []);
    assert.strictEqual(untranslatedLiterals("x;\nthrow new UserError('Two');")[0]?.line, 2);
  });

  it('sends every user-facing host literal in src/extension/ through l10n.t', () => {
    const found: string[] = [];
    const excused = new Set<number>();
    const files = tsFiles(path.join(root, 'src', 'extension'));
    assert.ok(files.length > 20, `src/extension has ${files.length} files`);
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      for (const u of untranslatedLiterals(fs.readFileSync(file, 'utf8'))) {
        const allowed = STAYS_ENGLISH.findIndex(a => a.file === rel && a.text === u.text);
        if (allowed >= 0) excused.add(allowed);
        else found.push(`${rel}:${u.line} (${u.where}): ${JSON.stringify(u.text)}`);
      }
    }
    assert.deepStrictEqual(found, [], 'user-facing literals without vscode.l10n.t (wrap them, or excuse them in STAYS_ENGLISH with a reason)');
    const stale = STAYS_ENGLISH.filter((_, k) => !excused.has(k)).map(a => `${a.file}: ${a.text}`);
    assert.deepStrictEqual(stale, [], 'STAYS_ENGLISH entries that no longer match any literal');
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
      if (key.endsWith('.markdown')) {
        // A walkthrough page: a Korean file of its own, not Korean text.
        assert.notStrictEqual(text, en[key], `package.nls.ko.json: ${key} names the English page`);
        assert.match(fs.readFileSync(path.join(root, text), 'utf8'), /[\uac00-\ud7a3]/, `package.nls.ko.json: ${key}: ${text} is not Korean`);
        continue;
      }
      if (/[A-Za-z]{4,}/.test(en[key]) && key !== 'category') assert.match(text, /[\uac00-\ud7a3]/, `package.nls.ko.json: ${key} is not Korean: ${text}`);
    }
  });

  it('has every runtime and webview string in the Korean bundle, and nothing else', () => {
    const ko = readJson('l10n/bundle.l10n.ko.json') as Record<string, string>;
    const host = hostStrings();
    assert.ok(host.size > 20, `src/ has ${host.size} l10n.t strings`);
    const expected = new Map<string, string>(host);
    for (const [id, english] of Object.entries(ENGLISH_STRINGS)) expected.set(english, `webview string ${id}`);
    for (const [code, english] of Object.entries(MESSAGES)) expected.set(english, `coded message ${code}`);
    const missing = [...expected].filter(([english]) => !(english in ko)).map(([english, from]) => `${JSON.stringify(english)} (${from})`);
    assert.deepStrictEqual(missing, [], 'English strings without Korean');
    const extra = Object.keys(ko).filter(k => !expected.has(k));
    assert.deepStrictEqual(extra, [], 'Korean strings whose English no longer exists');
    for (const [english, korean] of Object.entries(ko)) {
      assert.strictEqual(placeholders(korean), placeholders(english), `placeholders differ: ${english} -> ${korean}`);
      // A template of placeholders and punctuation alone ("{file}: {reason}") has no words to translate.
      const words = /[A-Za-z]/.test(english.replace(/\{[A-Za-z0-9_]+\}/g, ''));
      if (words) assert.match(korean, /[\uac00-\ud7a3]/, `not Korean: ${english} -> ${korean}`);
    }
  });

  it('gives every coded message one code across the tables', () => {
    const codes = MESSAGE_TABLES.flatMap(table => Object.keys(table));
    assert.strictEqual(new Set(codes).size, codes.length, `duplicate codes: ${codes.filter((c, k) => codes.indexOf(c) !== k).join(', ')}`);
    assert.ok(codes.length > 100, `${codes.length} coded messages`);
  });

  it('compares numbered and named placeholders', () => {
    assert.strictEqual(placeholders('{1} and {0}, {1}'), '0,1');
    assert.strictEqual(placeholders("Model file '{file}': {reason}"), 'file,reason');
    assert.notStrictEqual(placeholders('{file}: {reason}'), placeholders('{file}: {reasons}'));
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
