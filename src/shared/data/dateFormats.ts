/**
 * The catalogue of date formats people type, grouped into named families, each rendered from a date by a
 * seeded choice of casing, padding and abbreviation. The answer to every one is ISO `YYYY-MM-DD`.
 *
 * Numbers alone can be read more than one way (`01/02/03`, `3/4/2019`). The catalogue holds only renderings
 * that agree with one rule, DATE_READING_RULE below, so a model trained on it learns that rule and nothing
 * that contradicts it. Two-digit years follow POSIX `strptime %y`: 69-99 are 1969-1999 and 00-68 are
 * 2000-2068, so formats with a two-digit year are only rendered for dates in 1969-2068.
 */

export const DATE_FAMILIES = [
  'iso', 'compact', 'numeric-ymd', 'numeric-mdy', 'numeric-dmy', 'month-name', 'weekday', 'ordinal', 'korean',
] as const;
export type DateFamily = typeof DATE_FAMILIES[number];

/** What a family holds, for tables and help texts. */
export const DATE_FAMILY_EXAMPLES: Record<DateFamily, readonly string[]> = {
  'iso': ['2019-01-20'],
  'compact': ['20190120'],
  'numeric-ymd': ['2019/1/20', '2019.01.20', '2019-1-20'],
  'numeric-mdy': ['1/20/2019', '01/20/19'],
  'numeric-dmy': ['20.01.2019', '20-1-2019', '20.1.19'],
  'month-name': ['January 20, 2019', '20 jan 2019', '20JAN2019'],
  'weekday': ['Sunday, January 20, 2019', 'Sun 20 Jan 2019'],
  'ordinal': ['January 20th, 2019', 'the 20th of January 2019'],
  'korean': ['2019년 1월 20일 일요일', '19. 1. 20.'],
};

/** The rule for numeric dates, as the README and the model card state it. */
export const DATE_READING_RULE =
  'Numeric dates are read by one rule: a four-digit first number is the year (year-month-day: 2019/1/20, 2019.01.20); ' +
  'eight digits are YYYYMMDD; with "/" the month comes first, as in the US (3/4/2019 is 2019-03-04, 01/02/03 is 2003-01-02); ' +
  'with "." or "-" and the year last the day comes first, as in Europe (3.4.2019 and 03-04-2019 are 2019-04-03); ' +
  'Korean "19. 1. 20." (dot and space) is year. month. day. Two-digit years: 69-99 are 1969-1999, 00-68 are 2000-2068 ' +
  '(POSIX strptime). Dates outside this rule, such as the British 20/01/2019, are not in the training data.';

export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2099;
/** The dates a two-digit year can name (the POSIX pivot). */
export const TWO_DIGIT_FIRST_YEAR = 1969;
export const TWO_DIGIT_LAST_YEAR = 2068;

/** The full year of a two-digit year under the pivot. */
export function fullYear(twoDigits: number): number {
  return twoDigits >= 69 ? 1900 + twoDigits : 2000 + twoDigits;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Korean weekdays, Sunday first (일요일 = Sunday); the one-syllable short form is the first character. */
export const KOREAN_WEEKDAYS = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];

/** One calendar date. `month` and `day` count from 1; `weekday` is 0 for Sunday. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  const t = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; the catalogue's years are all >= 1900.
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) {
    throw new RangeError(`not a date: ${year}-${month}-${day}`);
  }
  return { year, month, day, weekday: t.getUTCDay() };
}

export function isoDate(d: CalendarDate): string {
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

export interface DateFormat {
  /** A name that shows the shape, e.g. `M/D/YY`. Unique in the catalogue. */
  id: string;
  family: DateFamily;
  /** Rendered with a two-digit year: only dates in TWO_DIGIT_FIRST_YEAR..TWO_DIGIT_LAST_YEAR. */
  twoDigitYear: boolean;
  render(d: CalendarDate, rng: () => number): string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const yy = (d: CalendarDate): string => pad2(d.year % 100);
const chance = (rng: () => number, p: number): boolean => rng() < p;

/** Month and day both zero-padded or both not, as people write them. */
function numericParts(d: CalendarDate, rng: () => number): [string, string] {
  return chance(rng, 0.5) ? [pad2(d.month), pad2(d.day)] : [String(d.month), String(d.day)];
}

/** Title case half the time, lower and upper case a quarter each. */
function cased(s: string, rng: () => number): string {
  const r = rng();
  return r < 0.5 ? s : r < 0.75 ? s.toLowerCase() : s.toUpperCase();
}

/** A month's long name, three-letter short name, "Sept", or the short name with a period ("Jan."). */
function monthName(month: number, rng: () => number, allowPeriod = true): string {
  const long = MONTH_NAMES[month - 1];
  const r = rng();
  if (r < 0.5) return long;
  if (month === 9 && r < 0.6) return 'Sept';
  if (allowPeriod && r > 0.9 && long.length > 3) return `${long.slice(0, 3)}.`;
  return long.slice(0, 3);
}

const shortMonth = (month: number): string => MONTH_NAMES[month - 1].slice(0, 3);

function weekdayName(weekday: number, rng: () => number): string {
  const long = WEEKDAY_NAMES[weekday];
  return chance(rng, 0.5) ? long : long.slice(0, 3);
}

/** The day with an occasional leading zero (`Jan 05, 2019`). */
const namedDay = (day: number, rng: () => number): string => (chance(rng, 0.2) ? pad2(day) : String(day));

export function ordinal(day: number): string {
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${day}${suffix}`;
}

const comma = (rng: () => number): string => (chance(rng, 0.5) ? ',' : '');

export const DATE_FORMATS: readonly DateFormat[] = [
  { id: 'YYYY-MM-DD', family: 'iso', twoDigitYear: false, render: (d) => isoDate(d) },

  { id: 'YYYYMMDD', family: 'compact', twoDigitYear: false, render: (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}` },

  { id: 'YYYY/M/D', family: 'numeric-ymd', twoDigitYear: false, render: (d, r) => [String(d.year), ...numericParts(d, r)].join('/') },
  { id: 'YYYY.M.D', family: 'numeric-ymd', twoDigitYear: false, render: (d, r) => [String(d.year), ...numericParts(d, r)].join('.') },
  { id: 'YYYY-M-D', family: 'numeric-ymd', twoDigitYear: false, render: (d) => `${d.year}-${d.month}-${d.day}` },

  { id: 'M/D/YYYY', family: 'numeric-mdy', twoDigitYear: false, render: (d, r) => [...numericParts(d, r), String(d.year)].join('/') },
  { id: 'M/D/YY', family: 'numeric-mdy', twoDigitYear: true, render: (d, r) => [...numericParts(d, r), yy(d)].join('/') },

  { id: 'D.M.YYYY', family: 'numeric-dmy', twoDigitYear: false, render: (d, r) => [...numericParts(d, r).reverse(), String(d.year)].join('.') },
  { id: 'D-M-YYYY', family: 'numeric-dmy', twoDigitYear: false, render: (d, r) => [...numericParts(d, r).reverse(), String(d.year)].join('-') },
  { id: 'D.M.YY', family: 'numeric-dmy', twoDigitYear: true, render: (d, r) => [...numericParts(d, r).reverse(), yy(d)].join('.') },
  { id: 'DD-MM-YY', family: 'numeric-dmy', twoDigitYear: true, render: (d) => `${pad2(d.day)}-${pad2(d.month)}-${yy(d)}` },

  { id: 'Month D, YYYY', family: 'month-name', twoDigitYear: false, render: (d, r) => cased(`${monthName(d.month, r)} ${namedDay(d.day, r)}, ${d.year}`, r) },
  { id: 'Month D YYYY', family: 'month-name', twoDigitYear: false, render: (d, r) => cased(`${monthName(d.month, r)} ${namedDay(d.day, r)} ${d.year}`, r) },
  { id: 'D Month YYYY', family: 'month-name', twoDigitYear: false, render: (d, r) => cased(`${namedDay(d.day, r)} ${monthName(d.month, r)}${comma(r)} ${d.year}`, r) },
  { id: 'DDMONYYYY', family: 'month-name', twoDigitYear: false, render: (d, r) => cased(`${pad2(d.day)}${shortMonth(d.month)}${d.year}`, r) },
  { id: 'D-Mon-YYYY', family: 'month-name', twoDigitYear: false, render: (d, r) => cased(`${namedDay(d.day, r)}-${shortMonth(d.month)}-${d.year}`, r) },
  { id: 'DD-Mon-YY', family: 'month-name', twoDigitYear: true, render: (d, r) => cased(`${pad2(d.day)}-${shortMonth(d.month)}-${yy(d)}`, r) },

  { id: 'Weekday, Month D, YYYY', family: 'weekday', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)}, ${monthName(d.month, r)} ${namedDay(d.day, r)}, ${d.year}`, r) },
  { id: 'Wkd, D Mon YYYY', family: 'weekday', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)}, ${namedDay(d.day, r)} ${monthName(d.month, r, false)} ${d.year}`, r) },
  { id: 'Wkd D Mon YYYY', family: 'weekday', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)} ${namedDay(d.day, r)} ${monthName(d.month, r, false)} ${d.year}`, r) },
  { id: 'Wkd Mon D YYYY', family: 'weekday', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)} ${monthName(d.month, r, false)} ${namedDay(d.day, r)} ${d.year}`, r) },

  { id: 'Month Dth, YYYY', family: 'ordinal', twoDigitYear: false, render: (d, r) => cased(`${monthName(d.month, r)} ${ordinal(d.day)}${comma(r)} ${d.year}`, r) },
  { id: 'the Dth of Month YYYY', family: 'ordinal', twoDigitYear: false,
    render: (d, r) => cased(`${chance(r, 0.7) ? 'the ' : ''}${ordinal(d.day)} of ${monthName(d.month, r)}${comma(r)} ${d.year}`, r) },
  { id: 'Dth Month YYYY', family: 'ordinal', twoDigitYear: false, render: (d, r) => cased(`${ordinal(d.day)} ${monthName(d.month, r)}${comma(r)} ${d.year}`, r) },
  { id: 'Weekday, Month Dth, YYYY', family: 'ordinal', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)}, ${monthName(d.month, r)} ${ordinal(d.day)}, ${d.year}`, r) },
  { id: 'Weekday, the Dth of Month YYYY', family: 'ordinal', twoDigitYear: false,
    render: (d, r) => cased(`${weekdayName(d.weekday, r)}, the ${ordinal(d.day)} of ${monthName(d.month, r)} ${d.year}`, r) },

  { id: 'YYYY년 M월 D일', family: 'korean', twoDigitYear: false, render: (d, r) => koreanDate(d, r) },
  { id: 'YYYY년 M월 D일 요일', family: 'korean', twoDigitYear: false,
    render: (d, r) => `${koreanDate(d, r)} ${chance(r, 0.5) ? KOREAN_WEEKDAYS[d.weekday] : `(${KOREAN_WEEKDAYS[d.weekday][0]})`}` },
  { id: 'YY. M. D.', family: 'korean', twoDigitYear: true, render: (d) => `${yy(d)}. ${d.month}. ${d.day}.` },
  { id: 'YYYY. M. D.', family: 'korean', twoDigitYear: false, render: (d, r) => `${d.year}. ${numericParts(d, r).join('. ')}.` },
];

/** `2019년 1월 20일`, sometimes zero-padded (`01월`), sometimes without spaces (`2019년1월20일`). */
function koreanDate(d: CalendarDate, rng: () => number): string {
  const padded = chance(rng, 0.25);
  const m = padded ? pad2(d.month) : String(d.month);
  const day = padded ? pad2(d.day) : String(d.day);
  return [`${d.year}년`, `${m}월`, `${day}일`].join(chance(rng, 0.2) ? '' : ' ');
}

export function formatsOf(family: DateFamily): DateFormat[] {
  return DATE_FORMATS.filter((f) => f.family === family);
}
