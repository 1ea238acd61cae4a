import * as assert from 'assert';
import { createNonce, panelCsp, renderPanelHtml } from '../../../src/extension/panelHtml';

const opts = {
  cspSource: 'https://abc.vscode-cdn.net',
  nonce: 'AbCdEfGhIjKlMnOpQrStUv==',
  scriptUri: 'https://abc.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://abc.vscode-cdn.net/ext/dist/webview.css',
};

describe('extension/panelHtml', () => {
  it('sets the strict CSP', () => {
    assert.strictEqual(panelCsp(opts.cspSource, opts.nonce),
      "default-src 'none'; script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv=='; style-src https://abc.vscode-cdn.net; img-src https://abc.vscode-cdn.net data:; font-src https://abc.vscode-cdn.net");
    const html = renderPanelHtml(opts);
    assert.ok(html.includes(`content="default-src 'none'; script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv=='; style-src https://abc.vscode-cdn.net;`));
    assert.ok(!html.includes('unsafe-inline'));
    assert.ok(!html.includes('unsafe-eval'));
  });

  it('loads one external script by nonce and no inline script or style', () => {
    const html = renderPanelHtml(opts);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
    assert.ok(/<script[^>]*><\/script>/.test(html), 'the script element is empty');
    assert.ok(!/<style/i.test(html));
    assert.ok(!/\sstyle=/i.test(html));
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
    assert.ok(html.includes(`<link rel="stylesheet" href="${opts.styleUri}">`));
    assert.ok(html.includes('<meta charset="UTF-8">'));
  });

  it("accepts code-server's multi-source cspSource", () => {
    const html = renderPanelHtml({ ...opts, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.ok(html.includes("style-src 'self' https://*.vscode-cdn.net; img-src 'self' https://*.vscode-cdn.net data:; font-src 'self' https://*.vscode-cdn.net\""));
  });

  it('escapes URIs and refuses bad nonces or sources', () => {
    const html = renderPanelHtml({ ...opts, scriptUri: 'https://x/a.js?"><img src=x>' });
    assert.ok(html.includes('src="https://x/a.js?&quot;&gt;&lt;img src=x&gt;"'));
    assert.throws(() => renderPanelHtml({ ...opts, nonce: 'short' }), /nonce/);
    assert.throws(() => renderPanelHtml({ ...opts, cspSource: "x; script-src 'unsafe-inline'" }), /cspSource/);
    assert.throws(() => renderPanelHtml({ ...opts, cspSource: 'x" onload="y' }), /cspSource/);
    assert.throws(() => renderPanelHtml({ ...opts, cspSource: '  ' }), /cspSource/);
  });

  it('creates a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notStrictEqual(a, b);
    assert.strictEqual(Buffer.from(a, 'base64').length, 16);
    assert.doesNotThrow(() => renderPanelHtml({ ...opts, nonce: a }));
  });
});
