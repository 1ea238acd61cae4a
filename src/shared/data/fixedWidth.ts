/**
 * The book's fixed-width format (Deep Learning from Scratch 2, chapters 7 and 8): each line is a question
 * padded with spaces to a fixed width, then `_` (the decoder's start symbol), then the answer, itself
 * space-padded in `addition.txt`:
 *
 *     "2/7/72                       _1972-02-07"      (question padded to 29 characters)
 *     "16+75  _91  "                                   (question to 7, answer to 4)
 *
 * The separator column is the first `_` of the first line; a line with `_` at that column is split there
 * (so a question may itself contain `_`), any other line at its first `_`. Source = question without its
 * trailing padding, target = answer trimmed.
 */
import { coded } from '../messages/coded';
import type { PairCollector } from './collect';
import { splitLines } from './text';

export function readFixedWidth(name: string, text: string, sink: PairCollector): void {
  let column = -1;
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const at = column >= 0 && raw[column] === '_' ? column : raw.indexOf('_');
    if (at < 0) {
      sink.issue(name, i + 1, coded('data.lineNoUnderscore'));
      return;
    }
    if (column < 0) column = at;
    sink.add(name, { source: raw.slice(0, at).replace(/[ \t]+$/, ''), target: raw.slice(at + 1).trim(), line: i + 1 });
  });
}
