/** The panel's views in pieces or words (webview/wordView.ts) and what their exports hold. */
import * as assert from 'assert';
import { isHostToWebview, isWebviewToHost, type ComparisonView, type TranslationView } from '../../../src/shared/protocol/webview';
import { isWordResult } from '../../../src/shared/text/wordMerge';
import { entryCsv, viewJson } from '../../../webview/exporters';
import { exportParts, piecesOfWord, shownSourceIndex, shownView, viewHasSubwords } from '../../../webview/wordView';
import { comparison, subwordEntry, subwordResult, subwordTranslation, trickyTranslation } from './sampleViews';

const S = '\u2581';

function translation(view: unknown): TranslationView {
  assert.ok(view && (view as TranslationView).kind === 'translation');
  return view as TranslationView;
}

describe('pieces / words views', () => {
  it('offers the word view only for subword models, and leaves other views as they are', () => {
    assert.strictEqual(viewHasSubwords(subwordTranslation()), true);
    assert.strictEqual(viewHasSubwords(trickyTranslation()), false);
    assert.strictEqual(viewHasSubwords(comparison()), false);
    const chars = trickyTranslation();
    assert.strictEqual(shownView(chars, 'words'), chars);
    const sub = subwordTranslation();
    assert.strictEqual(shownView(sub, 'pieces'), sub);
    // The tokenizer kinds decide over the marks: a char model's '▁' stays a character.
    const charsWithMark = trickyTranslation();
    charsWithMark.entry.result.output = [S, 'x'];
    charsWithMark.entry.tokenizers = { source: 'char', target: 'char' };
    assert.strictEqual(viewHasSubwords(charsWithMark), false);
  });

  it('draws merged words with statistics of the merged matrix', () => {
    const shown = translation(shownView(subwordTranslation(), 'words'));
    const r = shown.entry.result;
    assert.deepStrictEqual(r.source.map((t) => t.text), ['the', 'student', 'sleeps']);
    assert.deepStrictEqual(r.output, ['le', '\u00e9tudiant', 'dort']);
    const stats = shown.entry.stats;
    assert.ok(stats);
    // Coverage of "student" = the column sums of its merged column: 0.2 + 0.8 + 0.15.
    assert.ok(Math.abs(stats.coverage[1] - 1.15) < 1e-9, String(stats.coverage));
    assert.strictEqual(stats.rowEntropy.length, 3);
  });

  it('merges every beam hypothesis, the best one being the shown result', () => {
    const view = subwordTranslation();
    const second = { ...subwordResult(), output: [`${S}un`, `${S}\u00e9l`, '\u00e8ve', `${S}dort`], text: 'un \u00e9l\u00e8ve dort' };
    view.entry.beams = [view.entry.result, second];
    const shown = translation(shownView(view, 'words'));
    assert.strictEqual(shown.entry.beams[0], shown.entry.result);
    assert.deepStrictEqual(shown.entry.beams[1].output, ['un', '\u00e9l\u00e8ve', 'dort']);
  });

  it('recomputes the comparison\'s disagreements on words', () => {
    const a = subwordEntry('A');
    const b = subwordEntry('B');
    // Another segmentation of the same words: pieces differ at 1 and 2, words do not.
    b.result = { ...b.result, output: [`${S}le`, `${S}\u00e9`, 'tudiant', `${S}dort`] };
    const view: ComparisonView = { kind: 'comparison', input: 'the student sleeps', entries: [a, b], disagreements: [1, 2] };
    const shown = shownView(view, 'words');
    assert.ok(shown.kind === 'comparison');
    assert.deepStrictEqual(shown.disagreements, []);
    assert.deepStrictEqual(shown.entries.map((e) => e.result.output), [['le', '\u00e9tudiant', 'dort'], ['le', '\u00e9tudiant', 'dort']]);
  });

  it('maps the host\'s highlighted piece to its word column', () => {
    const view = subwordTranslation();
    assert.deepStrictEqual([0, 1, 2, 3].map((p) => shownSourceIndex(view, 'words', p)), [0, 1, 1, 2]);
    assert.strictEqual(shownSourceIndex(view, 'pieces', 2), 2);
    assert.strictEqual(shownSourceIndex(view, 'words', null), null);
    assert.strictEqual(shownSourceIndex(view, 'words', 9), null);
    assert.strictEqual(shownSourceIndex(trickyTranslation(), 'words', 2), 2);
  });

  it('names the pieces of a merged word for the alternatives panel', () => {
    const r = translation(shownView(subwordTranslation(), 'words')).entry.result;
    assert.deepStrictEqual(piecesOfWord(r, 1), [`${S}\u00e9tu`, 'diant']);
    assert.strictEqual(piecesOfWord(subwordResult(), 1), null);
  });

  it('exports what is shown: words in CSV, and JSON with the view\'s name and the piece-level view', () => {
    const pieces = subwordTranslation();
    const words = exportParts(shownView(pieces, 'words'), 'words');
    assert.deepStrictEqual(words.subwords?.subwordView, 'words');
    const csv = entryCsv(translation(words.view).entry);
    assert.ok(csv.startsWith('output \\ source,the,student,sleeps\r\nle,0.7,0.2,0.1\r\n'), csv);
    const json = JSON.parse(viewJson(words.view, words.subwords));
    assert.strictEqual(json.subwordView, 'words');
    assert.deepStrictEqual(json.view.entry.result.output, ['le', '\u00e9tudiant', 'dort']);
    assert.deepStrictEqual(json.view.entry.result.pieceGroups.source, [[0], [1, 2], [3]]);
    assert.strictEqual(json.view.entry.result.pieces, undefined, 'the pieces are kept once, in pieceView');
    // Nothing is lost: the piece-level matrix and tokens are all there.
    assert.deepStrictEqual(json.pieceView.entry.result, subwordResult());
    assert.ok(!isWordResult(json.pieceView.entry.result));
    const kept = exportParts(pieces, 'pieces');
    assert.deepStrictEqual(JSON.parse(viewJson(kept.view, kept.subwords)).subwordView, 'pieces');
    assert.strictEqual(JSON.parse(viewJson(kept.view, kept.subwords)).pieceView, undefined);
    // Char and word models export as before, with no subword fields.
    const chars = exportParts(trickyTranslation(), 'words');
    assert.strictEqual(chars.subwords, undefined);
    assert.strictEqual(JSON.parse(viewJson(chars.view, chars.subwords)).subwordView, undefined);
  });

  it('checks the toggle\'s messages at the boundary', () => {
    assert.ok(isWebviewToHost({ type: 'setSubwordView', view: 'words' }));
    assert.ok(!isWebviewToHost({ type: 'setSubwordView', view: 'letters' }));
    assert.ok(isWebviewToHost({ type: 'focusCell', entry: 0, row: 1, col: 2, subwordView: 'words' }));
    assert.ok(isWebviewToHost({ type: 'focusCell', entry: 0, row: 1, col: 2 }));
    assert.ok(!isWebviewToHost({ type: 'focusCell', entry: 0, row: 1, col: 2, subwordView: 1 }));
    assert.ok(isHostToWebview({ type: 'preferences', subwordView: 'pieces' }));
    assert.ok(!isHostToWebview({ type: 'preferences' }));
  });
});
