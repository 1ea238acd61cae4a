/**
 * The Get Started walkthrough as a new user meets it: opened from the command palette, its six steps
 * listed in the notes' order, the first step's "Open Sample Dates" button giving an editor with a date
 * selected, ready for Translate Selection. Under the Korean display language (the fixture language pack of
 * korean.ui.ts) its steps and their pages are Korean.
 */
import * as assert from 'assert';
import { startSession, type UiSession } from './harness';

describe('Walkthrough (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'walkthrough' });
  });

  after(async function () {
    await ui?.close();
  });

  it('opens from the palette with its six steps, and the first step opens a sample to translate', async function () {
    assert.ok(ui);
    await ui.runCommand('Seq2Seq: Learn Seq2Seq and Attention (Walkthrough)');
    const page = ui.page;
    const container = page.locator('.gettingStartedContainer');
    const first = container.locator('.getting-started-step', { hasText: 'Translate a date and read the heatmap' }).first();
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    const titles = await container.locator('.getting-started-step .step-title').allInnerTexts();
    const expected = ['Translate a date and read the heatmap', 'Inspect one step', 'Compare baseline, peeky and attention',
      'Compare Bahdanau and Luong', 'Force an output', 'Train your own'];
    assert.deepStrictEqual(titles.map(t => t.trim()).filter(t => expected.includes(t)), expected, `steps: ${titles.join(' | ')}`);
    await first.click();
    const button = container.locator('.getting-started-step.expanded a.button-link, .getting-started-step.expanded .button-container a', { hasText: 'Open Sample Dates' }).first();
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('walkthrough-steps');
    await button.click();
    const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'september 27, 1994' }).first();
    await line.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('walkthrough-sample-dates');
  });
});

describe('Walkthrough in Korean (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'walkthrough-ko', displayLanguage: 'ko' });
  });

  after(async function () {
    await ui?.close();
  });

  it('lists its steps in Korean and shows the first step\'s page in Korean', async function () {
    assert.ok(ui);
    await ui.runCommand('Seq2Seq: Seq2Seq와 어텐션 배우기 (연습)');
    const page = ui.page;
    const container = page.locator('.gettingStartedContainer');
    const first = container.locator('.getting-started-step', { hasText: '날짜를 번역하고 히트맵 읽기' }).first();
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    const titles = (await container.locator('.getting-started-step .step-title').allInnerTexts()).map(t => t.trim());
    for (const title of ['한 단계 들여다보기', '기본, peeky, 어텐션 비교', 'Bahdanau와 Luong 비교', '출력 강제하기', '직접 학습하기']) {
      assert.ok(titles.includes(title), `step '${title}' among: ${titles.join(' | ')}`);
    }
    await first.click();
    // The step's page is Markdown the workbench renders in a webview of its own.
    const media = page.frameLocator('.gettingStartedContainer iframe.webview.ready').first().frameLocator('#active-frame');
    const heading = media.locator('h1', { hasText: '날짜를 번역하고 히트맵 읽기' }).first();
    await heading.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await media.locator('body').innerText();
    assert.match(text, /어텐션 히트맵/);
    assert.doesNotMatch(text, /read the heatmap|attention heatmap|Open the sample/);
    await ui.screenshot('walkthrough-korean');
  });
});
