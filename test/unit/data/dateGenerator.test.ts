import * as assert from 'node:assert/strict';
import { generateDatePairs, readDataset, toBookLine } from '../../../src/shared/data';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Independent parse of a question back to YYYY-MM-DD, to check every answer matches its question. */
function parseQuestion(q: string): string {
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(q);
  if (slash) {
    const yy = Number(slash[3]);
    return `${yy >= 70 ? 1900 + yy : 2000 + yy}-${slash[1].padStart(2, '0')}-${slash[2].padStart(2, '0')}`;
  }
  const named = /^(?:[a-z]+, )?([a-z]+) (\d{1,2}), (\d{4})$/i.exec(q);
  assert.ok(named, `unexpected question format: '${q}'`);
  const month = MONTHS.findIndex((m) => m.startsWith(named[1].toLowerCase()) && (named[1].length === 3 || m === named[1].toLowerCase()));
  assert.ok(month >= 0, `unknown month in '${q}'`);
  return `${named[3]}-${String(month + 1).padStart(2, '0')}-${named[2].padStart(2, '0')}`;
}

describe('data: date generator', () => {
  const pairs = generateDatePairs(2000, 7);

  it('is deterministic for a seed and differs across seeds', () => {
    assert.deepEqual(generateDatePairs(50, 7), pairs.slice(0, 50));
    assert.notDeepEqual(generateDatePairs(50, 8), pairs.slice(0, 50));
  });

  it('answers every question correctly, with weekdays that match the date', () => {
    for (const p of pairs) {
      assert.equal(parseQuestion(p.source), p.target, p.source);
      const weekday = /^([a-z]+), /i.exec(p.source);
      if (weekday) {
        const d = new Date(`${p.target}T00:00:00Z`);
        assert.equal(weekday[1].toLowerCase(), d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }).toLowerCase());
      }
    }
  });

  it("uses the book's mix of formats and casings, years 1970-2017", () => {
    const share = (re: RegExp): number => pairs.filter((p) => re.test(p.source)).length / pairs.length;
    assert.ok(Math.abs(share(/^\d+\/\d+\/\d\d$/) - 0.25) < 0.05);
    assert.ok(Math.abs(share(/^[A-Za-z]+, /) - 0.25) < 0.05);
    assert.ok(share(/^[A-Z]{4,}/) > 0.05 && share(/^[a-z]/) > 0.05);
    const years = pairs.map((p) => Number(p.target.slice(0, 4)));
    assert.ok(Math.min(...years) >= 1970 && Math.max(...years) <= 2017);
  });

  it("writes lines in the book's fixed-width format that the reader reads back", () => {
    const text = pairs.slice(0, 20).map(toBookLine).join('\n') + '\n';
    assert.ok(text.split('\n')[0].length === 40);
    const r = readDataset({ name: 'generated.txt', bytes: new TextEncoder().encode(text) });
    assert.equal(r.format, 'fixed-width');
    assert.deepEqual(r.pairs, pairs.slice(0, 20));
  });
});
