/**
 * Exported pictures (SVG; the PNG paints the same scene): a title with the model and the input, axis
 * titles in the panel's language, hostile text written as text, comparisons laid out as a grid.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../../src/scripts/projectRoot';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import { viewScene, viewSvg } from '../../../webview/exporters';
import { setStrings } from '../../../webview/l10n/strings';
import { ENGLISH_STRINGS } from '../../../webview/l10n/tables';
import type { Palette, Prim } from '../../../webview/scene';
import { gridLayout } from '../../../webview/sceneGrid';
import { comparison, entry } from './sampleViews';

const palette: Palette = {
  colors: { bg: '#ffffff', fg: '#1f1f1f', muted: '#717171', grid: '#cccccc', heat: '#1a85ff', accent: '#d18616', series0: '#1a85ff', series1: '#d18616', series2: '#388a34', series3: '#652d90', series4: '#e51400', series5: '#bf8803' },
  monoFont: 'monospace',
  uiFont: 'sans-serif',
};

const HOSTILE = ['<script>alert(1)</script>', '&', '"q"', "it's", '&amp;', ']]>'];

function hostileView(): TranslationView {
  return {
    kind: 'translation',
    input: `<script>x</script> & "y" 'z'`,
    entry: entry('luong-dot', HOSTILE, ['<', '>', '&'], [0, 1, 2].map(() => HOSTILE.map(() => 1 / HOSTILE.length)), 'Luong <i>"dot"</i> & co'),
  };
}

/** The text of every <text> element, unescaped, in document order. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

const texts = (prims: readonly Prim[]): Extract<Prim, { kind: 'text' }>[] => prims.filter((p): p is Extract<Prim, { kind: 'text' }> => p.kind === 'text');

describe('webview: exported pictures', () => {
  afterEach(() => setStrings('en', {}));

  it('titles the picture with the model and the input and the axes with "Source tokens" and "Output tokens"', () => {
    const view = entry('bahdanau', ['a', 'b', 'c'], ['x', 'y'], [[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], 'Bahdanau (additive)');
    const svg = viewSvg({ kind: 'translation', input: 'abc', entry: view }, palette);
    const all = svgTexts(svg);
    assert.ok(all.includes('Attention of Bahdanau (additive) for "abc"'), all.join(' | '));
    assert.ok(all.includes('Source tokens \u2192'), 'the column axis has its title');
    assert.ok(all.includes('Output tokens'), 'the row axis has its title');
    assert.match(svg, /<title>Attention of Bahdanau \(additive\) for &quot;abc&quot;/);
    // The output axis is written upwards, beside the row labels and left of the grid.
    const scene = viewScene({ kind: 'translation', input: 'abc', entry: view });
    const output = texts(scene.prims).find((p) => p.text === 'Output tokens');
    const source = texts(scene.prims).find((p) => p.text === 'Source tokens \u2192');
    const rowLabel = texts(scene.prims).find((p) => p.text === 'x' && p.font === 'mono');
    const colLabel = texts(scene.prims).find((p) => p.text === 'a' && p.font === 'mono');
    assert.ok(output && source && rowLabel && colLabel);
    assert.strictEqual(output.rotate, -90);
    assert.ok(output.x < rowLabel.x - 20, 'left of the row labels');
    assert.ok(source.y < colLabel.y, 'above the column labels');
  });

  it('writes the axis titles in Korean when the panel is in Korean (the shipped bundle)', () => {
    const ko = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
    const strings: Record<string, string> = {};
    for (const [id, english] of Object.entries(ENGLISH_STRINGS)) if (ko[english]) strings[id] = ko[english];
    setStrings('ko', strings);
    const svg = viewSvg({ kind: 'translation', input: '2019년 1월 20일', entry: entry('bahdanau', ['2', '0'], ['1'], [[0.5, 0.5]], '바다나우') }, palette);
    const all = svgTexts(svg);
    assert.ok(all.includes('원문 토큰 \u2192'), all.join(' | '));
    assert.ok(all.includes('출력 토큰'));
    assert.ok(all.includes('"2019년 1월 20일"에 대한 바다나우의 어텐션'));
    assert.ok(!all.includes('Source tokens \u2192'));
  });

  it('writes hostile token, label and input text as escaped text, never as markup', () => {
    const svg = viewSvg(hostileView(), palette);
    assert.ok(!svg.includes('<script'), 'no script element');
    assert.ok(!svg.includes('<i>'), 'no markup from the label');
    assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;)/.test(svg), 'every & is the start of an entity');
    assert.ok(!svg.includes(']]>'), 'no CDATA end');
    const all = svgTexts(svg);
    for (const token of HOSTILE) assert.ok(all.includes(token), `source token ${token} reads back as text`);
    assert.ok(all.includes(`Attention of Luong <i>"dot"</i> & co for "<script>x</script> & "y" 'z'"`), all.join(' | '));
    // Only the elements the exporter writes: no element from the data.
    const elements = new Set([...svg.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]));
    assert.deepStrictEqual([...elements].sort(), ['path', 'rect', 'svg', 'text', 'title']);
  });

  it('lays a comparison out as a grid of its cards, each under its own title', () => {
    const view = comparison();
    const scene = viewScene(view);
    const titles = view.entries.map((e) => texts(scene.prims).find((p) => p.text.startsWith(`${e.modelLabel}: `)));
    assert.ok(titles.every(Boolean), 'every card keeps its title');
    const [a, b, c] = titles as NonNullable<typeof titles[number]>[];
    // Three cards: two columns, two rows.
    assert.strictEqual(a.y, b.y, 'the first two cards side by side');
    assert.ok(b.x > a.x + 100);
    assert.ok(c.y > a.y + 50, 'the third card in the next row');
    assert.strictEqual(c.x, a.x, 'under the first');
    const frames = scene.prims.filter((p) => p.kind === 'path' && p.cls === 'grid-cell');
    assert.strictEqual(frames.length, 3, 'each card in a framed cell');
    assert.ok(texts(scene.prims).some((p) => p.text === 'Attention of 3 models for "12"'));
  });
});

describe('webview: grid layout of exported comparisons', () => {
  it('makes rows of about as many columns as rows', () => {
    const cells = (n: number) => Array.from({ length: n }, () => ({ width: 100, height: 50 }));
    const shape = (n: number) => { const l = gridLayout(cells(n), { gap: 10 }); return [l.columns, l.rows]; };
    assert.deepStrictEqual(shape(1), [1, 1]);
    assert.deepStrictEqual(shape(2), [2, 1]);
    assert.deepStrictEqual(shape(3), [2, 2]);
    assert.deepStrictEqual(shape(4), [2, 2]);
    assert.deepStrictEqual(shape(6), [3, 2]);
    assert.deepStrictEqual(shape(7), [3, 3]);
    const six = gridLayout(cells(6), { gap: 10 });
    assert.deepStrictEqual(six.positions, [{ x: 0, y: 0 }, { x: 110, y: 0 }, { x: 220, y: 0 }, { x: 0, y: 60 }, { x: 110, y: 60 }, { x: 220, y: 60 }]);
    assert.strictEqual(six.width, 320);
    assert.strictEqual(six.height, 110);
    assert.deepStrictEqual(gridLayout([]), { columns: 0, rows: 0, positions: [], columnWidths: [], rowHeights: [], width: 0, height: 0 });
  });

  it('sizes each column by its widest card and each row by its tallest, so cells line up', () => {
    const l = gridLayout([{ width: 300, height: 40 }, { width: 100, height: 90 }, { width: 120, height: 20 }, { width: 50, height: 30 }], { gap: 0 });
    assert.deepStrictEqual(l.columnWidths, [300, 100]);
    assert.deepStrictEqual(l.rowHeights, [90, 30]);
    assert.deepStrictEqual(l.positions, [{ x: 0, y: 0 }, { x: 300, y: 0 }, { x: 0, y: 90 }, { x: 300, y: 90 }]);
    assert.strictEqual(l.width, 400);
    assert.strictEqual(l.height, 120);
  });

  it('uses fewer columns when the grid would be wider than the limit, down to one', () => {
    const wide = Array.from({ length: 6 }, () => ({ width: 900, height: 300 }));
    assert.strictEqual(gridLayout(wide, { maxWidth: 2400, gap: 16 }).columns, 2);
    assert.strictEqual(gridLayout(wide, { maxWidth: 1000, gap: 16 }).columns, 1);
    assert.strictEqual(gridLayout(wide, { maxWidth: 100, gap: 16 }).columns, 1, 'one column even when a card alone is wider');
    const l = gridLayout(wide, { maxWidth: 1000, gap: 16 });
    assert.strictEqual(l.rows, 6);
    assert.ok(l.positions.every((p) => p.x === 0));
  });
});
