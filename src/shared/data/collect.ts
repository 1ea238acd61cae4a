/**
 * Collects pairs for every reader: skips and reports malformed lines (keeping at most `MAX_ISSUES` entries
 * but counting all), applies the pair and length caps, and says which caps took effect.
 */
import { coded, type CodedMessage } from '../messages/coded';
import type { DatasetFormat, DatasetIssue, Pair, ReadOptions, ReadResult } from './types';
import { codePointLength } from './text';

/** Issues kept in a result; `skipped` still counts every malformed line. */
export const MAX_ISSUES = 200;

export class PairCollector {
  private readonly pairs: Pair[] = [];
  private readonly issues: DatasetIssue[] = [];
  private skipped = 0;
  /** Valid pairs seen, including those past `maxPairs`. */
  private valid = 0;
  private sourceTooLong = 0;
  private targetTooLong = 0;

  constructor(private readonly options: ReadOptions, private readonly invalidUtf8 = false) {}

  /** Records a malformed line: skipped, counted, reported (up to `MAX_ISSUES`). */
  issue(file: string, line: number, reason: CodedMessage): void {
    this.skipped++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ file, line, reason });
  }

  /** Adds a pair read from `file` (after checking it is complete and within the caps). */
  add(file: string, pair: Pair): void {
    if (pair.source === '') return this.issue(file, pair.line, coded('data.lineEmptySource'));
    if (pair.target === '') return this.issue(file, pair.line, coded('data.lineEmptyTarget'));
    if (this.invalidUtf8 && (pair.source.includes('\ufffd') || pair.target.includes('\ufffd'))) {
      return this.issue(file, pair.line, coded('data.lineNotUtf8'));
    }
    if (pair.source.includes('\u0000') || pair.target.includes('\u0000')) return this.issue(file, pair.line, coded('data.lineNul'));
    if (codePointLength(pair.source) > this.options.maxSourceChars) {
      this.sourceTooLong++;
      return;
    }
    if (codePointLength(pair.target) > this.options.maxTargetChars) {
      this.targetTooLong++;
      return;
    }
    this.valid++;
    if (this.pairs.length < this.options.maxPairs) this.pairs.push(pair);
  }

  result(format: DatasetFormat): ReadResult {
    const capped: CodedMessage[] = [];
    if (this.valid > this.pairs.length) {
      capped.push(coded('data.cappedPairs', { kept: this.pairs.length, valid: this.valid, max: this.options.maxPairs }));
    }
    const source = this.sourceTooLong;
    const target = this.targetTooLong;
    if (source > 0) {
      const max = this.options.maxSourceChars;
      capped.push(source === 1 ? coded('data.cappedSourceOne', { max }) : coded('data.cappedSource', { count: source, max }));
    }
    if (target > 0) {
      const max = this.options.maxTargetChars;
      capped.push(target === 1 ? coded('data.cappedTargetOne', { max }) : coded('data.cappedTarget', { count: target, max }));
    }
    return { format, pairs: this.pairs, issues: this.issues, skipped: this.skipped, capped };
  }
}
