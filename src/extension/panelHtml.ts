/**
 * The panel's HTML shell (pure: no `vscode` import, unit-tested). Strict CSP: scripts only by nonce,
 * styles/images/fonts only from the webview's own resource origin, no inline script or style at all.
 * The page holds no data: the script asks for the view with `ready` (or redraws the saved state).
 */
import { randomBytes } from 'crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: one or more source expressions, e.g. "'self' https://*.vscode-cdn.net". */
  cspSource: string;
  /** A fresh value per render, see `createNonce`. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string. */
  styleUri: string;
}

/** A CSP nonce: 128 random bits, base64 (the CSP grammar's base64-value). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The CSP of the panel (exported for tests and for the host's own checks). */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderPanelHtml(opts: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(opts.nonce)) {
    throw new Error('renderPanelHtml: the nonce must be at least 16 base64 characters (use createNonce())');
  }
  // cspSource is a list of source expressions (code-server: "'self' https://*.vscode-cdn.net"); it must not
  // be able to end the directive or the attribute.
  const source = opts.cspSource.trim().replace(/\s+/g, ' ');
  if (source === '' || /[;,"<>]/.test(source)) {
    throw new Error(`renderPanelHtml: unexpected cspSource '${opts.cspSource}'`);
  }
  const csp = panelCsp(source, opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(opts.styleUri)}">
<title>Attention Explorer</title>
</head>
<body>
<noscript>The Attention Explorer panel needs scripts enabled.</noscript>
<script nonce="${escapeAttr(opts.nonce)}" src="${escapeAttr(opts.scriptUri)}"></script>
</body>
</html>
`;
}
