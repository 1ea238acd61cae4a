/**
 * Following a span of a document through edits (offsets in UTF-16 code units, as VS Code reports them):
 * `followEdit` (live input): edits before it shift it, edits touching it stretch or shrink it, edits after
 * it leave it alone. `keepThroughEdit` (a finished translation): the same, except that an edit touching it
 * ends it.
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


/**
 * A translated range through one content change (the hover and the highlights keep working): an edit
 * wholly before it shifts it by the change in length, one wholly after it leaves it, and one that touches
 * its text (overlaps it, or inserts inside it) gives null, since the translation no longer describes
 * that text. Unlike `followEdit`, typing right at either end does not stretch the range: the translated
 * characters are still there, unchanged, beside the new ones.
 */
export function keepThroughEdit(start: number, end: number, change: { rangeOffset: number; rangeLength: number; text: string }): { start: number; end: number } | null {
  const changeEnd = change.rangeOffset + change.rangeLength;
  if (changeEnd <= start) {
    const delta = change.text.length - change.rangeLength;
    return { start: start + delta, end: end + delta };
  }
  if (change.rangeOffset >= end) return { start, end };
  return null;
}

/** `keepThroughEdit` over the changes of one edit event, applied in the order VS Code reports them. */
export function keepThroughEdits(start: number, end: number, changes: readonly { rangeOffset: number; rangeLength: number; text: string }[]): { start: number; end: number } | null {
  let span: { start: number; end: number } | null = { start, end };
  for (const change of changes) {
    span = keepThroughEdit(span.start, span.end, change);
    if (!span) return null;
  }
  return span;
}
