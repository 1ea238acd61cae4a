/**
 * Dataset text must only ever become text: the webview sources may not use any API that parses a string
 * as HTML, nor write inline styles (the CSP forbids them; CSS variables via style.setProperty are fine).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../harness/paths';


const FORBIDDEN: [RegExp, string][] = [
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/insertAdjacentHTML/, 'insertAdjacentHTML'],
  [/document\.write/, 'document.write'],
  [/createContextualFragment/, 'createContextualFragment'],
  [/DOMParser/, 'DOMParser'],
  [/\beval\s*\(/, 'eval'],
  [/new Function\s*\(/, 'new Function'],
  [/setAttribute\(\s*['"]style['"]/, "setAttribute('style')"],
  [/\.style\.cssText/, 'style.cssText'],
  [/\.style\.(?!setProperty\b)[a-zA-Z]+\s*=/, 'style.x = (use CSS classes or style.setProperty for variables)'],
];

describe('webview sources: no markup from data', () => {
  const dir = path.join(projectRoot(), 'webview');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('has the webview sources to scan', () => {
    assert.ok(files.includes('main.ts') && files.includes('heatmap.ts') && files.includes('dom.ts'), files.join(', '));
  });

  it('uses no HTML-parsing API and no inline style anywhere in webview/', () => {
    const hits: string[] = [];
    for (const f of files) {
      const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name the APIs they avoid
        for (const [re, name] of FORBIDDEN) if (re.test(line)) hits.push(`${f}:${i + 1}: ${name}`);
      });
    }
    assert.deepStrictEqual(hits, []);
  });

  it('only sets the custom properties the stylesheet reads', () => {
    const css = fs.readFileSync(path.join(dir, 'style.css'), 'utf8');
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/style\.setProperty\('(--[\w-]+)'/g)) {
        assert.ok(css.includes(`var(${m[1]}`), `${f} sets ${m[1]} but style.css never reads it`);
      }
    }
  });
});
