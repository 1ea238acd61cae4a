/**
 * The heatmap as a scene (for SVG/PNG export): source tokens across the top, output tokens down the
 * side with their probabilities, one cell per weight with the weight written in it, and a legend.
 * Entries without attention get their output and the no-attention note.
 */
import type { TranslationEntry } from '../src/shared/protocol/webview';
import { cellText, clampWeight, displayToken, formatProbability } from './format';
import { noAttentionNote } from './noAttention';
import { shift, textWidth, type Prim, type Scene } from './scene';

const PAD = 12;
const CELL_W = 30;
const CELL_H = 22;
const TOKEN_SIZE = 13;
const TITLE_SIZE = 14;

/** The scene of one entry, drawn from (0, 0). */
export function entryScene(entry: TranslationEntry, disagreements: ReadonlySet<number> = new Set()): Scene {
  const r = entry.result;
  const prims: Prim[] = [];
  const title = `${entry.modelLabel}: ${r.text}`;
  prims.push({ kind: 'text', x: PAD, y: PAD + TITLE_SIZE / 2, text: title, fill: 'fg', size: TITLE_SIZE, font: 'ui', bold: true });
  let y = PAD + TITLE_SIZE + 10;

  if (r.attention === null) {
    const note = noAttentionNote(entry.mechanism);
    prims.push({ kind: 'text', x: PAD, y: y + 8, text: note, fill: 'muted', size: 12, font: 'ui' });
    y += 28;
    let x = PAD;
    r.output.forEach((tok, i) => {
      const w = Math.max(CELL_W, textWidth(displayToken(tok), TOKEN_SIZE) + 10);
      prims.push({ kind: 'rect', x, y, w, h: 36, fill: 'heat', opacity: clampWeight(r.probabilities[i] ?? 0) * 0.35, stroke: disagreements.has(i) ? 'accent' : 'grid' });
      prims.push({ kind: 'text', x: x + w / 2, y: y + 11, text: displayToken(tok), fill: 'fg', size: TOKEN_SIZE, font: 'mono', anchor: 'middle' });
      prims.push({ kind: 'text', x: x + w / 2, y: y + 27, text: formatProbability(r.probabilities[i] ?? NaN), fill: 'muted', size: 9, font: 'ui', anchor: 'middle' });
      x += w + 2;
    });
    const width = Math.max(x + PAD, textWidth(note, 12) + 2 * PAD, textWidth(title, TITLE_SIZE) + 2 * PAD);
    return { width, height: y + 36 + PAD, title, prims };
  }

  const attention = r.attention;
  const srcLabels = r.source.map((t) => displayToken(t.text));
  const longestSrc = Math.max(0, ...srcLabels.map((s) => textWidth(s, TOKEN_SIZE)));
  // Long (word) tokens are written at an angle so the columns stay narrow.
  const rotate = longestSrc > CELL_W - 6;
  const headerH = rotate ? longestSrc * Math.sin(Math.PI / 3) + 12 : CELL_H;
  const rowLabelW = Math.max(40, ...r.output.map((t) => textWidth(displayToken(t), TOKEN_SIZE))) + 44;
  const gridX = PAD + rowLabelW;
  const gridY = y + headerH;

  srcLabels.forEach((label, j) => {
    const cx = gridX + j * CELL_W + CELL_W / 2;
    prims.push(rotate
      ? { kind: 'text', x: cx, y: gridY - 6, text: label, fill: 'fg', size: TOKEN_SIZE, font: 'mono', anchor: 'start', rotate: -60 }
      : { kind: 'text', x: cx, y: gridY - CELL_H / 2, text: label, fill: 'fg', size: TOKEN_SIZE, font: 'mono', anchor: 'middle' });
  });
  r.output.forEach((tok, i) => {
    const cy = gridY + i * CELL_H + CELL_H / 2;
    const mark = disagreements.has(i) ? '\u2260 ' : '';
    prims.push({ kind: 'text', x: gridX - 40, y: cy, text: mark + displayToken(tok), fill: disagreements.has(i) ? 'accent' : 'fg', size: TOKEN_SIZE, font: 'mono', anchor: 'end', bold: disagreements.has(i) });
    prims.push({ kind: 'text', x: gridX - 6, y: cy, text: formatProbability(r.probabilities[i] ?? NaN), fill: 'muted', size: 9, font: 'ui', anchor: 'end' });
    attention[i].forEach((raw, j) => {
      const w = clampWeight(raw);
      const x = gridX + j * CELL_W;
      const yy = gridY + i * CELL_H;
      prims.push({ kind: 'rect', x, y: yy, w: CELL_W, h: CELL_H, fill: 'heat', opacity: w });
      prims.push({ kind: 'text', x: x + CELL_W / 2, y: yy + CELL_H / 2, text: cellText(w), fill: w >= 0.5 ? 'bg' : 'muted', size: 9, font: 'ui', anchor: 'middle' });
    });
  });
  const gridW = r.source.length * CELL_W;
  const gridH = r.output.length * CELL_H;
  prims.push({ kind: 'path', d: `M${gridX} ${gridY} L${gridX + gridW} ${gridY} L${gridX + gridW} ${gridY + gridH} L${gridX} ${gridY + gridH} L${gridX} ${gridY}`, stroke: 'grid', width: 1 });

  // Legend: five swatches 0 .. 1 with their values.
  const legendY = gridY + gridH + 12;
  prims.push({ kind: 'text', x: PAD, y: legendY + 9, text: 'attention weight', fill: 'muted', size: 11, font: 'ui' });
  [0, 0.25, 0.5, 0.75, 1].forEach((w, k) => {
    const x = PAD + 100 + k * 40;
    prims.push({ kind: 'rect', x, y: legendY, w: 40, h: 18, fill: 'heat', opacity: w, stroke: 'grid' });
    prims.push({ kind: 'text', x: x + 20, y: legendY + 9, text: w.toFixed(2), fill: w >= 0.5 ? 'bg' : 'fg', size: 9, font: 'ui', anchor: 'middle' });
  });
  const width = Math.max(gridX + gridW + PAD, PAD + 100 + 200 + PAD, textWidth(title, TITLE_SIZE) + 2 * PAD);
  return { width, height: legendY + 18 + PAD, title, prims };
}

/** Several entries stacked vertically, with an optional header line (comparison export). */
export function stackScenes(title: string, header: string | null, scenes: readonly Scene[]): Scene {
  const prims: Prim[] = [];
  let y = 0;
  let width = 0;
  if (header) {
    prims.push({ kind: 'text', x: PAD, y: PAD + 8, text: header, fill: 'fg', size: 12, font: 'ui' });
    y = PAD + 20;
    width = textWidth(header, 12) + 2 * PAD;
  }
  for (const sc of scenes) {
    prims.push(...shift(sc.prims, 0, y));
    y += sc.height;
    width = Math.max(width, sc.width);
  }
  return { width, height: y, title, prims };
}
