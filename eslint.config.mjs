// The project's lint rules (`npx eslint .`, a step of `npm test`). Beside a few TypeScript checks they
// hold the architecture: the webview never parses data as HTML nor writes inline styles (strict CSP),
// shared code and the worker never import `vscode`, tfjs stays out of the host bundle.
import tseslint from 'typescript-eslint';

/** APIs that parse a string as HTML or run it as code: data must only ever become text. */
const MARKUP_FROM_DATA = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML parses data as HTML: build nodes (dom.ts h()) with text.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML parses data as HTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML parses data as HTML.' },
  { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'document.write parses data as HTML.' },
  { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'createContextualFragment parses data as HTML.' },
  { selector: "NewExpression[callee.name='DOMParser']", message: 'DOMParser parses data as HTML.' },
  { selector: "CallExpression[callee.name='eval']", message: 'eval runs data as code.' },
  { selector: "NewExpression[callee.name='Function']", message: 'new Function runs data as code.' },
  { selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value='style']", message: "setAttribute('style') writes an inline style, which the CSP forbids: use a class or style.setProperty('--var')." },
  { selector: "MemberExpression[object.property.name='style'][property.name='cssText']", message: 'style.cssText writes an inline style, which the CSP forbids.' },
  {
    selector: "AssignmentExpression > MemberExpression.left[object.property.name='style']",
    message: "style.x = writes an inline style, which the CSP forbids: use a CSS class, or style.setProperty('--var') for a CSS variable.",
  },
];

const NO_VSCODE = { name: 'vscode', message: 'Shared code and the worker run outside the extension host: no vscode import.' };

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'dist-vsix/**', 'node_modules/**', '.vscode-test/**', 'test-results/**',
      'src/native/build/**', 'test/fixtures/**', 'test/harness/server/**', 'media/**'],
  },
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', ignoreRestSiblings: true, caughtErrors: 'none' }],
      'no-debugger': 'error',
      'no-control-regex': 'error',
      'no-var': 'error',
      'prefer-const': ['error', { destructuring: 'all' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...MARKUP_FROM_DATA] },
  },
  {
    files: ['src/shared/**/*.ts', 'src/worker/**/*.ts', 'webview/**/*.ts', 'src/cli/**/*.ts', 'src/scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*'], message: 'tfjs runs in the worker bundle only: the host talks to it through WorkerClient.' },
          { group: ['**/shared/engine/index'], message: 'The engine runs in the worker: import types from shared/engine/types.' },
        ],
      }],
    },
  },
);
