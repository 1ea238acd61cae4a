import * as assert from 'node:assert/strict';
import {
  DATE_FAMILIES, DATE_FORMATS, DATE_FORMAT_SPLIT, calendarDate, dateFormatSplit, exactMatchByFamily, formatsOf, fullYear,
  generateDateFormatPairs, type DatePair,
} from '../../../src/shared/data';
import { mulberry32 } from '../../../src/shared/engine/random';

// An independent reader of the questions, written from the documented rule (README, Models), not from the
// generator: month names, weekdays, ordinals and Korean are parsed here on their own terms.
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const KOREAN_DAYS = '일월화수목금토';

const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const year = (s: string): number => (s.length === 4 ? Number(s) : Number(s) >= 69 ? 1900 + Number(s) : 2000 + Number(s));

function month(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.findIndex((m) => m === n || (n.length === 3 && m.startsWith(n)) || (n === 'sept' && m === 'september'));
  assert.ok(i >= 0, `unknown month '${name}'`);
  return i + 1;
}

function checkedOrdinal(day: string, suffix: string | undefined): number {
  const d = Number(day);
  if (suffix !== undefined) {
    const want = d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th';
    assert.equal(suffix.toLowerCase(), want, `ordinal suffix of ${d}`);
  }
  return d;
}

/** The ISO date a question means under the rule, and the weekday it names (0 = Sunday), if any. */
function readQuestion(q: string): { iso: string; weekday?: number } {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(q))) return { iso: iso(+m[1], +m[2], +m[3]) };
  if ((m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(q))) return { iso: iso(+m[1], +m[3], +m[4]) };
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(q))) return { iso: iso(year(m[3]), +m[1], +m[2]) };
  if ((m = /^(\d{1,2})([.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(q))) return { iso: iso(year(m[4]), +m[3], +m[1]) };
  if ((m = /^(\d{4})년 ?(\d{1,2})월 ?(\d{1,2})일(?: ([일월화수목금토])요일| \(([일월화수목금토])\))?$/.exec(q))) {
    const day = m[4] ?? m[5];
    return { iso: iso(+m[1], +m[2], +m[3]), ...(day ? { weekday: KOREAN_DAYS.indexOf(day) } : {}) };
  }
  if ((m = /^(\d{2}|\d{4})\. (\d{1,2})\. (\d{1,2})\.$/.exec(q))) return { iso: iso(year(m[1]), +m[2], +m[3]) };
  // English words: an optional leading weekday, then the date.
  let rest = q;
  let weekday: number | undefined;
  if ((m = /^([a-z]+),? (.*)$/i.exec(q)) && WEEKDAYS.some((w) => w === m![1].toLowerCase() || w.slice(0, 3) === m![1].toLowerCase())) {
    weekday = WEEKDAYS.findIndex((w) => w === m![1].toLowerCase() || w.slice(0, 3) === m![1].toLowerCase());
    rest = m[2];
  }
  const withDay = (s: string): { iso: string; weekday?: number } => ({ iso: s, ...(weekday !== undefined ? { weekday } : {}) });
  if ((m = /^(?:the )?(\d{1,2})(st|nd|rd|th) of ([a-z]+\.?),? (\d{4})$/i.exec(rest))) return withDay(iso(+m[4], month(m[3]), checkedOrdinal(m[1], m[2])));
  if ((m = /^(\d{1,2})(st|nd|rd|th)? ([a-z]+\.?),? (\d{4})$/i.exec(rest))) return withDay(iso(+m[4], month(m[3]), checkedOrdinal(m[1], m[2])));
  if ((m = /^([a-z]+\.?) (\d{1,2})(st|nd|rd|th)?,? (\d{4})$/i.exec(rest))) return withDay(iso(+m[4], month(m[1]), checkedOrdinal(m[2], m[3])));
  if ((m = /^(\d{2})([a-z]{3})(\d{4})$/i.exec(rest))) return withDay(iso(+m[3], month(m[2]), +m[1]));
  if ((m = /^(\d{1,2})-([a-z]{3})-(\d{2}|\d{4})$/i.exec(rest))) return withDay(iso(year(m[3]), month(m[2]), +m[1]));
  assert.fail(`no reading of '${q}'`);
}

function trueWeekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

describe('data: date formats people type', () => {
  const pairs = generateDateFormatPairs(20_000, 11);

  it('has every family in the catalogue, and every format renders', () => {
    for (const family of DATE_FAMILIES) assert.ok(formatsOf(family).length > 0, family);
    assert.equal(new Set(DATE_FORMATS.map((f) => f.id)).size, DATE_FORMATS.length, 'format ids are unique');
    const families = new Set(pairs.map((p) => p.family));
    const formats = new Set(pairs.map((p) => p.format));
    assert.deepEqual([...DATE_FAMILIES].filter((f) => !families.has(f)), []);
    assert.deepEqual(DATE_FORMATS.map((f) => f.id).filter((f) => !formats.has(f)), []);
  });

  it('answers every question with the ISO date it means under the reading rule, with true weekdays', () => {
    for (const p of pairs) {
      const read = readQuestion(p.source);
      assert.equal(read.iso, p.target, `${p.format}: '${p.source}'`);
      assert.match(p.target, /^\d{4}-\d{2}-\d{2}$/);
      if (read.weekday !== undefined) assert.equal(read.weekday, trueWeekday(p.target), `weekday of '${p.source}'`);
    }
    const weekdayFamily = pairs.filter((p) => p.family === 'weekday');
    assert.ok(weekdayFamily.length > 0 && weekdayFamily.every((p) => readQuestion(p.source).weekday !== undefined), 'weekday questions name a weekday');
  });

  it('renders a known date in every format as expected', () => {
    const sunday = calendarDate(2019, 1, 20);
    assert.equal(sunday.weekday, 0);
    const seen = new Set<string>();
    for (const format of DATE_FORMATS) {
      const rng = mulberry32(5);
      for (let i = 0; i < 40; i++) {
        const q = format.render(sunday, rng);
        seen.add(q);
        const read = readQuestion(q);
        assert.equal(read.iso, '2019-01-20', `${format.id}: '${q}'`);
        if (read.weekday !== undefined) assert.equal(read.weekday, 0, `'${q}' is a Sunday`);
      }
    }
    for (const q of ['2019-01-20', '20190120', '2019/1/20', '2019.01.20', '1/20/2019', '01/20/19', '20.01.2019', '20-1-2019', '20.1.19',
      '20-01-19', 'January 20, 2019', '20 jan 2019', '20JAN2019', '20-Jan-19', 'Sunday, January 20, 2019', 'Sun, 20 Jan 2019',
      'January 20th, 2019', 'the 20th of January 2019', '2019년 1월 20일', '2019년 1월 20일 일요일', '2019년 1월 20일 (일)', '19. 1. 20.']) {
      assert.ok(seen.has(q), `'${q}' is one of the renderings`);
    }
  });

  it('respects the ambiguity rule: "/" is month-first, "." and "-" with the year last are day-first, a 4-digit first field is the year', () => {
    const march4 = calendarDate(2019, 3, 4);
    const jan2 = calendarDate(2003, 1, 2);
    const renderings = (date: typeof march4, id: string): Set<string> => {
      const format = DATE_FORMATS.find((f) => f.id === id);
      assert.ok(format, id);
      const rng = mulberry32(1);
      return new Set(Array.from({ length: 30 }, () => format.render(date, rng)));
    };
    assert.deepEqual([...renderings(march4, 'M/D/YYYY')].sort(), ['03/04/2019', '3/4/2019']);
    assert.deepEqual([...renderings(jan2, 'M/D/YY')].sort(), ['01/02/03', '1/2/03']);
    assert.deepEqual([...renderings(march4, 'D.M.YYYY')].sort(), ['04.03.2019', '4.3.2019']);
    assert.deepEqual([...renderings(march4, 'D-M-YYYY')].sort(), ['04-03-2019', '4-3-2019']);
    assert.deepEqual([...renderings(march4, 'YYYY/M/D')].sort(), ['2019/03/04', '2019/3/4']);
    // No question is read two ways: one answer per question over the whole sample.
    const answers = new Map<string, string>();
    for (const p of pairs) {
      const before = answers.get(p.source);
      assert.ok(before === undefined || before === p.target, `'${p.source}' answered ${before} and ${p.target}`);
      answers.set(p.source, p.target);
    }
    // Numeric questions never put a day above 12 where the rule expects the month.
    for (const p of pairs) {
      const slash = /^(\d{1,2})\/(\d{1,2})\//.exec(p.source);
      if (slash) assert.ok(+slash[1] <= 12, `month-first: '${p.source}'`);
      const euro = /^(\d{1,2})[.-](\d{1,2})[.-]\d+$/.exec(p.source);
      if (euro) assert.ok(+euro[2] <= 12, `day-first: '${p.source}'`);
    }
  });

  it('reads two-digit years with the POSIX pivot (69-99: 1900s, 00-68: 2000s) and shows them only for 1969-2068', () => {
    assert.deepEqual([fullYear(69), fullYear(99), fullYear(0), fullYear(68)], [1969, 1999, 2000, 2068]);
    const twoDigit = new Set(DATE_FORMATS.filter((f) => f.twoDigitYear).map((f) => f.id));
    assert.ok(twoDigit.size >= 4);
    for (const p of pairs.filter((x) => twoDigit.has(x.format))) {
      const y = Number(p.target.slice(0, 4));
      assert.ok(y >= 1969 && y <= 2068, `'${p.source}' -> ${p.target}`);
    }
  });

  it('uses years 1900-2099 only, and all of that range', () => {
    const years = pairs.map((p) => Number(p.target.slice(0, 4)));
    assert.equal(Math.min(...years), 1900);
    assert.equal(Math.max(...years), 2099);
  });

  it('writes Korean in NFC, with Korean weekdays', () => {
    const korean = pairs.filter((p) => p.family === 'korean');
    assert.ok(korean.length > 1000);
    for (const p of korean) assert.equal(p.source, p.source.normalize('NFC'), p.source);
    assert.ok(korean.some((p) => /요일$/.test(p.source)) && korean.some((p) => /\([일월화수목금토]\)$/.test(p.source)));
    assert.ok(korean.some((p) => p.source.includes('년')) && korean.some((p) => /^\d{2}\. /.test(p.source)));
  });

  it('varies case, padding and abbreviation within a family', () => {
    const named = pairs.filter((p) => p.family === 'month-name').map((p) => p.source);
    assert.ok(named.some((s) => /^[a-z0-9 ,.-]+$/.test(s) && /[a-z]/.test(s)), 'lower case');
    assert.ok(named.some((s) => /[A-Z]{3}/.test(s)), 'upper case');
    assert.ok(named.some((s) => /\b[A-Z][a-z]+\b/.test(s)), 'title case');
    assert.ok(named.some((s) => /september/i.test(s)) && named.some((s) => /\bsep\b/i.test(s)) && named.some((s) => /\bsept\b/i.test(s)));
    const mdy = pairs.filter((p) => p.format === 'M/D/YYYY').map((p) => p.source);
    assert.ok(mdy.some((s) => /^0\d\//.test(s)) && mdy.some((s) => /^\d\//.test(s)), 'with and without zero padding');
  });

  it('is reproducible by seed, and different across seeds', () => {
    assert.deepEqual(generateDateFormatPairs(200, 11), pairs.slice(0, 200));
    assert.notDeepEqual(generateDateFormatPairs(200, 12), pairs.slice(0, 200));
  });

  it('draws from the families asked for, avoiding excluded questions', () => {
    const exclude = new Set(generateDateFormatPairs(3000, 1, { families: ['iso'] }).map((p) => p.source));
    const size = exclude.size;
    const more = generateDateFormatPairs(2000, 2, { families: ['iso'], exclude, grow: true });
    assert.ok(more.every((p) => p.family === 'iso'));
    assert.equal(exclude.size, size + 2000, 'grown by every new question: no repeats, none of the excluded');
  });

  it('splits into training, validation and held-out sets that share no question, balanced by family', () => {
    const split = dateFormatSplit({ trainPairs: 30_000, validationPerFamily: 50, heldOutPerFamily: 100 });
    assert.equal(split.train.length, 30_000);
    const train = new Set(split.train.map((p) => p.source));
    const validation = new Set(split.validation.map((p) => p.source));
    assert.ok(split.heldOut.every((p) => !train.has(p.source) && !validation.has(p.source)));
    assert.ok(split.validation.every((p) => !train.has(p.source)));
    assert.equal(new Set(split.heldOut.map((p) => p.source)).size, split.heldOut.length, 'no repeats in the held-out set');
    for (const family of DATE_FAMILIES) assert.equal(split.heldOut.filter((p) => p.family === family).length, 100, family);
    // The shipped split's training set is the one the models are trained on: the same questions every time.
    assert.deepEqual(split.train.slice(0, 100), generateDateFormatPairs(100, DATE_FORMAT_SPLIT.trainSeed));
    assert.deepEqual(dateFormatSplit({ trainPairs: 30_000, validationPerFamily: 50, heldOutPerFamily: 100 }).heldOut, split.heldOut);
  });

  it('scores exact match per family', () => {
    const ps: DatePair[] = [
      { source: '2019-01-20', target: '2019-01-20', line: 1, family: 'iso', format: 'YYYY-MM-DD' },
      { source: '20190120', target: '2019-01-20', line: 2, family: 'compact', format: 'YYYYMMDD' },
      { source: '20190121', target: '2019-01-21', line: 3, family: 'compact', format: 'YYYYMMDD' },
    ];
    assert.deepEqual(exactMatchByFamily(ps, ['2019-01-20 ', '2019-01-20', '2010-02-19']), [
      { family: 'iso', examples: 1, correct: 1, exactMatch: 1 },
      { family: 'compact', examples: 2, correct: 1, exactMatch: 0.5 },
    ]);
    assert.throws(() => exactMatchByFamily(ps, ['x']), /1 predictions for 3 pairs/);
  });
});
