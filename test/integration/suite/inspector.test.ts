/**
 * The step inspector and teacher forcing through the real extension: a translation in the panel, then the
 * panel's `trace` request for its entry, answered by the worker from the same kind of decode. The numbers
 * must be consistent (softmax of the scores = the weights shown, context = the weighted sum of the encoder
 * states shown) and the decode must reproduce the panel's output.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import type { TracedDecode } from '../../../src/shared/engine/traceTypes';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import { COMMANDS, DATE_INPUT, getApi, requireModel, selectDate, withSetting } from './helpers';

const TOL = 1e-4;

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map(x => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map(x => x / z);
}

function assertClose(a: number[], b: number[], what: string): void {
  assert.strictEqual(a.length, b.length, `${what}: lengths`);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= TOL * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${x} vs ${b[i]}`));
}

async function translateWith(api: Seq2SeqTestApi, modelId: string): Promise<{ view: TranslationView; restore: () => Promise<void> }> {
  await requireModel(api, modelId);
  const restore = await withSetting('activeModel', modelId);
  await selectDate();
  const view = await vscode.commands.executeCommand<TranslationView | undefined>(COMMANDS.translate);
  assert.ok(view && view.kind === 'translation', `the command failed: ${api.lastUserMessage()?.text}`);
  assert.strictEqual(view.entry.modelId, modelId);
  return { view, restore };
}

function checkAttentionTrace(traced: TracedDecode, view: TranslationView): void {
  const { trace, result } = traced;
  assert.deepStrictEqual(result.output, view.entry.result.output, 'the traced decode reproduces the panel\'s output');
  assert.strictEqual(trace.source.join(''), DATE_INPUT);
  assert.strictEqual(trace.keys.length, DATE_INPUT.length);
  const H = trace.keys[0].length;
  for (const step of trace.steps) {
    assert.ok(step.scores && step.weights && step.context && step.query, `step ${step.step} has its parts`);
    assertClose(softmax(step.scores), step.weights, `step ${step.step}: softmax(scores) vs weights`);
    const mixed = Array.from({ length: H }, (_, d) => step.weights!.reduce((acc, w, i) => acc + w * trace.keys[i][d], 0));
    assertClose(mixed, step.context, `step ${step.step}: context vs sum alpha h`);
  }
  // The panel's heatmap rows are the trace's weights.
  view.entry.result.attention?.forEach((row, t) => assertClose(row, trace.steps[t].weights!, `heatmap row ${t}`));
  view.entry.result.probabilities.forEach((p, t) => assertClose([trace.steps[t].probability], [p], `probability ${t}`));
}

describe('Step inspector and teacher forcing', function () {
  this.timeout(180_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  for (const modelId of ['date-luong-dot', 'date-bahdanau']) {
    it(`${modelId}: the inspector's scores, weights and context are the decode's own and consistent`, async () => {
      const { view, restore } = await translateWith(api, modelId);
      try {
        const answered = await api.traceStep({ entry: 0 });
        assert.ok(answered.traced, `the trace failed: ${answered.error}`);
        assert.strictEqual(answered.modelId, modelId);
        assert.strictEqual(answered.input, DATE_INPUT);
        checkAttentionTrace(answered.traced, view);
        // The book's date models read their input reversed, and say so.
        assert.strictEqual(answered.traced.trace.reversed, true);
        const luong = modelId.includes('luong');
        for (const step of answered.traced.trace.steps) {
          if (luong) assertClose(step.concat!, [...step.context!, ...step.query!], `step ${step.step}: [a; s]`);
        }
      } finally {
        await restore();
      }
    });
  }

  it('forcing an output: each forced token\'s probability, and where the forced run parts from the free one', async () => {
    const { view, restore } = await translateWith(api, 'date-bahdanau');
    try {
      const free = view.entry.result.output;
      const wrong = [...free];
      const last = wrong.length - 1;
      wrong[last] = wrong[last] === '1' ? '2' : '1';
      const whole = await api.traceStep({ entry: 0, target: wrong.join(''), mode: 'whole' });
      assert.ok(whole.traced, `the trace failed: ${whole.error}`);
      const steps = whole.traced.trace.steps;
      assert.deepStrictEqual(steps.map(s => s.output), [...wrong, '<eos>']);
      assert.ok(steps.every(s => s.forced));
      // Until they part, the forced run is the free run: the same tokens and probabilities.
      view.entry.result.probabilities.slice(0, last).forEach((p, t) => assertClose([steps[t].probability], [p], `probability ${t}`));
      assert.ok(steps[last].probability < view.entry.result.probabilities[last], 'the changed token is less likely than the model\'s own');
      // A forced prefix that the model would not choose; the model continues from it.
      const prefix = await api.traceStep({ entry: 0, targetTokens: ['2', '0'], mode: 'prefix' });
      assert.ok(prefix.traced, `the trace failed: ${prefix.error}`);
      assert.deepStrictEqual(prefix.traced.trace.steps.slice(0, 3).map(s => s.forced), [true, true, false]);
      assert.deepStrictEqual(prefix.traced.result.output.slice(0, 2), ['2', '0']);
      // An output the model cannot produce is refused with a message, not a crash.
      const tooLong = await api.traceStep({ entry: 0, target: '1'.repeat(300), mode: 'whole' });
      assert.strictEqual(tooLong.traced, null);
      assert.match(tooLong.error ?? '', /at most/);
      // Nothing but the view's entries can be asked about.
      const missing = await api.traceStep({ entry: 5 });
      assert.strictEqual(missing.traced, null);
      assert.match(missing.error ?? '', /no longer shows/);
    } finally {
      await restore();
    }
  });

  it('baseline: no attention, the one context vector that enters only the initial state', async () => {
    const { restore } = await translateWith(api, 'date-baseline');
    try {
      const answered = await api.traceStep({ entry: 0 });
      assert.ok(answered.traced, `the trace failed: ${answered.error}`);
      assert.strictEqual(answered.traced.trace.contextEntry, 'initial-state');
      assert.ok(answered.traced.trace.finalState.length > 0);
      assert.ok(answered.traced.trace.steps.every(s => s.weights === null));
    } finally {
      await restore();
    }
  });
});
