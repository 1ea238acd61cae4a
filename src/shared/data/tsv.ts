/**
 * Tab-separated readers:
 * - Tatoeba / manythings export: `English<TAB>Other[<TAB>attribution]` (the attribution is kept per pair:
 *   CC-BY requires it);
 * - Tatoeba Challenge: `srcLang<TAB>tgtLang<TAB>source<TAB>target`, swapped per line when `sourceKey` /
 *   `targetKey` name the other side's language.
 */
import { coded } from '../messages/coded';
import type { PairCollector } from './collect';
import type { ReadOptions } from './types';
import { splitLines } from './text';

export function readTatoebaTsv(name: string, text: string, sink: PairCollector): void {
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cols = raw.split('\t');
    if (cols.length < 2 || cols.length > 3) {
      sink.issue(name, i + 1, coded('data.lineTsvColumns', { count: cols.length }));
      return;
    }
    const attribution = cols[2]?.trim();
    sink.add(name, {
      source: cols[0].trim(),
      target: cols[1].trim(),
      line: i + 1,
      ...(attribution ? { attribution } : {}),
    });
  });
}

/** Language codes compare on their base (`kor_Hang` matches `kor`), case-insensitively. */
export function sameLanguage(a: string, b: string): boolean {
  const base = (s: string): string => s.trim().toLowerCase().split(/[_-]/)[0];
  return base(a) === base(b);
}

export function readChallengeTsv(name: string, text: string, sink: PairCollector, options: ReadOptions): void {
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cols = raw.split('\t');
    if (cols.length !== 4) {
      sink.issue(name, i + 1, coded('data.lineChallengeColumns', { count: cols.length }));
      return;
    }
    const [srcLang, tgtLang, source, target] = cols;
    const swap = (options.sourceKey !== undefined && sameLanguage(options.sourceKey, tgtLang) && !sameLanguage(options.sourceKey, srcLang))
      || (options.targetKey !== undefined && sameLanguage(options.targetKey, srcLang) && !sameLanguage(options.targetKey, tgtLang));
    sink.add(name, swap
      ? { source: target.trim(), target: source.trim(), line: i + 1 }
      : { source: source.trim(), target: target.trim(), line: i + 1 });
  });
}
