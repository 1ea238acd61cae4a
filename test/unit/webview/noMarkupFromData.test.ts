/**
 * Dataset text must only ever become text: the webview sources may not use any API that parses a string
 * as HTML, nor write inline styles (the CSP forbids them; CSS variables via style.setProperty are fine).
 * The rules live in eslint.config.mjs (the `lint` step of npm test); this test checks that each rule
 * catches what it names, that the webview passes them, and that the CSS variables set are read.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../harness/paths';

interface LintMessage { ruleId: string | null; message: string }
interface LintResult { messages: LintMessage[]; filePath: string }
interface ESLintApi { lintText(code: string, options: { filePath: string }): Promise<LintResult[]>; lintFiles(patterns: string[]): Promise<LintResult[]> }

const FORBIDDEN: [string, string][] = [
  ['el.innerHTML = text;', 'innerHTML'],
  ['const s = el.outerHTML;', 'outerHTML'],
  ["el.insertAdjacentHTML('beforeend', text);", 'insertAdjacentHTML'],
  ['document.write(text);', 'document.write'],
  ['range.createContextualFragment(text);', 'createContextualFragment'],
  ["new DOMParser().parseFromString(text, 'text/html');", 'DOMParser'],
  ['eval(text);', 'eval'],
  ["new Function('return 1');", 'new Function'],
  ["el.setAttribute('style', 'color: red');", "setAttribute('style')"],
  ["el.style.cssText = 'color: red';", 'style.cssText'],
  ["el.style.color = 'red';", 'style.x ='],
];

async function eslint(): Promise<ESLintApi> {
  // eslint's Node API (an ES module package); loaded at run time from this project's devDependencies.
  const { ESLint } = await import('eslint') as unknown as { ESLint: new (o: { cwd: string }) => ESLintApi };
  return new ESLint({ cwd: projectRoot() });
}

describe('webview sources: no markup from data', function () {
  this.timeout(120_000);
  const dir = path.join(projectRoot(), 'webview');

  it('the lint rules refuse every API that parses data as HTML or writes an inline style', async () => {
    const lint = await eslint();
    const filePath = path.join(dir, 'lint-probe.ts');
    for (const [code, name] of FORBIDDEN) {
      const [result] = await lint.lintText(`declare const el: HTMLElement, text: string, range: Range;\n${code}\n`, { filePath });
      const rules = result.messages.map(m => m.ruleId);
      assert.ok(rules.includes('no-restricted-syntax'), `${name} is not refused: ${JSON.stringify(result.messages)}`);
    }
    const [allowed] = await lint.lintText("declare const el: HTMLElement;\nel.style.setProperty('--w', '0.5');\nel.textContent = 'x';\n", { filePath });
    assert.deepStrictEqual(allowed.messages, [], 'CSS variables and text stay allowed');
  });

  it('the webview sources pass those rules', async () => {
    const results = await (await eslint()).lintFiles([path.join(dir, '*.ts')]);
    assert.ok(results.length >= 10, `only ${results.length} webview files linted`);
    const problems = results.flatMap(r => r.messages.map(m => `${path.basename(r.filePath)}: ${m.ruleId}: ${m.message}`));
    assert.deepStrictEqual(problems, []);
  });

  it('only sets the custom properties the stylesheet reads', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('main.ts') && files.includes('heatmap.ts'), files.join(', '));
    const css = fs.readFileSync(path.join(dir, 'style.css'), 'utf8');
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/style\.setProperty\('(--[\w-]+)'/g)) {
        assert.ok(css.includes(`var(${m[1]}`), `${f} sets ${m[1]} but style.css never reads it`);
      }
    }
  });
});
