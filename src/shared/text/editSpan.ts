/**
 * Following a span of a document through edits (offsets in UTF-16 code units, as VS Code reports them):
 * edits before it shift it, edits touching it stretch or shrink it, edits after it leave it alone.
 */

/** The span after one content change; null when nothing of it is left. */
export function followEdit(start: number, end: number, change: { rangeOffset: number; rangeLength: number; text: string }): { start: number; end: number } | null {
  const changeEnd = change.rangeOffset + change.rangeLength;
  const delta = change.text.length - change.rangeLength;
  if (changeEnd < start) return { start: start + delta, end: end + delta };
  if (change.rangeOffset > end) return { start, end };
  // The edit touches the tracked text: it now spans from the earlier start to the later end.
  const newStart = Math.min(start, change.rangeOffset);
  const newEnd = Math.max(end + delta, change.rangeOffset + change.text.length);
  return newEnd > newStart ? { start: newStart, end: newEnd } : null;
}

