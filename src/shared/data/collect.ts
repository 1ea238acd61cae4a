/**
 * Collects pairs for every reader: skips and reports malformed lines (keeping at most `MAX_ISSUES` entries
 * but counting all), applies the pair and length caps, and says which caps took effect.
 */
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
  issue(file: string, line: number, reason: string): void {
    this.skipped++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ file, line, reason });
  }

  /** Adds a pair read from `file` (after checking it is complete and within the caps). */
  add(file: string, pair: Pair): void {
    if (pair.source === '') return this.issue(file, pair.line, 'empty source');
    if (pair.target === '') return this.issue(file, pair.line, 'empty target');
    if (this.invalidUtf8 && (pair.source.includes('\ufffd') || pair.target.includes('\ufffd'))) {
      return this.issue(file, pair.line, 'contains bytes that are not valid UTF-8');
    }
    if (pair.source.includes('\u0000') || pair.target.includes('\u0000')) return this.issue(file, pair.line, 'contains a NUL byte');
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
    const capped: string[] = [];
    const plural = (n: number): string => (n === 1 ? 'pair' : 'pairs');
    if (this.valid > this.pairs.length) {
      capped.push(`kept the first ${this.pairs.length} of ${this.valid} pairs (limit ${this.options.maxPairs})`);
    }
    if (this.sourceTooLong > 0) {
      capped.push(`left out ${this.sourceTooLong} ${plural(this.sourceTooLong)} whose source is longer than ${this.options.maxSourceChars} characters`);
    }
    if (this.targetTooLong > 0) {
      capped.push(`left out ${this.targetTooLong} ${plural(this.targetTooLong)} whose target is longer than ${this.options.maxTargetChars} characters`);
    }
    return { format, pairs: this.pairs, issues: this.issues, skipped: this.skipped, capped };
  }
}
