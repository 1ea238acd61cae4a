import * as assert from 'assert';
import { argmax, moveInGrid } from '../../../webview/gridNav';

describe('webview/gridNav', () => {
  const rows = 3;
  const cols = 4;
  it('moves with the arrow keys and stops at the edges', () => {
    assert.deepStrictEqual(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', rows, cols), { row: 0, col: 1 });
    assert.deepStrictEqual(moveInGrid({ row: 0, col: 3 }, 'ArrowRight', rows, cols), { row: 0, col: 3 });
    assert.deepStrictEqual(moveInGrid({ row: 2, col: 1 }, 'ArrowDown', rows, cols), { row: 2, col: 1 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 1 }, 'ArrowUp', rows, cols), { row: 0, col: 1 });
  });
  it('reaches the row header (column -1) with ArrowLeft from the first cell', () => {
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 0 }, 'ArrowLeft', rows, cols), { row: 1, col: -1 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: -1 }, 'ArrowLeft', rows, cols), { row: 1, col: -1 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: -1 }, 'ArrowRight', rows, cols), { row: 1, col: 0 });
  });
  it('handles Home/End, Ctrl+Home/End and Page keys', () => {
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'Home', rows, cols), { row: 1, col: 0 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'End', rows, cols), { row: 1, col: 3 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'Home', rows, cols, true), { row: 0, col: 0 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'End', rows, cols, true), { row: 2, col: 3 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'PageDown', rows, cols), { row: 2, col: 2 });
    assert.deepStrictEqual(moveInGrid({ row: 1, col: 2 }, 'PageUp', rows, cols), { row: 0, col: 2 });
  });
  it('ignores other keys and empty grids', () => {
    assert.strictEqual(moveInGrid({ row: 0, col: 0 }, 'a', rows, cols), null);
    assert.strictEqual(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', 0, 0), null);
  });
  it('finds the strongest column', () => {
    assert.strictEqual(argmax([0.1, 0.7, 0.2]), 1);
    assert.strictEqual(argmax([]), -1);
    assert.strictEqual(argmax([NaN, 0.3]), 1);
  });
});
