/**
 * The step inspector and teacher forcing as a learner uses them: translate a date, click an output
 * token, read the query, the keys, the scores and weights, the context; force a different output and see
 * where it parts from the model's; then the same inspector on a Bahdanau card of the comparison. The
 * arithmetic is checked on the numbers the panel shows (softmax of the scores = the weights; context =
 * the weighted sum of the shown encoder states).
 */
import * as assert from 'assert';
import type { FrameLocator, Locator } from 'playwright-core';
import { startSession, type UiSession } from './harness';

const TOL = 1e-4;

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map(x => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map(x => x / z);
}

function assertClose(a: number[], b: number[], what: string): void {
  assert.strictEqual(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= TOL * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${x} vs ${b[i]}`));
}

const numbers = (s: string): number[] => s.trim().split(/\s+/).map(Number);

/** Reads the open inspector's table and vectors and checks the two identities of attention. */
async function checkInspectorArithmetic(inspector: Locator): Promise<void> {
  const table = inspector.locator('table.insp-keys');
  await table.waitFor({ state: 'visible', timeout: 90_000 });
  const scores = (await table.locator('td[data-score]').evaluateAll(tds => tds.map(td => td.getAttribute('data-score') ?? ''))).map(Number);
  const weights = (await table.locator('td[data-weight]').evaluateAll(tds => tds.map(td => td.getAttribute('data-weight') ?? ''))).map(Number);
  assert.ok(scores.length > 0 && scores.every(Number.isFinite), `scores: ${scores.join(', ')}`);
  assertClose(softmax(scores), weights, 'softmax(scores) vs weights');
  assertClose([weights.reduce((a, b) => a + b, 0)], [1], 'weights sum');
  const keys = (await table.locator('.vec').evaluateAll(els => els.map(e => e.getAttribute('data-values') ?? ''))).map(numbers);
  const context = numbers(await inspector.locator('.vec[data-name="a_t"]').getAttribute('data-values') ?? '');
  const mixed = context.map((_, d) => weights.reduce((acc, w, i) => acc + w * keys[i][d], 0));
  assertClose(mixed, context, 'context vs sum alpha h');
  // Every figure has a text form.
  const labels = await inspector.locator('.vec').evaluateAll(els => els.map(e => e.getAttribute('aria-label') ?? ''));
  assert.ok(labels.every(l => /norm \d/.test(l)), 'every vector strip says its norm');
}

function openInspector(card: Locator | FrameLocator, chip: number): Promise<void> {
  return card.locator('.output-strip .out-chip').nth(chip).click();
}

describe('Step inspector and teacher forcing (UI)', function () {
  let ui: UiSession | undefined;

  before(async function () {
    ui = await startSession({ name: 'inspector', settings: { 'seq2seqAttention.activeModel': 'date-luong-dot' } });
  });

  after(async function () {
    await ui?.close();
  });

  it('a Luong model: clicking an output token shows the four steps with numbers that add up', async function () {
    assert.ok(ui);
    await ui.openFile('dates.txt');
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: Translate Selection');
    const view = ui.webviewFrame();
    await view.locator('table[role="grid"]').first().waitFor({ state: 'visible', timeout: 90_000 });
    await openInspector(view, 5);
    const inspector = view.locator('section.inspector');
    await checkInspectorArithmetic(inspector);
    const text = await inspector.innerText();
    assert.match(text, /Step 6/);
    assert.match(text, /Score \(dot\): e_t,i = s_t · h_i/);
    assert.match(text, /Fed into this step: '.'|Fed into this step: ‘.’/);
    assert.match(text, /reads its input reversed/);
    assert.match(text, /\[a_t; s_t\]/);
    await inspector.locator('table.insp-keys').scrollIntoViewIfNeeded();
    await ui.screenshot('inspector-luong-step');
    // The input was read reversed: the heatmap and the key table can show the encoder's order.
    const columns = (): Promise<string> => view.locator('table[role="grid"]').first().locator('thead th[scope="col"]')
      .evaluateAll(ths => ths.map(th => th.getAttribute('data-token') ?? '').join(''));
    assert.strictEqual(await columns(), 'september 27, 1994');
    await inspector.locator('button', { hasText: 'Show in the encoder' }).click();
    await view.locator('p.note', { hasText: 'encoder\u2019s order' }).first().waitFor({ timeout: 10_000 });
    assert.strictEqual(await columns(), '4991 ,72 rebmetpes');
    const firstKey = await inspector.locator('table.insp-keys tbody th').first().innerText();
    assert.strictEqual(firstKey.trim(), '4');
    await ui.screenshot('inspector-encoder-order');
    await inspector.locator('button', { hasText: 'Show in your order' }).click();
    await view.locator('p.note', { hasText: 'encoder\u2019s order' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.strictEqual(await columns(), 'september 27, 1994');
    await inspector.locator('button', { hasText: 'Next step' }).click();
    await view.locator('section.inspector h3', { hasText: 'Step 7' }).waitFor({ timeout: 10_000 });
    await checkInspectorArithmetic(inspector);
    // The glossary explains a term on keyboard focus.
    const term = inspector.locator('.term[data-term="softmax"]').first();
    await term.focus();
    const tip = term.locator('.term-tip');
    await tip.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await tip.innerText(), /sum to 1/);
    await ui.screenshot('inspector-glossary-softmax');
    // The panel's statistics explain their terms on hover.
    const entropy = view.locator('dl.stats .term[data-term="entropy"]').first();
    await entropy.scrollIntoViewIfNeeded();
    await entropy.hover();
    const entropyTip = entropy.locator('.term-tip');
    await entropyTip.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await entropyTip.innerText(), /nats \(natural logarithm\)/);
    await ui.screenshot('glossary-entropy-hover');
  });

  it('forcing an output shows it beside the free run and marks the first step where they part', async function () {
    assert.ok(ui);
    const view = ui.webviewFrame();
    const inspector = view.locator('section.inspector');
    const free = (await view.locator('.output-text').first().innerText()).trim();
    const forced = free.slice(0, -1) + (free.endsWith('1') ? '2' : '1');
    await inspector.locator('.force-input').fill(forced);
    await inspector.locator('.force-form select').selectOption('whole');
    await inspector.locator('button', { hasText: 'Run forced' }).click();
    const parted = inspector.locator('.force-parted');
    await parted.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await parted.innerText(), new RegExp(`part at step ${free.length}`));
    const rows = inspector.locator('table.force-compare tbody tr');
    assert.strictEqual(await rows.count(), free.length + 1, 'one row per step, the end included');
    assert.strictEqual(await inspector.locator('table.force-compare tr.parted').getAttribute('data-step'), String(free.length - 1));
    assert.ok(await inspector.locator('.forcing table[role="grid"]').count() === 1, 'the forced run has its attention heatmap');
    await inspector.locator('table.force-compare').scrollIntoViewIfNeeded();
    await ui.screenshot('forcing-whole-output');
    // Picking an alternative at this step forces it as a prefix; the model continues from it.
    await inspector.locator('button.force-alt').first().click();
    await inspector.locator('.force-summary').waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('table.force-compare td', { hasText: 'the model' }).first().waitFor({ timeout: 60_000 });
    await ui.screenshot('forcing-alternative-prefix');
  });

  it('a Bahdanau card in the comparison: the previous state as query, the same identities', async function () {
    assert.ok(ui);
    // Back in the editor (the last test typed into the panel), then the command palette.
    await ui.selectText({ line: 1 });
    await ui.runCommand('Seq2Seq: Compare Attention Mechanisms');
    const view = ui.webviewFrame();
    const card = view.locator('article.entry[data-mechanism="bahdanau"]').first();
    await card.waitFor({ state: 'visible', timeout: 120_000 });
    await openInspector(card, 2);
    const inspector = card.locator('section.inspector');
    await checkInspectorArithmetic(inspector);
    const text = await inspector.innerText();
    assert.match(text, /previous state/);
    assert.match(text, /v · tanh/);
    assert.match(text, /\[x_t; a_t\]/);
    await inspector.scrollIntoViewIfNeeded();
    await ui.screenshot('inspector-bahdanau-step');
    // The baseline card shows its bottleneck instead.
    const baseline = view.locator('article.entry[data-mechanism="baseline"]').first();
    await openInspector(baseline, 0);
    const neck = baseline.locator('section.inspector .bottleneck');
    await neck.waitFor({ state: 'visible', timeout: 60_000 });
    assert.strictEqual(await neck.getAttribute('data-context-entry'), 'initial-state');
    assert.match(await neck.innerText(), /one vector of \d+ numbers/);
    await neck.scrollIntoViewIfNeeded();
    await ui.screenshot('inspector-baseline-bottleneck');
  });
});
