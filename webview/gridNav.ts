/**
 * Roving-focus arithmetic for the heatmap grid, DOM-free. Column -1 is the row header (the output token's
 * button that opens its alternatives); columns 0..cols-1 are the weight cells.
 */

export interface GridPos {
  row: number;
  col: number;
}

/** Keys the grid handles; anything else returns null so the browser keeps its default. */
export function moveInGrid(pos: GridPos, key: string, rows: number, cols: number, ctrl = false): GridPos | null {
  if (rows <= 0 || cols <= 0) return null;
  const lastRow = rows - 1;
  const lastCol = cols - 1;
  const clampRow = (r: number): number => Math.max(0, Math.min(lastRow, r));
  const clampCol = (c: number): number => Math.max(-1, Math.min(lastCol, c));
  switch (key) {
    case 'ArrowRight': return { row: pos.row, col: clampCol(pos.col + 1) };
    case 'ArrowLeft': return { row: pos.row, col: clampCol(pos.col - 1) };
    case 'ArrowDown': return { row: clampRow(pos.row + 1), col: pos.col };
    case 'ArrowUp': return { row: clampRow(pos.row - 1), col: pos.col };
    case 'Home': return ctrl ? { row: 0, col: 0 } : { row: pos.row, col: 0 };
    case 'End': return ctrl ? { row: lastRow, col: lastCol } : { row: pos.row, col: lastCol };
    case 'PageUp': return { row: 0, col: pos.col };
    case 'PageDown': return { row: lastRow, col: pos.col };
    default: return null;
  }
}

/** The source column a row attends to most (where focus lands when a row is entered); -1 for an empty row. */
export function argmax(values: readonly number[]): number {
  let best = -1;
  let bestValue = -Infinity;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && v > bestValue) {
      best = i;
      bestValue = v;
    }
  });
  return best;
}
