import * as assert from 'assert';
import { followEdit } from '../../../src/shared/text/editSpan';

/** Applies the edit to the text and checks that the span still covers the edited word. */
function apply(text: string, change: { rangeOffset: number; rangeLength: number; text: string }): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

describe('followEdit (live input)', () => {
  const doc = 'x: september 27, 1994 end';
  const start = 3;
  const end = 3 + 'september 27, 1994'.length;

  it('an edit inside the span changes its length, and the span covers the edited text', () => {
    const change = { rangeOffset: doc.indexOf('1994'), rangeLength: 4, text: '2001' };
    const span = followEdit(start, end, change);
    assert.ok(span);
    assert.strictEqual(apply(doc, change).slice(span.start, span.end), 'september 27, 2001');
    const shorter = { rangeOffset: doc.indexOf('september'), rangeLength: 'september'.length, text: 'may' };
    const s2 = followEdit(start, end, shorter);
    assert.ok(s2);
    assert.strictEqual(apply(doc, shorter).slice(s2.start, s2.end), 'may 27, 1994');
  });

  it('typing at either end of the span extends it', () => {
    const atEnd = { rangeOffset: end, rangeLength: 0, text: '!' };
    const s = followEdit(start, end, atEnd);
    assert.ok(s);
    assert.strictEqual(apply(doc, atEnd).slice(s.start, s.end), 'september 27, 1994!');
  });

  it('edits before the span shift it, edits after it leave it', () => {
    const before = { rangeOffset: 0, rangeLength: 1, text: 'yy' };
    const s = followEdit(start, end, before);
    assert.ok(s);
    assert.strictEqual(apply(doc, before).slice(s.start, s.end), 'september 27, 1994');
    const after = { rangeOffset: doc.indexOf('end'), rangeLength: 3, text: '' };
    assert.deepStrictEqual(followEdit(start, end, after), { start, end });
  });

  it('deleting the whole span leaves nothing to follow', () => {
    assert.strictEqual(followEdit(start, end, { rangeOffset: start, rangeLength: end - start, text: '' }), null);
  });
});
