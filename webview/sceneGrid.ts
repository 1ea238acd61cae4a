/**
 * Several scenes laid out as a grid (rows and columns), for exported comparisons: six heatmaps in one
 * strip are too tall to read or print. Pure, so the layout is unit-tested.
 */
import { shift, type Prim, type Scene } from './scene';

export interface Size {
  width: number;
  height: number;
}

export interface GridLayout {
  columns: number;
  rows: number;
  /** Top-left corner of each scene's cell, in input order (row by row). */
  positions: { x: number; y: number }[];
  /** Width of each column and height of each row (their widest and tallest scene). */
  columnWidths: number[];
  rowHeights: number[];
  width: number;
  height: number;
}

export interface GridOptions {
  /** The grid's widest extent: fewer columns when more would be wider (one column at least). */
  maxWidth?: number;
  gap?: number;
}

export const GRID_MAX_WIDTH = 2400;
export const GRID_GAP = 16;

/**
 * Rows of about as many columns as rows (2 -> 2 x 1, 4 -> 2 x 2, 6 -> 3 x 2), fewer columns when the
 * grid would be wider than `maxWidth`. Each column is as wide as its widest scene, each row as tall as
 * its tallest, so cells line up.
 */
export function gridLayout(sizes: readonly Size[], options: GridOptions = {}): GridLayout {
  const gap = options.gap ?? GRID_GAP;
  const maxWidth = options.maxWidth ?? GRID_MAX_WIDTH;
  const n = sizes.length;
  if (n === 0) return { columns: 0, rows: 0, positions: [], columnWidths: [], rowHeights: [], width: 0, height: 0 };
  let columns = Math.ceil(Math.sqrt(n));
  let layout = layoutWith(sizes, columns, gap);
  while (columns > 1 && layout.width > maxWidth) {
    columns--;
    layout = layoutWith(sizes, columns, gap);
  }
  return layout;
}

function layoutWith(sizes: readonly Size[], columns: number, gap: number): GridLayout {
  const rows = Math.ceil(sizes.length / columns);
  const columnWidths = Array.from({ length: columns }, () => 0);
  const rowHeights = Array.from({ length: rows }, () => 0);
  sizes.forEach((s, i) => {
    columnWidths[i % columns] = Math.max(columnWidths[i % columns], s.width);
    rowHeights[Math.floor(i / columns)] = Math.max(rowHeights[Math.floor(i / columns)], s.height);
  });
  const xs = offsets(columnWidths, gap);
  const ys = offsets(rowHeights, gap);
  const positions = sizes.map((_, i) => ({ x: xs[i % columns], y: ys[Math.floor(i / columns)] }));
  const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
  return {
    columns, rows, positions, columnWidths, rowHeights,
    width: sum(columnWidths) + gap * (columns - 1),
    height: sum(rowHeights) + gap * (rows - 1),
  };
}

function offsets(lengths: readonly number[], gap: number): number[] {
  const out: number[] = [];
  let at = 0;
  for (const l of lengths) {
    out.push(at);
    at += l + gap;
  }
  return out;
}

/** Space around the grid, so the cells' frames do not touch the picture's edge. */
const MARGIN = 6;

/** The scenes in a grid, each in a framed cell (its own title stays at its top), as one scene. */
export function gridScene(title: string, scenes: readonly Scene[], options: GridOptions = {}): Scene {
  const layout = gridLayout(scenes, options);
  const prims: Prim[] = [];
  scenes.forEach((sc, i) => {
    const x = layout.positions[i].x + MARGIN;
    const y = layout.positions[i].y + MARGIN;
    const w = layout.columnWidths[i % layout.columns];
    const h = layout.rowHeights[Math.floor(i / layout.columns)];
    prims.push({ kind: 'path', d: `M${x} ${y} L${x + w} ${y} L${x + w} ${y + h} L${x} ${y + h} L${x} ${y}`, stroke: 'grid', width: 1, cls: 'grid-cell' });
    prims.push(...shift(sc.prims, x, y));
  });
  return { width: layout.width + 2 * MARGIN, height: layout.height + 2 * MARGIN, title, prims };
}
