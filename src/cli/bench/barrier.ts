/**
 * What waiting for the slower thread costs when two threads must meet after every batch, as on this
 * machine now. Two processes train the same batches in the same order at the same time (the two-core
 * ceiling's pair), so batch i costs both the same work: any difference in their times is the machine's
 * noise. A scheme that waits for both after each batch takes max(a[i], b[i]) for it, where two free
 * threads average (a[i] + b[i]) / 2. The delayed scheme meets once per round of one batch each, so its
 * rounds pay at least this much even when the split balances their work perfectly.
 */

/**
 * Sum of max(a[i], b[i]) over the sum of their means, over the batches both timed: 1 when the threads'
 * batch times never differ, 1.06 when waiting would add 6 %.
 */
export function barrierCost(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let slower = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    slower += Math.max(a[i], b[i]);
    mean += (a[i] + b[i]) / 2;
  }
  return mean > 0 ? slower / mean : 1;
}
