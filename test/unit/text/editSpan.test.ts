import * as assert from 'assert';
import { followEdit, keepThroughEdit, keepThroughEdits } from '../../../src/shared/text/editSpan';

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

describe('keepThroughEdit (the hover and highlights of a translation)', () => {
  const doc = 'first line\nx: september 27, 1994 end\nlast line\n';
  const input = 'september 27, 1994';
  const start = doc.indexOf(input);
  const end = start + input.length;
  /** The translated text at the span after the change, or null when the translation was dropped. */
  const textAfter = (change: { rangeOffset: number; rangeLength: number; text: string }): string | null => {
    const span = keepThroughEdit(start, end, change);
    return span && apply(doc, change).slice(span.start, span.end);
  };

  it('shifts the range by an edit before it: characters on its line, lines above, deletions', () => {
    assert.strictEqual(textAfter({ rangeOffset: start - 3, rangeLength: 0, text: 'on ' }), input);
    assert.deepStrictEqual(keepThroughEdit(start, end, { rangeOffset: start - 3, rangeLength: 0, text: 'on ' }), { start: start + 3, end: end + 3 });
    assert.strictEqual(textAfter({ rangeOffset: 0, rangeLength: 0, text: 'one\ntwo\n' }), input);
    assert.strictEqual(textAfter({ rangeOffset: 0, rangeLength: 'first line\n'.length, text: '' }), input);
    assert.deepStrictEqual(keepThroughEdit(start, end, { rangeOffset: 0, rangeLength: 5, text: 'F' }), { start: start - 4, end: end - 4 });
  });

  it('leaves the range alone for an edit after it', () => {
    assert.deepStrictEqual(keepThroughEdit(start, end, { rangeOffset: doc.indexOf('last'), rangeLength: 4, text: 'final' }), { start, end });
    assert.deepStrictEqual(keepThroughEdit(start, end, { rangeOffset: doc.length, rangeLength: 0, text: 'more\n' }), { start, end });
  });

  it('keeps the translated text when typing right at either end (the characters are unchanged)', () => {
    assert.strictEqual(textAfter({ rangeOffset: start, rangeLength: 0, text: '(' }), input);
    assert.strictEqual(textAfter({ rangeOffset: end, rangeLength: 0, text: ')' }), input);
    assert.strictEqual(textAfter({ rangeOffset: start - 3, rangeLength: 3, text: '' }), input, 'a deletion ending where it starts');
  });

  it('drops the translation for an edit that touches its text', () => {
    assert.strictEqual(keepThroughEdit(start, end, { rangeOffset: doc.indexOf('27'), rangeLength: 2, text: '28' }), null);
    assert.strictEqual(keepThroughEdit(start, end, { rangeOffset: start + 4, rangeLength: 0, text: 'x' }), null, 'an insertion inside');
    assert.strictEqual(keepThroughEdit(start, end, { rangeOffset: start - 1, rangeLength: 2, text: '' }), null, 'a deletion over its start');
    assert.strictEqual(keepThroughEdit(start, end, { rangeOffset: end - 1, rangeLength: 3, text: '' }), null, 'a deletion over its end');
    assert.strictEqual(keepThroughEdit(start, end, { rangeOffset: 0, rangeLength: doc.length, text: doc }), null, 'the whole text replaced');
  });

  it('applies the changes of one event in order (a multi-cursor edit, last position first as VS Code sends it)', () => {
    const changes = [
      { rangeOffset: doc.indexOf('last'), rangeLength: 0, text: '>' },
      { rangeOffset: 0, rangeLength: 0, text: '>' },
    ];
    const span = keepThroughEdits(start, end, changes);
    const edited = changes.reduce(apply, doc);
    assert.ok(span);
    assert.strictEqual(edited.slice(span.start, span.end), input);
    assert.strictEqual(keepThroughEdits(start, end, [...changes, { rangeOffset: start + 1 + 2, rangeLength: 1, text: '' }]), null);
  });
});
