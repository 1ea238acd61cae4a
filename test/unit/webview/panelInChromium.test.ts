/**
 * The panel's real DOM in headless Chromium: the page from renderPanelHtml (strict CSP) served from a
 * fake origin, the freshly bundled webview script, a fake acquireVsCodeApi, and views posted as the host
 * posts them. Checks the grid testing contract, keyboard focus, messages, exports, reload and the CSP.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNonce, renderPanelHtml } from '../../../src/extension/panelHtml';
import { isWebviewToHost, type HostToWebview, type WebviewToHost } from '../../../src/shared/protocol/webview';
import { comparison, lowConfidenceTranslation, mismatch, subwordEntry, subwordTranslation, training, trickyTranslation } from './sampleViews';
import { projectRoot } from '../../harness/paths';
import { koreanStrings } from './korean';

const ORIGIN = 'https://webview.test';
const CHROMIUM = '/usr/bin/chromium';


describe('webview panel in Chromium (strict CSP)', function () {
  this.timeout(60000);
  let browser: Browser;
  let bundle: string;
  let css: string;

  before(async () => {
    const root = projectRoot();
    const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webview-test-')), 'webview.js');
    buildSync({ entryPoints: [path.join(root, 'webview/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', outfile, logLevel: 'silent' });
    bundle = fs.readFileSync(outfile, 'utf8');
    css = fs.readFileSync(path.join(root, 'webview/style.css'), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
  });

  async function openPanel(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.route(`${ORIGIN}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/index.html') {
        return route.fulfill({ contentType: 'text/html', body: renderPanelHtml({ cspSource: `'self' ${ORIGIN}`, nonce: createNonce(), scriptUri: `${ORIGIN}/webview.js`, styleUri: `${ORIGIN}/webview.css` }) });
      }
      if (p === '/webview.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
      if (p === '/webview.css') return route.fulfill({ contentType: 'text/css', body: css });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __posted: unknown[]; __violations: string[]; acquireVsCodeApi: () => unknown };
      w.__posted = [];
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      let state: unknown = JSON.parse(sessionStorage.getItem('state') ?? 'null');
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => state,
        setState: (s: unknown) => { state = s; sessionStorage.setItem('state', JSON.stringify(s)); },
      });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForSelector('.panel-head');
    return { page, problems };
  }

  const send = (page: Page, msg: HostToWebview | Record<string, unknown>): Promise<void> => page.evaluate((m) => window.postMessage(m, '*'), msg);
  const posted = (page: Page): Promise<WebviewToHost[]> => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
  const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('posts ready, draws the heatmap grid of the testing contract, and keeps data as text', async () => {
    const { page, problems } = await openPanel();
    assert.deepStrictEqual(await posted(page), [{ type: 'ready' }]);
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    const grid = await page.evaluate(() => {
      const table = document.querySelector('table[role="grid"]') as HTMLTableElement;
      return {
        cols: [...table.querySelectorAll('th[scope="col"]')].map((th) => ({ text: th.textContent, label: th.getAttribute('aria-label'), token: (th as HTMLElement).dataset.token })),
        rows: [...table.querySelectorAll('th[scope="row"]')].map((th) => (th as HTMLElement).dataset.token),
        cells: [...table.querySelectorAll('[role="gridcell"]')].map((td) => td.getAttribute('aria-label')),
        tabStops: table.querySelectorAll('[tabindex="0"]').length,
        pageColHeaders: document.querySelectorAll('th[scope="col"]').length,
        pageRowHeaders: document.querySelectorAll('th[scope="row"]').length,
        markup: document.querySelectorAll('main b').length,
        heading: document.querySelector('article h3')?.textContent,
      };
    });
    assert.deepStrictEqual(grid.cols.map((c) => c.text), ['a,', '\u2423', '"<b>&']);
    assert.strictEqual(grid.cols[1].label, 'source 2: space');
    assert.strictEqual(grid.cols[1].token, ' ');
    assert.deepStrictEqual(grid.rows, ['사랑', 'x"y']);
    assert.strictEqual(grid.cells.length, 6);
    assert.strictEqual(grid.cells[0], "'사랑' <- 'a,': 0.70");
    assert.strictEqual(grid.cells[4], "'x\"y' <- 'space': 0.15");
    for (const label of grid.cells) assert.match(label ?? '', /: \d\.\d\d$/);
    assert.strictEqual(grid.tabStops, 1, 'roving tabindex: one tab stop in the grid');
    // Other tables (statistics, alternatives) must not add scoped headers a page-wide selector would count.
    assert.strictEqual(grid.pageColHeaders, 3);
    assert.strictEqual(grid.pageRowHeaders, 2);
    assert.strictEqual(grid.markup, 0, 'dataset text never becomes markup');
    assert.strictEqual(grid.heading, 'Bahdanau <test> & "co"');
    assert.deepStrictEqual(await violations(page), []);
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('moves focus with the keyboard, posts focusCell and announces the weight', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    assert.strictEqual(await page.$$eval('th.hl', (els) => els.length), 0, 'an unfocused grid marks no headers');
    await page.focus('[role="gridcell"][tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    const state = await page.evaluate(() => ({
      active: document.activeElement?.getAttribute('aria-label'),
      status: document.getElementById('status')?.textContent,
      rowHl: [...document.querySelectorAll('th[scope="row"].hl')].map((th) => (th as HTMLElement).dataset.token),
      colHl: [...document.querySelectorAll('th[scope="col"].hl')].map((th) => (th as HTMLElement).dataset.token),
      tabStops: document.querySelectorAll('table[role="grid"] [tabindex="0"]').length,
    }));
    assert.strictEqual(state.active, "'x\"y' <- '\"<b>&': 0.80");
    assert.strictEqual(state.status, "output 'x\"y' (p=0.90) attends to source '\"<b>&' at 0.80");
    assert.deepStrictEqual(state.rowHl, ['x"y']);
    assert.deepStrictEqual(state.colHl, ['"<b>&']);
    assert.strictEqual(state.tabStops, 1);
    const focusCells = (await posted(page)).filter((m) => m.type === 'focusCell');
    assert.deepStrictEqual(focusCells[focusCells.length - 1], { type: 'focusCell', entry: 0, row: 1, col: 2 });
    // ArrowLeft past the first cell reaches the output token; Enter shows its alternatives.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const alt = await page.evaluate(() => {
      const section = document.querySelector('section.alternatives') as HTMLElement;
      return { hidden: section.hidden, heading: section.querySelector('h3')?.textContent, rows: section.querySelectorAll('tbody tr').length };
    });
    assert.deepStrictEqual(alt, { hidden: false, heading: "Step 2: 'x\"y' (p=0.90)", rows: 2 });
    await page.close();
  });

  it('highlights the source column the host asks for and ignores invalid messages', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    await send(page, { type: 'highlightSource', index: 1 });
    await page.waitForSelector('th[scope="col"].src-hl');
    assert.deepStrictEqual(await page.$$eval('th[scope="col"].src-hl', (els) => els.map((e) => (e as HTMLElement).dataset.col)), ['1']);
    assert.strictEqual(await page.$$eval('td.src-hl', (els) => els.length), 2);
    await send(page, { type: 'view', view: { kind: 'translation', input: 'x', entry: { modelId: 1 } } } as Record<string, unknown>);
    await send(page, { type: 'nonsense' });
    await send(page, { type: 'highlightSource', index: null });
    await page.waitForFunction(() => document.querySelectorAll('.src-hl').length === 0);
    assert.strictEqual(await page.$$eval('[role="gridcell"]', (els) => els.length), 6, 'the invalid view did not replace the grid');
    // Host errors stay visible as an alert; info goes to the status line.
    await send(page, { type: 'status', level: 'error', message: 'The model worker stopped <b>x</b>' });
    await page.waitForSelector('.error-banner[role="alert"]:not([hidden])');
    assert.strictEqual(await page.textContent('.error-banner .error-text'), 'The model worker stopped <b>x</b>');
    await send(page, { type: 'status', level: 'info', message: 'Model loaded' });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Model loaded');
    await page.click('.error-banner button');
    assert.strictEqual(await page.isHidden('.error-banner'), true);
    await page.close();
  });

  it('redraws the saved view after a reload, then still posts ready', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: comparison() });
    await page.waitForSelector('.cards');
    await page.reload();
    await page.waitForSelector('.cards');
    assert.strictEqual(await page.$$eval('article.card', (els) => els.length), 3);
    assert.deepStrictEqual(await posted(page), [{ type: 'ready' }]);
    await page.close();
  });

  it('shows the comparison with disagreements marked in every card and the no-attention note', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: comparison() });
    await page.waitForSelector('.cards');
    const cmp = await page.evaluate(() => ({
      grids: document.querySelectorAll('table[role="grid"]').length,
      marked: [...document.querySelectorAll('article.card')].map((card) => [...card.querySelectorAll('.output-strip li.disagree')].map((li) => (li as HTMLElement).dataset.row)),
      summary: document.querySelector('.summary')?.textContent,
      heading: document.querySelector('#view-title')?.textContent,
      note: document.querySelector('.no-attention')?.textContent,
    }));
    // Two attention mechanisms and the baseline: three models, and the baseline is not a mechanism.
    assert.strictEqual(cmp.heading, 'Comparison of 3 models: 2 attention mechanisms, baseline');
    assert.strictEqual(cmp.grids, 2);
    assert.deepStrictEqual(cmp.marked, [['1'], ['1'], ['1']]);
    assert.match(cmp.summary ?? '', /disagree at 1 of 2 output positions\. position 2: 2 say 'b'; Model luong-dot says 'c'/);
    assert.match(cmp.note ?? '', /only the encoder's final state/);
    // A focused cell in the second card names entry 1.
    await page.focus('table[data-entry="1"] [role="gridcell"][tabindex="0"]');
    const last = (await posted(page)).filter((m) => m.type === 'focusCell').pop();
    assert.deepStrictEqual(last, { type: 'focusCell', entry: 1, row: 0, col: 0 });
    await page.close();
  });

  it('marks low confidence, low-probability tokens and unknown source tokens by signs and words, and offers the models that fit', async () => {
    const { page, problems } = await openPanel();
    await send(page, { type: 'view', view: lowConfidenceTranslation() });
    await page.waitForSelector('table[role="grid"]');
    const seen = await page.evaluate(() => ({
      notice: document.querySelector('.notice.low-confidence[role="note"]')?.textContent,
      fit: document.querySelector('.notice.fit')?.textContent,
      caveat: document.querySelector('.notice.caveat')?.textContent,
      lowChips: [...document.querySelectorAll('.output-strip li.low')].map((li) => (li as HTMLElement).dataset.row),
      chipLabel: document.querySelector('.output-strip li.low button')?.getAttribute('aria-label'),
      lowRows: [...document.querySelectorAll('th.out-head.low')].map((th) => [(th as HTMLElement).dataset.row, th.querySelector('.low-mark')?.textContent]),
      rowLabel: document.querySelector('th.out-head.low button')?.getAttribute('aria-label'),
      unknownCols: [...document.querySelectorAll('th.src-tok.unknown')].map((th) => [(th as HTMLElement).dataset.col, th.getAttribute('aria-label'), th.querySelector('.unk-badge')?.textContent]),
      outputLabel: document.querySelector('.output-text')?.getAttribute('aria-label'),
      heldOut: document.querySelector('.entry-head .held-out')?.textContent,
      card: document.querySelector('details.model-card summary')?.textContent,
      status: document.querySelector('#status')?.textContent,
    }));
    assert.match(seen.notice ?? '', /Low confidence: its weakest token has p = 0\.20, below this model's calibrated 0\.80\. On held-out data the threshold flags 5\.0 % of the correct outputs, and 80 % of the wrong ones/);
    assert.match(seen.caveat ?? '', /About this model: Dates only\./);
    assert.match(seen.fit ?? '', /This input does not fit Dates model: its characters are unlike the model's training inputs \(fit -9\.00 nats per character, below the calibrated -1\.00\)\. Models that fit it: English "model"\./);
    assert.deepStrictEqual(seen.lowChips, ['1']);
    assert.match(seen.chipLabel ?? '', /output 2: x"y, probability 0\.20, low probability \(below 0\.80\)/);
    assert.deepStrictEqual(seen.lowRows, [['1', '?']]);
    assert.match(seen.rowLabel ?? '', /low probability \(below 0\.80\)/);
    assert.deepStrictEqual(seen.unknownCols, [['2', 'source 3: "<b>&, unknown to the model (read as <unk>)', 'unk']]);
    assert.match(seen.outputLabel ?? '', /\(low confidence\)$/);
    assert.match(seen.heldOut ?? '', /held-out: 99\.96 % exact match, BLEU 99\.9 on 5,000 pairs \(date-test\.txt\)/);
    assert.match(seen.card ?? '', /^Model card · held-out/);
    assert.match(seen.status ?? '', /Low confidence: below the model's calibrated threshold\./, 'the notice is part of the announced summary');
    assert.match(seen.status ?? '', /This input does not fit Dates model; 1 model that fits it offered\./);
    // The offered model's button asks the host to switch; the card buttons ask for the card.
    await page.click('.notice.fit button.use-model');
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'useModel', modelId: 'en-x' });
    await page.click('details.model-card summary');
    await page.click('details.model-card button');
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'openModelCard', modelId: 'm-bahdanau' });
    assert.ok((await posted(page)).every((m) => isWebviewToHost(m)), 'the host\'s guard accepts every message');
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('draws the quality notices and the model card in Korean with the host\'s strings, figures unchanged', async () => {
    const { page, problems } = await openPanel();
    const ko = koreanStrings();
    await send(page, { type: 'strings', language: 'ko', strings: ko });
    await send(page, { type: 'view', view: lowConfidenceTranslation() });
    await page.waitForSelector('table[role="grid"]');
    await page.click('details.model-card summary');
    const seen = await page.evaluate(() => ({
      notice: document.querySelector('.notice.low-confidence')?.textContent ?? '',
      caveat: document.querySelector('.notice.caveat')?.textContent ?? '',
      fit: document.querySelector('.notice.fit .notice-text')?.textContent ?? '',
      candidate: document.querySelector('.notice.fit .candidates li .note')?.textContent ?? '',
      card: document.querySelector('details.model-card')?.textContent ?? '',
      cardOpen: (document.querySelector('details.model-card') as HTMLDetailsElement | null)?.open,
      unknownCol: document.querySelector('th.src-tok.unknown')?.getAttribute('aria-label') ?? '',
      unknownTitle: document.querySelector('th.src-tok.unknown')?.getAttribute('title') ?? '',
      chipLabel: document.querySelector('.output-strip li.low button')?.getAttribute('aria-label') ?? '',
      rowTitle: document.querySelector('th.out-head.low button')?.getAttribute('title') ?? '',
      status: document.querySelector('#status')?.textContent ?? '',
    }));
    assert.strictEqual(seen.notice.replace('\u26a0', ''),
      '낮은 신뢰도: 가장 약한 토큰의 확률(p = 0.20)이 이 모델의 보정된 임계값 0.80보다 낮습니다. 보류 데이터에서 이 임계값에 걸리는 출력은 올바른 출력의 5.0 %, 틀린 출력의 80 %입니다. 이 출력을 확인하세요.');
    assert.match(seen.caveat, /이 모델의 주의 사항: Dates only\./);
    assert.match(seen.fit, /^이 입력은 Dates model에 맞지 않습니다: 문자 구성이 모델의 학습 입력과 다릅니다\(적합도 문자당 -9\.00 nats, 보정된 기준 -1\.00 미만\)\. 이 입력에 맞는 모델: English "model"\.$/);
    assert.strictEqual(seen.candidate.trim(), '보류 데이터 문장 쌍 100개에서 정확 일치 1.00 %');
    assert.ok(seen.cardOpen, 'the section opened on click');
    for (const korean of [ko['card.trainingData'], 'date-train.txt (문장 쌍 45,000개)', ko['card.heldOutHeading'],
      'date-test.txt: 문장 쌍 5,000개에서 정확 일치 99.96 %, BLEU 99.9, chrF 99.9.', ko['card.limits'], ko['card.openFull']]) {
      assert.ok(seen.card.includes(korean), `no ${JSON.stringify(korean)} in ${seen.card}`);
    }
    assert.strictEqual(seen.unknownCol, '원문 3: "<b>&, 모델이 모르는 토큰(<unk>로 읽음)');
    assert.strictEqual(seen.unknownTitle, '원문 토큰 3: \'"<b>&\' (문자 3\u20138), 모델이 모르는 토큰: <unk>로 읽음');
    assert.strictEqual(seen.chipLabel, '출력 2: x"y, 확률 0.20, 낮은 확률(0.80 미만). 대안 보기');
    assert.strictEqual(seen.rowTitle, '출력 토큰 2: \'x"y\', p=0.20 (낮은 확률). Enter: 이 단계의 대안 보기');
    assert.match(seen.status, /낮은 신뢰도: 모델의 보정된 임계값보다 낮습니다\./);
    assert.match(seen.status, /이 입력은 Dates model에 맞지 않습니다\. 맞는 모델 1개를 제안합니다\./);
    // The card author's words (summary, data, licence, limits) stay theirs; no fixed English sentence is left.
    const all = [seen.notice, seen.caveat, seen.fit, seen.candidate, seen.card, seen.unknownCol, seen.unknownTitle, seen.chipLabel, seen.rowTitle].join('\n');
    assert.doesNotMatch(all, /Low confidence|held-out|Held-out|exact match|pairs|Training data|Known limits|Open the full|does not fit|About this model|unknown to the model|probability|alternatives|source token|output/);
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('reads the grid, its cells, the status sentences, the alternatives and a refused input in Korean with the host\'s strings', async () => {
    const { page, problems } = await openPanel();
    await send(page, { type: 'strings', language: 'ko', strings: koreanStrings() });
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    const seen = await page.evaluate(() => ({
      grid: document.querySelector('table[role="grid"]')?.getAttribute('aria-label') ?? '',
      cells: [...document.querySelectorAll('[role="gridcell"]')].map((td) => td.getAttribute('aria-label') ?? ''),
      cellTitle: document.querySelector('[role="gridcell"][data-row="1"][data-col="1"]')?.getAttribute('title') ?? '',
      output: document.querySelector('output.output-text')?.getAttribute('aria-label') ?? '',
      status: document.getElementById('status')?.textContent ?? '',
    }));
    assert.strictEqual(seen.grid, 'Bahdanau <test> & "co": 어텐션 가중치, 행은 출력 토큰, 열은 원문 토큰');
    assert.strictEqual(seen.cells[0], "출력 '사랑', 원문 'a,': 0.70");
    assert.strictEqual(seen.cells[4], "출력 'x\"y', 원문 '공백': 0.15");
    for (const label of seen.cells) assert.match(label, /: \d\.\d\d$/, 'the weight ends every label, as in English');
    assert.strictEqual(seen.cellTitle, "출력 'x\"y' \u2190 원문 ' ': 0.15");
    assert.strictEqual(seen.output, '출력: 사랑x"y');
    assert.strictEqual(seen.status, 'Bahdanau <test> & "co": 사랑x"y (출력 토큰 2개 × 원문 토큰 3개, 격자에서는 화살표 키로 이동합니다).');

    await page.focus('[role="gridcell"][tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    const focused = await page.evaluate(() => document.getElementById('status')?.textContent ?? '');
    assert.strictEqual(focused, "출력 'x\"y'(p=0.90): 원문 '\"<b>&'에 대한 어텐션 가중치 0.80");
    await page.keyboard.press('Enter');
    await page.waitForSelector('section.alternatives:not([hidden])');
    const alt = await page.evaluate(() => ({
      heading: document.querySelector('section.alternatives h3')?.textContent ?? '',
      status: document.getElementById('status')?.textContent ?? '',
    }));
    assert.strictEqual(alt.heading, "2단계: 'x\"y' (p=0.90)");
    assert.match(alt.status, /^2단계: /);

    await send(page, { type: 'view', view: mismatch() });
    await page.waitForSelector('section.mismatch');
    const refused = await page.evaluate(() => ({
      notice: document.querySelector('section.mismatch .notice-text')?.textContent ?? '',
      status: document.getElementById('status')?.textContent ?? '',
    }));
    const message = mismatch().message;
    assert.strictEqual(refused.notice, `Dates model(date-x)에서 이 입력을 번역하지 못했습니다: ${message}`);
    assert.strictEqual(refused.status, `Dates model에서 이 입력을 번역하지 못했습니다: ${message} 이 입력에 맞는 모델: English "model".`);

    // A merged word has no alternatives of its own: the note says where they are, in Korean.
    await send(page, { type: 'view', view: subwordTranslation() });
    await page.waitForSelector('.subword-toggle:not([hidden])');
    await page.click('.subword-toggle button[data-subword-view="words"]');
    await page.waitForFunction(() => document.querySelectorAll('table[role="grid"] th[scope="col"]').length === 3);
    await page.click('th[scope="row"][data-row="1"] button');
    const pieces = await page.textContent('section.alternatives .note') ?? '';
    assert.strictEqual(pieces, "모델이 이 단어를 조각별로 골랐습니다('\u2581\u00e9tu' 'diant'). 각 단계의 대안을 보려면 조각 보기로 전환하세요.");

    // The model's name, the tokens and the host's message are data; no fixed English sentence is left.
    const all = [seen.grid, ...seen.cells, seen.cellTitle, seen.output, seen.status, focused, alt.heading, alt.status, refused.notice, refused.status, pieces]
      .join('\n').split(message).join(' ');
    assert.doesNotMatch(all, /attention weights|rows are|columns are|output by|arrow keys|attends to|source|Output|Step|space|did not translate|Models that fit|no alternatives|piece by piece|switch to/);
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('shows an input the model refused with a button per model that fits', async () => {
    const { page, problems } = await openPanel();
    await send(page, { type: 'view', view: mismatch() });
    await page.waitForSelector('section.mismatch');
    const text = await page.textContent('section.mismatch');
    assert.match(text ?? '', /Dates model \(date-x\) did not translate it: Model 'date-x' does not know the character 'k'\./);
    assert.deepStrictEqual(await page.$$eval('button.use-model', (bs) => bs.map((b) => [b.textContent, (b as HTMLElement).dataset.model])), [['Use English "model"', 'en-x']]);
    await page.keyboard.press('Tab'); // the toolbar first; then through the panel to the button
    await page.focus('button.use-model');
    await page.keyboard.press('Enter');
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'useModel', modelId: 'en-x' });
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('answers export requests with SVG, PNG, JSON and CSV data', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    const formats = ['svg', 'png', 'json', 'csv'] as const;
    for (const [i, format] of formats.entries()) await send(page, { type: 'export', requestId: 10 + i, format });
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'exportData').length === 4);
    const data = (await posted(page)).filter((m): m is Extract<WebviewToHost, { type: 'exportData' }> => m.type === 'exportData');
    const by = Object.fromEntries(data.map((d) => [d.format, d]));
    // Each answer carries its request's id: the host matches answers by it, not by format.
    assert.deepStrictEqual(formats.map((f) => by[f].requestId), [10, 11, 12, 13]);
    assert.strictEqual(by.svg.encoding, 'utf8');
    assert.ok(by.svg.data.startsWith('<?xml'));
    assert.ok(!by.svg.data.includes('<b>'));
    assert.strictEqual(by.png.encoding, 'base64');
    const png = Buffer.from(by.png.data, 'base64');
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 1000);
    assert.deepStrictEqual(JSON.parse(by.json.data).view, trickyTranslation());
    assert.ok(by.csv.data.startsWith('\ufeffoutput \\ source,"a,"," ","""<b>&"\r\n'), by.csv.data);
    // The toolbar's Export button hands over to the host's command (format pick and save dialog).
    await page.click('button[data-focus-key="export"]');
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'command', command: 'export' });
    await page.close();
  });

  it('answers an export it cannot produce with exportFailed, so the host need not wait', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'export', requestId: 7, format: 'png' });
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'exportFailed'));
    const failed = (await posted(page)).find((m): m is Extract<WebviewToHost, { type: 'exportFailed' }> => m.type === 'exportFailed');
    assert.deepStrictEqual(failed, { type: 'exportFailed', requestId: 7, format: 'png', message: 'there is no view to export yet.' });
    assert.ok(isWebviewToHost(failed), 'the host\'s guard accepts it');
    await page.close();
  });

  it('lets the user pick a beam hypothesis and exports the one shown', async () => {
    const { page } = await openPanel();
    const view = trickyTranslation();
    const second = { ...view.entry.result, output: ['사랑', 'z'], text: '사랑z', attention: [[0.1, 0.1, 0.8], [0.2, 0.2, 0.6]], normalizedScore: -0.7 };
    view.entry.beams = [view.entry.result, second];
    await send(page, { type: 'view', view });
    await page.waitForSelector('.beam-picker select');
    assert.deepStrictEqual(await page.$$eval('.beam-picker option', (els) => els.map((e) => e.textContent)),
      ['1. 사랑x"y (score -0.100)', '2. 사랑z (score -0.700)']);
    await page.selectOption('.beam-picker select', '1');
    await page.waitForFunction(() => document.querySelector('th[scope="row"][data-row="1"]')?.getAttribute('data-token') === 'z');
    assert.strictEqual(await page.getAttribute('[role="gridcell"][data-row="0"][data-col="2"]', 'aria-label'), "'사랑' <- '\"<b>&': 0.80");
    await send(page, { type: 'export', requestId: 1, format: 'json' });
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'exportData'));
    const exported = (await posted(page)).find((m): m is Extract<WebviewToHost, { type: 'exportData' }> => m.type === 'exportData');
    const entry = JSON.parse(exported?.data ?? '{}').view.entry;
    assert.strictEqual(entry.result.text, '사랑z');
    assert.ok(Math.abs(entry.stats.coverage[2] - 1.4) < 1e-9, 'statistics recomputed for the picked hypothesis');
    await page.close();
  });

  it('switches a subword model between pieces and words with the toolbar toggle, and keeps the choice', async () => {
    const { page, problems } = await openPanel();
    const grid = () => page.evaluate(() => ({
      cols: [...document.querySelectorAll('table[role="grid"] th[scope="col"]')].map((th) => (th as HTMLElement).dataset.token),
      rows: [...document.querySelectorAll('table[role="grid"] th[scope="row"]')].map((th) => (th as HTMLElement).dataset.token),
      strip: document.querySelectorAll('.output-strip li').length,
      coverage: [...document.querySelectorAll('.stats-tables table:nth-of-type(2) tbody th')].map((th) => th.textContent),
      pressed: [...document.querySelectorAll('.subword-toggle button')].map((b) => `${b.textContent}:${b.getAttribute('aria-pressed')}`),
    }));
    // A char model: no toggle.
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    assert.strictEqual(await page.isHidden('.subword-toggle'), true);
    await send(page, { type: 'view', view: subwordTranslation() });
    await page.waitForSelector('.subword-toggle:not([hidden])');
    assert.strictEqual(await page.getAttribute('.subword-toggle', 'aria-label'), 'Subword tokens: show pieces or whole words');
    const pieces = await grid();
    assert.deepStrictEqual(pieces.cols, ['\u2581the', '\u2581stu', 'dent', '\u2581sleeps']);
    assert.deepStrictEqual(pieces.pressed, ['Pieces:true', 'Words:false']);

    // Keyboard: Tab stops on the buttons, Space presses one.
    await page.focus('.subword-toggle button[data-subword-view="words"]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelectorAll('table[role="grid"] th[scope="col"]').length === 3);
    const words = await grid();
    assert.deepStrictEqual(words.cols, ['the', 'student', 'sleeps']);
    assert.deepStrictEqual(words.rows, ['le', '\u00e9tudiant', 'dort']);
    assert.strictEqual(words.strip, 3, 'the output strip shows words');
    assert.deepStrictEqual(words.coverage, ['the', 'student', 'sleeps'], 'coverage per word');
    assert.deepStrictEqual(words.pressed, ['Pieces:false', 'Words:true']);
    assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.subwordView), 'words', 'focus stays on the toggle');
    assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'setSubwordView'), [{ type: 'setSubwordView', view: 'words' }]);
    assert.strictEqual(await page.textContent('#status'), 'Showing whole words: pieces merged.');
    assert.strictEqual(await page.getAttribute('[role="gridcell"][data-row="1"][data-col="1"]', 'data-weight'), '0.80');

    // Grid navigation moves over words; focus names them; the host is told the cell is a word.
    await page.focus('[role="gridcell"][tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    assert.strictEqual(await page.textContent('#status'), "output '\u00e9tudiant' (p=0.40) attends to source 'sleeps' at 0.10");
    const focus = (await posted(page)).filter((m) => m.type === 'focusCell').pop();
    assert.deepStrictEqual(focus, { type: 'focusCell', entry: 0, row: 1, col: 2, subwordView: 'words' });
    // A merged word has no alternatives of its own: the panel says where to find them.
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('section.alternatives') ?? '', /piece by piece \('\u2581\u00e9tu' 'diant'\): switch to Pieces/);

    // The host's highlighted piece 2 ("dent") lights its word's column.
    await send(page, { type: 'highlightSource', index: 2 });
    await page.waitForSelector('th[scope="col"].src-hl');
    assert.deepStrictEqual(await page.$$eval('th[scope="col"].src-hl', (els) => els.map((e) => (e as HTMLElement).dataset.token)), ['student']);

    // The JSON export says which view it is and keeps the pieces.
    await send(page, { type: 'export', requestId: 1, format: 'json' });
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'exportData'));
    const exported = (await posted(page)).find((m): m is Extract<WebviewToHost, { type: 'exportData' }> => m.type === 'exportData');
    const json = JSON.parse(exported?.data ?? '{}');
    assert.strictEqual(json.subwordView, 'words');
    assert.deepStrictEqual(json.view.entry.result.source.map((t: { text: string }) => t.text), ['the', 'student', 'sleeps']);
    assert.deepStrictEqual(json.pieceView.entry.result.attention, subwordTranslation().entry.result.attention);

    // A reload draws words at once from the saved state; the host's preference then has the last word.
    await page.reload();
    await page.waitForSelector('table[role="grid"]');
    assert.deepStrictEqual((await grid()).cols, ['the', 'student', 'sleeps']);
    await send(page, { type: 'preferences', subwordView: 'pieces' });
    await page.waitForFunction(() => document.querySelectorAll('table[role="grid"] th[scope="col"]').length === 4);
    assert.deepStrictEqual((await grid()).pressed, ['Pieces:true', 'Words:false']);
    assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'setSubwordView'), [], 'a preference from the host is not sent back');
    assert.deepStrictEqual(await violations(page), []);
    assert.deepStrictEqual(problems, []);
    await page.close();
  });

  it('merges every comparison card into words and recounts the disagreements', async () => {
    const { page } = await openPanel();
    const other = subwordEntry('Other segmentation');
    other.mechanism = 'bahdanau';
    other.result = { ...other.result, mechanism: 'bahdanau', output: ['\u2581le', '\u2581\u00e9', 'tudiant', '\u2581dort'] };
    await send(page, { type: 'preferences', subwordView: 'words' });
    await send(page, { type: 'view', view: { kind: 'comparison', input: 'the student sleeps', entries: [subwordEntry('First'), other], disagreements: [1, 2] } });
    await page.waitForSelector('.cards');
    const cards = await page.evaluate(() => ({
      rows: [...document.querySelectorAll('article.card')].map((card) => [...card.querySelectorAll('th[scope="row"]')].map((th) => (th as HTMLElement).dataset.token)),
      cols: [...document.querySelectorAll('article.card')].map((card) => card.querySelectorAll('th[scope="col"]').length),
      marked: document.querySelectorAll('.output-strip li.disagree').length,
      summary: document.querySelector('.summary')?.textContent,
    }));
    assert.deepStrictEqual(cards.rows, [['le', '\u00e9tudiant', 'dort'], ['le', '\u00e9tudiant', 'dort']]);
    assert.deepStrictEqual(cards.cols, [3, 3]);
    assert.strictEqual(cards.marked, 0, 'the same words: no disagreement left');
    assert.strictEqual(cards.summary, 'All 2 models produce the same output.');
    // In pieces they disagree at positions 2 and 3.
    await page.click('.subword-toggle button[data-subword-view="pieces"]');
    await page.waitForFunction(() => document.querySelectorAll('.output-strip li.disagree').length === 4);
    assert.match(await page.textContent('.summary') ?? '', /disagree at 2 of 4 output positions/);
    await page.close();
  });

  it('shows training runs with a Cancel button, charts and a data table', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: training() });
    await page.waitForSelector('.charts');
    const t = await page.evaluate(() => ({
      charts: document.querySelectorAll('.charts svg[role="img"]').length,
      tableRows: document.querySelectorAll('.data-table tbody tr').length,
      progress: (document.querySelector('progress') as HTMLProgressElement | null)?.value,
      label: document.querySelector('.charts svg')?.getAttribute('aria-label'),
    }));
    assert.strictEqual(t.charts, 3);
    assert.strictEqual(t.tableRows, 6);
    assert.strictEqual(t.progress, 6, "batch 5 counts from 0: the sixth of ten is done");
    assert.strictEqual(t.label, 'Exact match per epoch (validation). baseline: 0.500 at epoch 4; attention, "quoted": 0.900 at epoch 2');
    await page.click('button[data-focus-key="cancel-training"]');
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'command', command: 'cancelTraining' });
    // A live refresh keeps keyboard focus on the Cancel button.
    await page.focus('button[data-focus-key="cancel-training"]');
    await send(page, { type: 'view', view: training() });
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey === 'cancel-training');
    assert.deepStrictEqual(await violations(page), []);
    await page.close();
  });

  /** A run of this session going on (with per-batch points) and two shipped reference runs. */
  function sessionTraining(): ReturnType<typeof training> {
    const [done, running] = training().runs;
    return {
      kind: 'training',
      runs: [
        { ...running, runId: 'mine', label: 'my run', batchLoss: [{ x: 0.5, y: 3 }, { x: 1, y: 2 }, { x: 1.5, y: 1.5 }, { x: 2, y: 1.2 }, { x: 2.5, y: 1 }] },
        { ...done, runId: 'ref-a', label: 'Peeky', reference: true },
        { ...done, runId: 'ref-b', label: 'Bahdanau', reference: true },
      ],
    };
  }

  it('lists this session\'s run first, the reference runs collapsed behind a remembered disclosure, with a one-line status', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: sessionTraining() });
    await page.waitForSelector('.charts');
    const first = await page.evaluate(() => ({
      firstRun: (document.querySelector('li.run') as HTMLElement | null)?.dataset.run,
      batchPoints: (document.querySelector('li.run') as HTMLElement | null)?.dataset.batchPoints,
      expanded: document.querySelector('button.disclosure')?.getAttribute('aria-expanded'),
      listHidden: (document.querySelector('#reference-list') as HTMLElement | null)?.hidden,
      legend: [...document.querySelectorAll('.charts svg')[0].querySelectorAll('text')].map((e) => e.textContent),
      batchLines: document.querySelectorAll('.charts path.series.batch').length,
    }));
    assert.strictEqual(first.firstRun, 'mine');
    assert.strictEqual(first.batchPoints, '5');
    assert.strictEqual(first.expanded, 'false', 'collapsed by default beside a run of ones own');
    assert.strictEqual(first.listHidden, true);
    assert.ok(first.legend.includes('my run') && !first.legend.some((x) => x?.includes('(reference)')), first.legend.join('|'));
    assert.strictEqual(first.batchLines, 1);
    // The status line shows one short line; the full text is there for screen readers.
    const status = await page.evaluate(() => {
      const el = document.getElementById('status') as HTMLElement;
      return { height: el.getBoundingClientRect().height, shown: el.querySelector('.status-short')?.textContent, spoken: el.querySelector('.visually-hidden')?.textContent, hidden: el.querySelector('.status-short')?.getAttribute('aria-hidden') };
    });
    assert.match(status.shown ?? '', /^my run: epoch 3\/4, batch 6\/10, loss 0\.300$/);
    assert.strictEqual(status.hidden, 'true');
    assert.match(status.spoken ?? '', /my run running, epoch 2 of 4.*Peeky \(reference\) completed.*Bahdanau \(reference\) completed/);
    assert.ok(status.height < 40, `status ${status.height} px high`);
    // Keyboard: Tab to the disclosure and open it.
    await page.focus('button.disclosure');
    await page.keyboard.press('Enter');
    await page.waitForSelector('button.disclosure[aria-expanded="true"]');
    const opened = await page.evaluate(() => ({
      listHidden: (document.querySelector('#reference-list') as HTMLElement | null)?.hidden,
      legend: [...document.querySelectorAll('.charts svg')[0].querySelectorAll('text')].map((e) => e.textContent),
      refLines: document.querySelectorAll('.charts svg')[0].querySelectorAll('path.series.reference').length,
      focus: (document.activeElement as HTMLElement | null)?.dataset.focusKey,
    }));
    assert.strictEqual(opened.listHidden, false);
    assert.ok(opened.legend.includes('Peeky (reference)') && opened.legend.includes('Bahdanau (reference)'));
    assert.strictEqual(opened.refLines, 2);
    assert.strictEqual(opened.focus, 'reference-toggle', 'focus stays on the disclosure');
    // Remembered in the webview state across a reload.
    await page.reload();
    await page.waitForSelector('button.disclosure[aria-expanded="true"]');
    await page.close();
  });

  it('keeps the training view in a Training tab while a translation is shown, switched with the keyboard', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'view', view: sessionTraining() });
    await page.waitForSelector('.charts');
    assert.strictEqual(await page.isVisible('[role="tablist"]'), false, 'no tabs with one view');
    await send(page, { type: 'view', view: trickyTranslation() });
    await page.waitForSelector('table[role="grid"]');
    const tabs = await page.evaluate(() => ({
      visible: !(document.querySelector('[role="tablist"]') as HTMLElement).hidden,
      selected: [...document.querySelectorAll('[role="tab"]')].map((e) => `${e.textContent}:${e.getAttribute('aria-selected')}:${(e as HTMLElement).tabIndex}`),
      panel: document.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby'),
    }));
    assert.ok(tabs.visible);
    assert.deepStrictEqual(tabs.selected, ['Translation:true:0', 'Trainingrunning:false:-1']);
    assert.strictEqual(tabs.panel, 'tab-result');
    // Progress of the run arrives while the translation is on screen: the grid stays.
    const later = sessionTraining();
    later.runs[0] = { ...later.runs[0], lastBatch: { epoch: 3, batch: 8, batches: 10, loss: 0.25 } };
    await send(page, { type: 'training', view: later });
    await page.waitForTimeout(100);
    assert.ok(await page.isVisible('table[role="grid"]'));
    assert.ok(await page.isVisible('.tab-badge'), 'the Training tab says a run goes on');
    await page.focus('#tab-result');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.charts');
    const switched = await page.evaluate(() => ({
      focus: document.activeElement?.id,
      selected: document.querySelector('#tab-training')?.getAttribute('aria-selected'),
      progress: (document.querySelector('progress') as HTMLProgressElement | null)?.value,
      grid: document.querySelectorAll('table[role="grid"]').length,
    }));
    assert.deepStrictEqual(switched, { focus: 'tab-training', selected: 'true', progress: 9, grid: 0 });
    // A reload opens on the same tab, with both views kept.
    await page.reload();
    await page.waitForSelector('.charts');
    assert.strictEqual(await page.getAttribute('#tab-training', 'aria-selected'), 'true');
    await page.focus('#tab-training');
    await page.keyboard.press('Home');
    await page.waitForSelector('table[role="grid"]');
    // A finished run: the badge goes.
    const finished = sessionTraining();
    finished.runs[0] = { ...finished.runs[0], state: 'completed' };
    await send(page, { type: 'training', view: finished });
    await page.waitForFunction(() => (document.querySelector('.tab-badge') as HTMLElement).hidden);
    assert.deepStrictEqual(await violations(page), []);
    await page.close();
  });

  it('really enforces the CSP (a style attribute is refused)', async () => {
    const { page } = await openPanel();
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
    assert.match((await violations(page))[0], /^style-src/);
    await page.close();
  });
});
