import * as assert from 'assert';
import { comparisonCsv, csvField, csvLines, entryCsv, trainingCsv, UNKNOWN_ROW, viewCsv, viewJson, viewScene, viewSvg } from '../../../webview/exporters';
import { assessConfidence } from '../../../src/shared/quality/confidence';
import type { MismatchView, TranslationEntry } from '../../../src/shared/protocol/webview';

/** The entry with these source tokens flagged as read as <unk>. */
function withUnknown(e: TranslationEntry, flags: boolean[]): TranslationEntry {
  return { ...e, result: { ...e.result, sourceUnknown: flags } };
}
import type { Palette } from '../../../webview/scene';
import { comparison, entry, training, trickyTranslation } from './sampleViews';

const palette: Palette = {
  colors: { bg: '#1e1e1e', fg: '#cccccc', muted: '#999999', grid: '#444444', heat: '#3794ff', accent: '#d18616', series0: '#3794ff', series1: '#d18616', series2: '#89d185', series3: '#b180d7', series4: '#f14c4c', series5: '#cca700' },
  monoFont: '"Fira Code", monospace',
  uiFont: 'sans-serif',
};

/** A minimal RFC 4180 reader, to check that what we write reads back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  assert.strictEqual(field, '', 'CSV must end with CRLF');
  return rows;
}

describe('webview/exporters', () => {
  it('quotes CSV fields per RFC 4180', () => {
    assert.strictEqual(csvField('plain'), 'plain');
    assert.strictEqual(csvField('a,b'), '"a,b"');
    assert.strictEqual(csvField('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvField('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvField(' '), '" "');
    assert.strictEqual(csvField(0.25), '0.25');
    assert.strictEqual(csvField(NaN), '');
    assert.strictEqual(csvLines([['a', 'b'], ['c', 'd']]), 'a,b\r\nc,d\r\n');
  });

  it('writes the translation matrix: source tokens as header, output tokens as row labels, then the <unk> flags', () => {
    const view = trickyTranslation();
    const rows = parseCsv(entryCsv(view.entry));
    assert.deepStrictEqual(rows[0], ['output \\ source', 'a,', ' ', '"<b>&']);
    assert.deepStrictEqual(rows[1], ['사랑', '0.7', '0.2', '0.1']);
    assert.deepStrictEqual(rows[2], ['x"y', '0.05', '0.15', '0.8']);
    assert.deepStrictEqual(rows[3], [UNKNOWN_ROW, 'no', 'no', 'no']);
    assert.strictEqual(rows.length, 4);
    const marked = withUnknown(view.entry, [false, false, true]);
    assert.deepStrictEqual(parseCsv(entryCsv(marked))[3], [UNKNOWN_ROW, 'no', 'no', 'yes']);
  });

  it('writes output, probabilities and low-probability flags when there is no attention', () => {
    const e = { ...entry('peeky', ['a'], ['x', 'y'], null), confidence: assessConfidence({ probabilities: [0.9, 0.3], endProbability: 0.9 }, null) };
    const rows = parseCsv(entryCsv(e));
    assert.deepStrictEqual(rows, [['step', 'output', 'probability', 'low probability'], ['1', 'x', '0.9', 'no'], ['2', 'y', '0.9', 'yes']]);
  });

  it('writes the comparison as one long table with disagreement, low-probability and <unk> flags', () => {
    const rows = parseCsv(comparisonCsv(comparison()));
    assert.deepStrictEqual(rows[0], ['model', 'mechanism', 'row', 'output', 'probability', 'col', 'source', 'weight', 'disagreement', 'low probability', 'source unknown']);
    // 2x2 weights for each of two attention models, one row per output token for the baseline.
    assert.strictEqual(rows.length, 1 + 4 + 4 + 2);
    assert.deepStrictEqual(rows[4], ['Model bahdanau', 'bahdanau', '2', 'b', '0.9', '2', '2', '1', 'yes', 'no', 'no']);
    assert.deepStrictEqual(rows[9], ['Model baseline', 'baseline', '1', 'a', '0.9', '', '', '', 'no', 'no', '']);
    const view = comparison();
    view.entries[0] = withUnknown(view.entries[0], [true, false]);
    assert.deepStrictEqual(parseCsv(comparisonCsv(view))[1].slice(5), ['1', '1', '1', 'no', 'no', 'yes']);
  });

  it('writes training metrics per run and epoch', () => {
    const rows = parseCsv(trainingCsv(training()));
    assert.strictEqual(rows.length, 1 + 4 + 2);
    assert.deepStrictEqual(rows[5].slice(0, 5), ['r2', 'attention, "quoted"', 'bahdanau', 'running', '1']);
    assert.strictEqual(viewCsv(training()), trainingCsv(training()));
  });

  it('exports JSON that reads back to the same view', () => {
    const view = trickyTranslation();
    const parsed = JSON.parse(viewJson(view)) as { format: string; version: number; view: unknown };
    assert.strictEqual(parsed.format, 'seq2seq-attention-explorer.view');
    assert.strictEqual(parsed.version, 1);
    assert.deepStrictEqual(parsed.view, view);
  });

  it('exports a self-contained SVG with escaped text labels and one cell per weight', () => {
    const svg = viewSvg(trickyTranslation(), palette);
    assert.ok(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    assert.ok(!svg.includes('<b>'), 'dataset markup must be escaped');
    assert.ok(svg.includes('&quot;&lt;b&gt;&amp;'), 'the source token is written escaped');
    assert.ok(svg.includes('Bahdanau &lt;test&gt; &amp; &quot;co&quot;'));
    assert.ok(svg.includes('>사랑</text>'), 'Korean is kept as text');
    assert.ok(svg.includes('font-family="&quot;Fira Code&quot;, monospace"'));
    assert.ok(!/var\(--/.test(svg), 'no CSS variables: the file must render outside VS Code');
    const heatCells = svg.match(/<rect [^>]*fill="#3794ff" fill-opacity="[\d.]+"[^>]*\/>/g) ?? [];
    assert.strictEqual(heatCells.length, 6 + 5, '2x3 cells plus 5 legend swatches');
    assert.ok(svg.includes('fill-opacity="0.7"'));
    assert.ok(svg.includes('>.70</text>'), 'the weight is written in its cell');
  });

  it('marks unknown source tokens and low-probability outputs in the SVG with signs, not colour alone', () => {
    const view = trickyTranslation();
    const plain = viewSvg(view, palette);
    assert.ok(!plain.includes('>unk</text>'), 'no mark without an unknown token');
    const confidence = assessConfidence({ probabilities: [0.9, 0.2], endProbability: 0.95 }, null);
    const marked = viewSvg({ ...view, entry: { ...withUnknown(view.entry, [false, true, false]), confidence } }, palette);
    assert.strictEqual((marked.match(/>unk<\/text>/g) ?? []).length, 1, 'one "unk" mark above the unknown column');
    assert.ok(marked.includes('stroke-dasharray="3 2"'), 'a dashed frame around the unknown column');
    assert.ok(marked.includes('>? x&quot;y</text>'), 'the low-probability row is written with a "?"');
    assert.ok(!marked.includes('>? 사랑</text>'), 'the confident row is not');
  });

  it('exports an input that did not fit: the offered models in CSV, SVG and JSON', () => {
    const view: MismatchView = {
      kind: 'mismatch', input: 'hello <world>', modelId: 'date-x', modelLabel: 'Dates', message: "Model 'date-x' does not know the character 'k'.",
      fit: { active: { fits: false, score: -9, threshold: -1, unknownShare: null, maxUnknownShare: 0, reason: 'unlike', modelId: 'date-x', label: 'Dates' },
        candidates: [{ modelId: 'en-x', label: 'English "x"', task: 'en-x', margin: 1.25, heldOut: null }] },
    };
    const rows = parseCsv(viewCsv(view));
    assert.deepStrictEqual(rows, [['input', 'model', 'message', 'offered model', 'offered label', 'fit margin'],
      ['hello <world>', 'date-x', "Model 'date-x' does not know the character 'k'.", 'en-x', 'English "x"', '1.25']]);
    const svg = viewSvg(view, palette);
    assert.ok(svg.includes('hello &lt;world&gt;') && !svg.includes('<world>'));
    assert.ok(svg.includes('English &quot;x&quot; (en-x)'));
    assert.deepStrictEqual((JSON.parse(viewJson(view)) as { view: unknown }).view, view);
  });

  it('titles a comparison of attention-file systems with systems, of models with models', () => {
    const models = comparison();
    const systems = { ...models, entries: models.entries.map((e) => ({ ...e, mechanism: 'external' as const })) };
    const titleOf = (v: typeof models): string => viewScene(v).title;
    assert.match(titleOf(models), /^Attention of \d+ models for /);
    assert.match(titleOf(systems), /^Attention of \d+ systems for /);
    assert.match(viewSvg(systems, palette), /The systems disagree at|All \d+ systems produce/);
  });

  it('exports comparison and training SVGs', () => {
    const cmp = viewSvg(comparison(), palette);
    assert.ok(cmp.includes('No attention'));
    assert.ok(cmp.includes('\u2260 c'), 'disagreeing rows are marked');
    const tr = viewSvg(training(), palette);
    assert.ok(tr.includes('Exact match per epoch'));
    assert.ok(tr.includes('attention, &quot;quoted&quot;'));
    assert.strictEqual((tr.match(/<svg /g) ?? []).length, 1);
  });
});
