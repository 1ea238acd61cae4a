import * as assert from 'assert';
import { isHostToWebview, type PanelView } from '../../../src/shared/protocol/webview';
import { checkView } from '../../../webview/viewCheck';
import { comparison, training, trickyTranslation } from './sampleViews';

describe('webview/viewCheck', () => {
  it('accepts well-formed views', () => {
    for (const view of [trickyTranslation(), comparison(), training()]) {
      assert.ok(isHostToWebview({ type: 'view', view }));
      assert.strictEqual(checkView(view), null);
    }
  });

  it('reads missing stats and beams as none', () => {
    const v = trickyTranslation() as unknown as { entry: Record<string, unknown> };
    delete v.entry.stats;
    delete v.entry.beams;
    assert.strictEqual(checkView(v as unknown as PanelView), null);
    v.entry.beams = 'x';
    assert.match(checkView(v as unknown as PanelView) ?? '', /beams: expected a list/);
    v.entry.beams = [];
    v.entry.tokenizers = { source: 'subword' };
    assert.match(checkView(v as unknown as PanelView) ?? '', /tokenizers: expected \{source, target\}/);
  });

  it('rejects a matrix whose shape does not match the tokens', () => {
    const v = trickyTranslation();
    v.entry.result.attention = [[1, 0, 0]];
    assert.match(checkView(v) ?? '', /attention: 1 rows for 2 output tokens/);
    const w = trickyTranslation();
    w.entry.result.attention = [[1, 0], [0, 1]];
    assert.match(checkView(w) ?? '', /attention\[0\]: expected 3 numbers/);
  });

  it('rejects entries the protocol guard lets through', () => {
    const bad = { kind: 'translation', input: 'x', entry: { modelId: 1 } };
    assert.ok(isHostToWebview({ type: 'view', view: bad }), 'the envelope guard is shallow');
    assert.match(checkView(bad as unknown as PanelView) ?? '', /entry: modelId/);
    const c = comparison();
    (c.entries[1].result as unknown as { output: unknown }).output = 'ab';
    assert.match(checkView(c) ?? '', /entries\[1\]\.result\.output/);
    const t = training();
    (t.runs[0] as unknown as { epochs: unknown }).epochs = [{}];
    assert.match(checkView(t) ?? '', /runs\[0\]\.epochs/);
  });
});
