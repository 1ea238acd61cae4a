/**
 * The extension under VS Code's Korean display language, as a Korean user meets it: the command palette
 * lists the commands in Korean, Translate Selection (run by its Korean title) opens the panel titled in
 * Korean, and the panel's toolbar, labels and headings are Korean, and so are its model-card section and
 * the full model card the host writes; a refusal the worker words (a character the model never saw)
 * reaches the user in Korean too; the step inspector opened on an output token explains its steps and
 * terms in Korean.
 *
 * code-server runs with `--locale ko` and a fixture language pack (test/fixtures/ko-display-language:
 * Korean declared, VS Code's own strings untranslated, as no real language pack is available offline),
 * so `vscode.env.language` is 'ko' in the extension host and VS Code loads package.nls.ko.json and
 * l10n/bundle.l10n.ko.json. The workbench's own menus stay English; every Korean word read here is the
 * extension's.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startSession, type UiSession } from './harness';

describe('Korean display language (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'korean', displayLanguage: 'ko' });
  });

  after(async function () {
    await ui?.close();
  });

  it('lists the commands with their Korean titles', async function () {
    assert.ok(ui);
    const entries = await ui.paletteEntries('Seq2Seq: ', 5);
    for (const title of ['선택 영역 번역', '어텐션 메커니즘 비교', '모델 선택', '어텐션 탐색기 표시']) {
      assert.ok(entries.some(e => e.includes(title)), `no '${title}' in ${JSON.stringify(entries)}`);
    }
    // VS Code shows the English title beside a translated one (as an alias, for searching in English);
    // a title the manifest left untranslated would show English only, and be missing above.
  });

  it('translates a date and shows the panel in Korean', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: 선택 영역 번역');
    const view = ui.webviewFrame();
    const grid = view.locator('table[role="grid"]').first();
    await grid.waitFor({ state: 'visible', timeout: 90_000 });
    const rows = await grid.locator('tbody th[scope="row"]').evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? ''));
    assert.strictEqual(rows.join(''), '1994-09-27');
    // The strings arrive with the host's `strings` message; the shell is redrawn in Korean.
    await view.locator('h1', { hasText: '어텐션 탐색기' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await view.locator('html').getAttribute('lang'), 'ko');
    const toolbar = await view.locator('.toolbar').innerText();
    assert.match(toolbar, /모델 선택…/);
    assert.match(toolbar, /내보내기…/);
    const body = await view.locator('body').innerText();
    assert.match(body, /입력/);
    assert.match(body, /출력/);
    assert.match(body, /평균 행 엔트로피/);
    assert.doesNotMatch(body, /Select model|Mean row entropy|Source tokens/);
    // The mechanism's name and the quality line, which says the figures are greedy ones (the decoding used).
    assert.match(body, /Bahdanau \(가산 방식\)/);
    assert.match(body, /보류 데이터, 그리디: 정확 일치/);
    // The panel's tab title comes from the host's l10n bundle.
    await ui.page.locator('.tabs-container .tab', { hasText: '어텐션 탐색기' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('korean-panel');
  });

  it('reads the grid, a clicked cell and the status sentence in Korean', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    const grid = view.locator('table[role="grid"]').first();
    assert.match(await grid.getAttribute('aria-label') ?? '', /: 어텐션 가중치, 행은 출력 토큰, 열은 원문 토큰$/);
    // The first output character and the cell of its first source column, as a person clicks it.
    const cell = grid.locator('[role="gridcell"][data-row="0"][data-col="0"]');
    await cell.click();
    const label = await cell.getAttribute('aria-label') ?? '';
    assert.match(label, /^출력 '1', 원문 '.+': \d\.\d\d$/, label);
    const status = view.locator('#status');
    await status.filter({ hasText: '어텐션 가중치' }).waitFor({ state: 'attached', timeout: 30_000 });
    const sentence = await status.textContent() ?? '';
    assert.match(sentence, /^출력 '1'\(p=\d\.\d\d\): 원문 '.+'에 대한 어텐션 가중치 \d\.\d\d$/, sentence);
    // The arrow keys move on and the sentence follows, still in Korean.
    await ui.page.keyboard.press('ArrowDown');
    await status.filter({ hasText: "출력 '9'" }).waitFor({ state: 'attached', timeout: 30_000 });
    const next = await status.textContent() ?? '';
    assert.doesNotMatch(`${label}\n${sentence}\n${next}\n${await grid.getAttribute('aria-label')}`, /attends to|output|source|attention weights|rows are/);
    await ui.screenshot('korean-grid-status');
    // Back to the editor, as a person would, so the next file opens beside the panel, not in its group.
    await ui.page.locator('.tabs-container .tab', { hasText: 'dates.txt' }).first().click();
    await ui.page.locator('.tabs-container .tab.active', { hasText: 'dates.txt' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('opens the step inspector on an output token: its steps, formulas and glossary in Korean', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    // The sixth output character of the date, clicked as a person does.
    await view.locator('.output-strip .out-chip').nth(5).click();
    const inspector = view.locator('section.inspector').first();
    const heading = inspector.locator('h3', { hasText: '6단계' });
    await heading.waitFor({ state: 'visible', timeout: 90_000 });
    assert.match(await heading.innerText(), /^6단계: ‘.’이\(가\) 만들어진 과정$/);
    await inspector.locator('table.insp-keys').waitFor({ state: 'visible', timeout: 90_000 });
    const text = await inspector.innerText();
    assert.match(text, /1\. 쿼리/);
    assert.match(text, /s_\{t−1\}: 이 단계 전의 디코더 상태\(Bahdanau는 이전 상태를 씁니다\)/);
    assert.match(text, /2\. 키와 점수/);
    assert.match(text, /점수\(가산형, additive\): e_t,i = v · tanh\(W s_\{t−1\} \+ U h_i\)/);
    assert.match(text, /3\. 소프트맥스: 가중치/);
    assert.match(text, /4\. 가중합: 컨텍스트 벡터/);
    assert.match(text, /이 단계에 입력된 토큰: /);
    assert.match(text, /출력 강제하기\(교사 강요, teacher forcing\)/);
    assert.doesNotMatch(text, /Step \d|Query|Keys and scores|Weighted sum|Fed into|Previous step|Next step|Terms used here|Force an output|Run forced|Expected output/);
    // A term explains itself on keyboard focus, in Korean, its formula unchanged.
    const term = inspector.locator('.term[data-term="softmax"]').first();
    await term.focus();
    const tip = term.locator('.term-tip');
    await tip.waitFor({ state: 'visible', timeout: 5_000 });
    const explained = await tip.innerText();
    assert.ok(explained.includes('exp(e_i) / Σ_j exp(e_j)'), explained);
    assert.match(explained, /점수를 확률 분포로 바꿉니다/);
    await ui.screenshot('korean-inspector-softmax');
    // The glossary lists the terms by their Korean names.
    await inspector.locator('details.insp-glossary summary', { hasText: '여기서 쓰는 용어' }).click();
    const glossary = inspector.locator('dl.glossary');
    await glossary.waitFor({ state: 'visible', timeout: 5_000 });
    const terms = await glossary.locator('dt').allInnerTexts();
    for (const name of ['어텐션 가중치', '소프트맥스', '컨텍스트 벡터', '엔트로피(나트)', '커버리지', '교사 강요(teacher forcing)']) {
      assert.ok(terms.includes(name), `no '${name}' in ${JSON.stringify(terms)}`);
    }
    assert.doesNotMatch(await glossary.innerText(), /attention weight|context vector|How much one output step/);
    await glossary.scrollIntoViewIfNeeded();
    await ui.screenshot('korean-inspector-glossary');
    // The next step, by its Korean button; then closed again, so the panel is as before.
    await inspector.locator('button', { hasText: '다음 단계' }).click();
    await inspector.locator('h3', { hasText: '7단계' }).waitFor({ state: 'visible', timeout: 10_000 });
    await inspector.locator('button[aria-label="단계 검사기 닫기"]').click();
    await inspector.waitFor({ state: 'hidden', timeout: 10_000 });
    // Back to the editor, so the next file opens beside the panel.
    await ui.page.locator('.tabs-container .tab', { hasText: 'dates.txt' }).first().click();
    await ui.page.locator('.tabs-container .tab.active', { hasText: 'dates.txt' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('says in Korean why the model cannot take a text (a message coded in the worker)', async function () {
    assert.ok(ui);
    fs.writeFileSync(path.join(ui.workspace, 'snowman.txt'), 'Dec \u2603 2002\n');
    await ui.openFile('snowman.txt');
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: 선택 영역 번역');
    // The panel is open: the refusal shows in its error banner, in Korean.
    const banner = ui.webviewFrame().locator('.error-banner', { hasText: "문자 '\u2603'을(를) 모릅니다" }).first();
    await banner.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await banner.innerText();
    assert.match(text, /모델 'date-formats-bahdanau'은\(는\) 문자 '\u2603'을\(를\) 모릅니다: 다른 문자 집합으로 학습된 모델입니다\./);
    assert.doesNotMatch(text, /does not know|trained on a different alphabet/);
    await ui.screenshot('korean-coded-message');
  });

  it('shows the model-card section in Korean, and opens the full card in Korean', async function () {
    assert.ok(ui);
    // The date's translation is still in the panel, under the refusal's banner.
    const view = ui.webviewFrame();
    const card = view.locator('details.model-card').first();
    await card.locator('summary').click();
    const section = card.locator('dl.card-facts');
    await section.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await card.innerText();
    assert.match(text, /학습 데이터/, text);
    assert.match(text, /문장 쌍 [\d,]+개\)/, 'the training pairs, counted in Korean');
    assert.match(text, /보류 데이터 점수\(모델이 학습하지 않은 데이터\)/);
    assert.match(text, /문장 쌍 [\d,]+개에서 정확 일치 \d+\.\d\d %, BLEU \d+\.\d, chrF \d+\.\d\./);
    assert.doesNotMatch(text, /Training data|Held-out scores|exact match|Open the full model card/);
    await card.locator('ul.held-out').scrollIntoViewIfNeeded();
    await ui.screenshot('korean-model-card-section');
    // The full card is Markdown the host renders in the display language.
    await card.locator('button', { hasText: '전체 모델 카드 열기' }).click();
    await ui.page.locator('.tabs-container .tab', { hasText: 'date-formats-bahdanau.md' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const preview = ui.webviewFrame('vscode.markdown-language-features');
    await preview.locator('h2', { hasText: '보류 데이터 점수' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const markdown = await preview.locator('body').innerText();
    assert.match(markdown, /모델 카드: /);
    assert.match(markdown, /학습 데이터[\s\S]*라이선스: /);
    assert.match(markdown, /낮은 신뢰도 경고/);
    assert.doesNotMatch(markdown, /Held-out scores|Training data|Known limits|Low-confidence warning|Input that does not fit/);
    await ui.screenshot('korean-model-card');
    // Closed again, as a person would: the panel is in view again.
    const previewTab = ui.page.locator('.tabs-container .tab', { hasText: 'date-formats-bahdanau.md' }).first();
    await previewTab.hover();
    await previewTab.locator('.tab-actions .action-label').click();
    await previewTab.waitFor({ state: 'detached', timeout: 30_000 });
    await view.locator('details.model-card').first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it("says in Korean what is wrong with an attention file: the notification and the Problems panel", async function () {
    assert.ok(ui);
    const page = ui.page;
    // fairseq output without A- lines: nothing to show, and the reader says why.
    fs.writeFileSync(path.join(ui.workspace, 'no-alignment.txt'), 'S-0\tein Haus\nH-0\t-0.5\ta house\n');
    // VS Code's open dialog, titled in Korean by the extension: a path box, as a person types it.
    await ui.runCommandToPicker('Seq2Seq: 어텐션 파일 열기...', '어텐션 파일 열기');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: 60_000 });
    await box.fill(path.join(ui.workspace, 'no-alignment.txt'));
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    // The Problems panel lists the reader's reason, in Korean.
    await ui.press('Control+Shift+M');
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: '가설 1개에 A- 줄이 없습니다' }).first();
    await marker.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await marker.innerText(), /가설 1개에 A- 줄이 없습니다: fairseq-generate를 --print-alignment\(하드 정렬\) 또는 --print-alignment soft로 실행하세요/);
    assert.doesNotMatch(await page.locator('.markers-panel').innerText(), /hypothesis has no A- line/);
    // The warning names it as the first problem; it stays in the notification centre (the bell) when its toast is gone.
    await ui.runCommand('Notifications: Show Notifications');
    const said = page.locator('.notifications-center .notification-list-item-message', { hasText: 'no-alignment.txt' }).first();
    await said.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await said.innerText(), /no-alignment\.txt에는 보여 줄 수 있는 어텐션이 있는 문장이 없습니다\. 첫 번째 문제: 2행: 가설 1개에 A- 줄이 없습니다: fairseq-generate를 --print-alignment/);
    await ui.screenshot('korean-attention-file-problems');
  });
});
