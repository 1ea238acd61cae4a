/**
 * Line-aligned parallel files (`train.en` + `train.fr`, `src-train.txt` + `tgt-train.txt`, `x.src` +
 * `x.tgt`): line i of the source file translates to line i of the target file. The two files must have the
 * same number of lines: a mismatch means the alignment is lost, so it is refused with both counts rather
 * than trained on. A line empty on both sides is skipped quietly; empty on one side is reported.
 */
import type { PairCollector } from './collect';
import { coded } from '../messages/coded';
import { DatasetError, type DatasetFile } from './types';
import { splitLines } from './text';

export function readLineAligned(file: DatasetFile, sourceText: string, targetText: string, sink: PairCollector): void {
  const partner = file.partner;
  if (!partner) throw new DatasetError(file.name, coded('data.needsPartner'));
  const src = splitLines(sourceText);
  const tgt = splitLines(targetText);
  if (src.length !== tgt.length) {
    throw new DatasetError(file.name, coded('data.lineCounts', { count: src.length, partner: partner.name, partnerCount: tgt.length }));
  }
  for (let i = 0; i < src.length; i++) {
    const source = src[i].trim();
    const target = tgt[i].trim();
    if (source === '' && target === '') continue;
    if (source === '') sink.issue(file.name, i + 1, coded('data.lineEmptyBeside', { partner: partner.name, line: i + 1 }));
    else if (target === '') sink.issue(partner.name, i + 1, coded('data.lineEmptyBeside', { partner: file.name, line: i + 1 }));
    else sink.add(file.name, { source, target, line: i + 1 });
  }
}
