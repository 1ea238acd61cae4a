/**
 * Finds host strings a user reads that bypass `vscode.l10n.t` (so they would stay English in Korean):
 * string and template literals with words in them, in the places where host code speaks to the user.
 * It parses with the TypeScript compiler, so a literal in a conditional or a template part is found as
 * surely as a plain argument. The first argument of an `l10n.t(` call is not looked at here: l10nCalls
 * checks those against the Korean bundle.
 */
import * as ts from 'typescript';

export interface UntranslatedLiteral {
  /** 1-based line of the literal. */
  line: number;
  /** The literal's text (for a template, the part between its `${}`s). */
  text: string;
  /** Where it was found: `new UserError`, `showWarningMessage`, `title:`, `.text =`, … */
  where: string;
}

/** Notifications (`window.show…Message`) and hover text: every argument (the message, the button titles). */
const SPEAKING_METHODS = /^(show(Error|Warning|Information)Message|appendMarkdown)$/;
/**
 * Calls and constructors with the index of their argument that reaches the user: the project's
 * notification helpers (`reportErrors` names the command in "X failed: …"), errors (a notification shows
 * their message) and diagnostics (the Problems panel).
 */
const SPEAKING_ARGUMENT = new Map([
  ['UserError', 0], ['Error', 0], ['WorkerCrashedError', 0], ['WorkerCallError', 1], ['Diagnostic', 1],
  ['reportErrors', 0], ['showError', 0], ['showInfo', 0],
]);
/** Option and item properties of quick picks, input boxes, dialogs, progress reports and action buttons. */
const OPTION_KEYS = new Set(['title', 'placeHolder', 'prompt', 'openLabel', 'label', 'description', 'detail', 'tooltip', 'message', 'validateInput']);
/** Properties of a QuickPick, status bar item or diagnostic set by assignment. */
const ASSIGNED_KEYS = new Set(['title', 'placeholder', 'prompt', 'tooltip', 'text', 'name', 'description', 'source']);
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Text a reader reads: a letter that is not part of a `$(codicon)` reference. */
const hasWords = (text: string): boolean => /[A-Za-z]/.test(text.replace(/\$\([a-z0-9~-]+\)/g, ''));

function isL10nCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't'
    && /\bl10n$/.test(node.expression.expression.getText());
}

/** `f` of `f(…)`, `a.b.f(…)` and `new a.F(…)`. */
function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  return ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
}

function keyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

export function untranslatedLiterals(source: string): UntranslatedLiteral[] {
  const file = ts.createSourceFile('scanned.ts', source, ts.ScriptTarget.Latest, true);
  const found = new Map<number, UntranslatedLiteral>();

  /** Every worded literal inside `expression`, except within l10n.t calls, comparisons and index keys. */
  const collect = (expression: ts.Node, where: string): void => {
    const walk = (node: ts.Node): void => {
      if (isL10nCall(node)) return;
      if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) return;
      if (ts.isElementAccessExpression(node)) {
        walk(node.expression);
        return;
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        if (hasWords(node.text) && !found.has(node.getStart())) {
          found.set(node.getStart(), { line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text, where });
        }
        return;
      }
      ts.forEachChild(node, walk);
    };
    walk(expression);
  };

  const visit = (node: ts.Node): void => {
    const callee = ts.isNewExpression(node) || ts.isCallExpression(node) ? calleeName(node.expression) : undefined;
    const args = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.arguments ?? ts.factory.createNodeArray() : undefined;
    const what = `${ts.isNewExpression(node) ? 'new ' : ''}${callee}`;
    const spoken = callee === undefined ? undefined : SPEAKING_ARGUMENT.get(callee);
    if (args && spoken !== undefined && args[spoken]) {
      collect(args[spoken], what);
    } else if (callee && args && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SPEAKING_METHODS.test(callee)) {
      for (const arg of args) collect(arg, what);
    } else if (ts.isPropertyAssignment(node) && OPTION_KEYS.has(keyName(node.name) ?? '')) {
      collect(node.initializer, `${keyName(node.name)}:`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(node.left) && ASSIGNED_KEYS.has(node.left.name.text)) {
      collect(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found.values()].sort((a, b) => a.line - b.line);
}
