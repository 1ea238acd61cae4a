/**
 * A seeded generator of date-conversion pairs in the formats and proportions of the book's `date.txt`
 * (Deep Learning from Scratch 2, chapter 8), for when that file is not at hand (shipped models, benchmarks,
 * the extension's built-in task): dates from 1970-01-01 to 2017-12-31, questions as
 *   25 %  "M/D/YY"                    e.g. 2/7/72
 *   50 %  "Month D, YYYY" (half with the 3-letter month, "Sep")   e.g. December 13, 1999 / Apr 6, 1993
 *   25 %  "Weekday, Month D, YYYY"    e.g. wednesday, february 7, 2001
 * the named forms in Title case (50 %), lower case (25 %) or UPPER case (25 %); answers "YYYY-MM-DD".
 */
import type { Pair } from './types';
import { mulberry32 } from '../engine/random';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FIRST_DAY = Date.UTC(1970, 0, 1);
const LAST_DAY = Date.UTC(2017, 11, 31);
const DAY_MS = 86_400_000;

/** The book's question width: questions are padded with spaces to 29 characters before the `_`. */
export const DATE_QUESTION_WIDTH = 29;


const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The question for a date in one of the book's formats, chosen by `rng`. */
export function formatDateQuestion(date: Date, rng: () => number): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  const kind = rng();
  if (kind < 0.25) return `${m + 1}/${d}/${pad2(y % 100)}`;
  const casing = rng();
  const cased = (s: string): string => (casing < 0.5 ? s : casing < 0.75 ? s.toLowerCase() : s.toUpperCase());
  if (kind < 0.75) {
    const month = rng() < 0.5 ? MONTHS[m].slice(0, 3) : MONTHS[m];
    return cased(`${month} ${d}, ${y}`);
  }
  return cased(`${WEEKDAYS[date.getUTCDay()]}, ${MONTHS[m]} ${d}, ${y}`);
}

/** `count` question/answer pairs, the same for the same seed. `line` numbers the pairs from 1. */
export function generateDatePairs(count: number, seed: number): Pair[] {
  const rng = mulberry32(seed);
  const days = (LAST_DAY - FIRST_DAY) / DAY_MS + 1;
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(FIRST_DAY + Math.floor(rng() * days) * DAY_MS);
    const answer = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
    pairs.push({ source: formatDateQuestion(date, rng), target: answer, line: i + 1 });
  }
  return pairs;
}

/** A pair as a line of the book's file: question padded to 29 characters, `_`, answer. */
export function toBookLine(pair: Pair): string {
  return `${pair.source.padEnd(DATE_QUESTION_WIDTH)}_${pair.target}`;
}
