/** Pure parts of the step inspector: the strings table, the parting step, the trace messages' guards. */
import * as assert from 'assert';
import { INSPECTOR_STRINGS } from '../../../webview/l10n/inspectorStrings';
import { t } from '../../../webview/l10n/strings';
import { firstParting } from '../../../webview/forcing';
import { GLOSSARY_TERMS } from '../../../webview/glossary';
import { isTracedDecode } from '../../../src/shared/protocol/trace';
import { isHostToWebview, isWebviewToHost } from '../../../src/shared/protocol/webview';

const trace = (n: number, weights: number[] | null) => ({
  result: { output: ['1'] },
  trace: {
    mechanism: 'luong-dot', reversed: true, source: Array.from({ length: n }, (_, i) => String(i)),
    keys: Array.from({ length: n }, () => [0.1, -0.2]), finalState: [0.3, 0.4], contextEntry: null, inputFeeding: false,
    steps: [{ step: 0, input: '<sos>', output: '1', probability: 0.9, forced: false, top: [], query: [1, 2], scores: weights, weights, context: [0, 0], concat: null }],
  },
});

describe('step inspector parts', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    assert.strictEqual(t('inspector.heading', 3, 'x'), 'Step 3: how \u2018x\u2019 was produced');
    assert.strictEqual(t('inspector.heading', 3), 'Step 3: how \u2018{1}\u2019 was produced');
  });

  it('has a name and an explanation for every glossary term, and every formula of an attention mechanism', () => {
    const keys = Object.keys(INSPECTOR_STRINGS);
    for (const term of GLOSSARY_TERMS) {
      assert.ok(keys.includes(`term.${term}`) && keys.includes(`term.${term}.text`), term);
    }
    for (const m of ['luong-dot', 'luong-general', 'luong-concat', 'bahdanau']) assert.ok(keys.includes(`inspector.formula.${m}`), m);
  });

  it('finds the first step where the forced run parts from the free one (an end counts)', () => {
    assert.strictEqual(firstParting(['1', '9', '<eos>'], ['1', '9', '<eos>']), null);
    assert.strictEqual(firstParting(['1', '9', '<eos>'], ['1', '8', '<eos>']), 1);
    assert.strictEqual(firstParting(['1', '9', '<eos>'], ['1', '9', '4', '<eos>']), 2);
  });

  it('accepts a well-formed trace and refuses one whose weights do not match the source', () => {
    assert.ok(isTracedDecode(trace(2, [0.5, 0.5])));
    assert.ok(isTracedDecode(trace(2, null)));
    assert.ok(!isTracedDecode(trace(3, [0.5, 0.5])));
    assert.ok(!isTracedDecode(trace(2, [0.5, NaN])));
    assert.ok(isHostToWebview({ type: 'trace', requestId: 4, traced: trace(2, [0.5, 0.5]) }));
    assert.ok(!isHostToWebview({ type: 'trace', requestId: -1, traced: trace(2, [0.5, 0.5]) }));
    assert.ok(isHostToWebview({ type: 'traceFailed', requestId: 4, message: 'no' }));
  });

  it('checks the panel\'s trace requests', () => {
    assert.ok(isWebviewToHost({ type: 'trace', requestId: 1, entry: 0 }));
    assert.ok(isWebviewToHost({ type: 'trace', requestId: 1, entry: 2, target: '1994-09-28', mode: 'whole' }));
    assert.ok(isWebviewToHost({ type: 'trace', requestId: 1, entry: 0, targetTokens: ['1', '9'], mode: 'prefix' }));
    assert.ok(!isWebviewToHost({ type: 'trace', requestId: 1, entry: 0, mode: 'sideways' }));
    assert.ok(!isWebviewToHost({ type: 'trace', requestId: 1, entry: 0, targetTokens: [1, 2] }));
    assert.ok(!isWebviewToHost({ type: 'trace', requestId: 1, entry: 0, target: 'x'.repeat(5000) }));
  });
});
