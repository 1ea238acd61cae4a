/**
 * The heatmap as a scene (for SVG/PNG export): source tokens across the top, output tokens down the
 * side with their probabilities, each axis with its title, one cell per weight with the weight written
 * in it, and a legend. Entries without attention get their output and the no-attention note. The words
 * come from the webview's string tables, so a Korean panel exports Korean titles.
 */
import type { MismatchView, TranslationEntry } from '../src/shared/protocol/webview';
import { cellText, clampWeight, displayToken, formatProbability } from './format';
import { t } from './l10n/strings';
import { noAttentionNote } from './noAttention';
import { candidateHeldOutText } from './qualityText';
import { shift, textWidth, type Prim, type Scene } from './scene';

const PAD = 12;
const CELL_W = 30;
const CELL_H = 22;
const TOKEN_SIZE = 13;
const TITLE_SIZE = 14;
const UNK_H = 14;
const AXIS_SIZE = 11;
/** Height of the source axis title's line, and width of the column the rotated output axis title takes. */
const AXIS_H = 18;

/** The scene of one entry, drawn from (0, 0). Low-probability output tokens carry a "?", unknown source tokens "unk". */
export function entryScene(entry: TranslationEntry, disagreements: ReadonlySet<number> = new Set()): Scene {
  const r = entry.result;
  const prims: Prim[] = [];
  const low = new Set(entry.confidence?.lowTokens ?? []);
  const title = `${entry.modelLabel}: ${r.text}${entry.confidence?.low ? ` ${t('export.lowConfidence')}` : ''}`;
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
      prims.push({ kind: 'text', x: x + w / 2, y: y + 27, text: `${low.has(i) ? '? ' : ''}${formatProbability(r.probabilities[i] ?? NaN)}`, fill: low.has(i) ? 'accent' : 'muted', size: 9, font: 'ui', anchor: 'middle', bold: low.has(i) });
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
  const unknown = r.source.map((_, j) => r.sourceUnknown?.[j] === true);
  const anyUnknown = unknown.some(Boolean);
  // A row for the "unk" marks above the tokens, only when there are some.
  const headerH = AXIS_H + (rotate ? longestSrc * Math.sin(Math.PI / 3) + 12 : CELL_H) + (anyUnknown ? UNK_H : 0);
  const rowLabelW = Math.max(40, ...r.output.map((tok) => textWidth(displayToken(tok), TOKEN_SIZE))) + 44;
  const gridX = PAD + AXIS_H + rowLabelW;
  const gridY = y + headerH;
  const gridW = r.source.length * CELL_W;
  const gridH = r.output.length * CELL_H;

  // Axis titles: the source axis over the column labels, the output axis written upwards beside the row
  // labels, centred on the grid but never above the header.
  const sourceAxis = `${t('export.axis.source')} \u2192`;
  const outputAxis = t('export.axis.output');
  prims.push({ kind: 'text', x: gridX, y: y + AXIS_H / 2, text: sourceAxis, fill: 'muted', size: AXIS_SIZE, font: 'ui', bold: true, cls: 'axis-title' });
  const outputLen = textWidth(outputAxis, AXIS_SIZE);
  const outputMid = Math.max(gridY + gridH / 2, y + outputLen / 2);
  prims.push({ kind: 'text', x: PAD + AXIS_H / 2, y: outputMid, text: outputAxis, fill: 'muted', size: AXIS_SIZE, font: 'ui', anchor: 'middle', bold: true, rotate: -90, cls: 'axis-title' });
  y += AXIS_H;

  srcLabels.forEach((label, j) => {
    const cx = gridX + j * CELL_W + CELL_W / 2;
    const fill = unknown[j] ? 'accent' : 'fg';
    prims.push(rotate
      ? { kind: 'text', x: cx, y: gridY - 6, text: label, fill, size: TOKEN_SIZE, font: 'mono', anchor: 'start', rotate: -60, bold: unknown[j] }
      : { kind: 'text', x: cx, y: gridY - CELL_H / 2, text: label, fill, size: TOKEN_SIZE, font: 'mono', anchor: 'middle', bold: unknown[j] });
    if (unknown[j]) {
      // The mark itself (text and a dashed frame over the column), so it survives a grey-scale print.
      prims.push({ kind: 'text', x: cx, y: y + UNK_H / 2, text: 'unk', fill: 'accent', size: 9, font: 'ui', anchor: 'middle', bold: true });
      const x0 = gridX + j * CELL_W + 1;
      const x1 = x0 + CELL_W - 2;
      prims.push({ kind: 'path', d: `M${x0} ${y + UNK_H} L${x1} ${y + UNK_H} L${x1} ${gridY + r.output.length * CELL_H} L${x0} ${gridY + r.output.length * CELL_H} L${x0} ${y + UNK_H}`, stroke: 'accent', width: 1, dash: '3 2' });
    }
  });
  r.output.forEach((tok, i) => {
    const cy = gridY + i * CELL_H + CELL_H / 2;
    const mark = `${disagreements.has(i) ? '\u2260 ' : ''}${low.has(i) ? '? ' : ''}`;
    const marked = disagreements.has(i) || low.has(i);
    prims.push({ kind: 'text', x: gridX - 40, y: cy, text: mark + displayToken(tok), fill: marked ? 'accent' : 'fg', size: TOKEN_SIZE, font: 'mono', anchor: 'end', bold: marked });
    prims.push({ kind: 'text', x: gridX - 6, y: cy, text: formatProbability(r.probabilities[i] ?? NaN), fill: low.has(i) ? 'accent' : 'muted', size: 9, font: 'ui', anchor: 'end', bold: low.has(i) });
    attention[i].forEach((raw, j) => {
      const w = clampWeight(raw);
      const x = gridX + j * CELL_W;
      const yy = gridY + i * CELL_H;
      prims.push({ kind: 'rect', x, y: yy, w: CELL_W, h: CELL_H, fill: 'heat', opacity: w });
      prims.push({ kind: 'text', x: x + CELL_W / 2, y: yy + CELL_H / 2, text: cellText(w), fill: w >= 0.5 ? 'bg' : 'muted', size: 9, font: 'ui', anchor: 'middle' });
    });
  });
  prims.push({ kind: 'path', d: `M${gridX} ${gridY} L${gridX + gridW} ${gridY} L${gridX + gridW} ${gridY + gridH} L${gridX} ${gridY + gridH} L${gridX} ${gridY}`, stroke: 'grid', width: 1 });

  // Legend: five swatches 0 .. 1 with their values.
  const legendY = Math.max(gridY + gridH, outputMid + outputLen / 2) + 12;
  prims.push({ kind: 'text', x: PAD, y: legendY + 9, text: t('heatmap.legend'), fill: 'muted', size: 11, font: 'ui' });
  [0, 0.25, 0.5, 0.75, 1].forEach((w, k) => {
    const x = PAD + 100 + k * 40;
    prims.push({ kind: 'rect', x, y: legendY, w: 40, h: 18, fill: 'heat', opacity: w, stroke: 'grid' });
    prims.push({ kind: 'text', x: x + 20, y: legendY + 9, text: w.toFixed(2), fill: w >= 0.5 ? 'bg' : 'fg', size: 9, font: 'ui', anchor: 'middle' });
  });
  const width = Math.max(gridX + gridW + PAD, gridX + textWidth(sourceAxis, AXIS_SIZE) + PAD, PAD + 100 + 200 + PAD, textWidth(title, TITLE_SIZE) + 2 * PAD);
  return { width, height: legendY + 18 + PAD, title, prims };
}

/** A line above the picture: its title (the model and the input), a plain line, or a notice. */
export interface HeaderLine {
  text: string;
  kind: 'title' | 'plain' | 'notice';
}

const HEADER_STYLE = {
  title: { size: TITLE_SIZE + 2, height: 24, bold: true, fill: 'fg' },
  plain: { size: 12, height: 18, bold: false, fill: 'fg' },
  notice: { size: 12, height: 18, bold: true, fill: 'accent' },
} as const;

/** Several scenes stacked vertically under header lines (the title, notices). */
export function stackScenes(title: string, header: readonly HeaderLine[], scenes: readonly Scene[]): Scene {
  const prims: Prim[] = [];
  let y = header.length ? PAD : 0;
  let width = 0;
  for (const line of header) {
    const style = HEADER_STYLE[line.kind];
    // Notices are marked by a sign as well as the accent colour.
    const text = line.kind === 'notice' ? `\u26a0 ${line.text}` : line.text;
    prims.push({ kind: 'text', x: PAD, y: y + style.height / 2, text, fill: style.fill, size: style.size, font: 'ui', bold: style.bold });
    width = Math.max(width, textWidth(text, style.size) + 2 * PAD);
    y += style.height;
  }
  if (header.length) y += 2;
  for (const sc of scenes) {
    prims.push(...shift(sc.prims, 0, y));
    y += sc.height;
    width = Math.max(width, sc.width);
  }
  return { width, height: y, title, prims };
}

/** An input that did not fit the active model: what it said and the models offered instead. */
export function mismatchScene(view: MismatchView): Scene {
  const lines: { text: string; bold?: boolean; fill: 'fg' | 'muted' | 'accent' }[] = [
    { text: t('export.mismatch.input', view.input), fill: 'fg' },
    { text: t('mismatch.refused', view.modelLabel, view.modelId, view.message), fill: 'accent', bold: true },
    { text: t('export.mismatch.fits'), fill: 'fg' },
    ...view.fit.candidates.map((c) => {
      const heldOut = candidateHeldOutText(c);
      return { text: `\u2022 ${c.label} (${c.modelId})${heldOut ? `: ${heldOut}` : ''}`, fill: 'muted' as const };
    }),
  ];
  const prims: Prim[] = lines.map((l, k) => ({ kind: 'text', x: PAD, y: PAD + 8 + k * 20, text: l.text, fill: l.fill, size: 12, font: 'ui', bold: l.bold }));
  const width = Math.max(...lines.map((l) => textWidth(l.text, 12))) + 2 * PAD;
  return { width, height: PAD * 2 + lines.length * 20, title: t('export.mismatch.title', view.modelLabel), prims };
}
