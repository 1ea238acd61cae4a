import * as assert from 'node:assert/strict';
import { DatasetError, readDataset, type ReadResult } from '../../../src/shared/data';
import { bytesOf, fixture } from './fixtureFiles';

const sources = (r: ReadResult): string[] => r.pairs.map((p) => p.source);
const targets = (r: ReadResult): string[] => r.pairs.map((p) => p.target);
/** The issues with their reason's code and English. */
const issues = (r: ReadResult): { file: string; line: number; code: string; reason: string }[] =>
  r.issues.map((i) => ({ file: i.file, line: i.line, code: i.reason.code, reason: i.reason.message }));
const reasons = (r: ReadResult): string[] => r.issues.map((i) => i.reason.message);
const codes = (r: ReadResult): string[] => r.issues.map((i) => i.reason.code);
const cappedNotes = (r: ReadResult): [string, string][] => r.capped.map((c) => [c.code, c.message]);

describe('data: Tatoeba / manythings TSV', () => {
  it('reads 2- and 3-column lines, keeps the attribution and the Korean text untouched', () => {
    const r = readDataset(fixture('tatoeba-good.tsv'));
    assert.equal(r.format, 'tsv-tatoeba');
    assert.deepEqual(sources(r), ['Hello.', 'I am a student.', 'Thank you.', 'Where is the station?']);
    assert.deepEqual(targets(r), ['안녕하세요.', '나는 학생입니다.', '고마워요.', '역이 어디예요?']);
    assert.equal(r.pairs[1].attribution, 'CC-BY 2.0 (France) Attribution: example.org #2 (fixture)');
    assert.equal(r.pairs[2].attribution, undefined);
    assert.deepEqual(r.pairs.map((p) => p.line), [1, 2, 3, 4]);
    assert.equal(r.skipped, 0);
    assert.deepEqual(r.capped, []);
  });

  it('skips, counts and reports malformed lines with file, line and reason', () => {
    const r = readDataset(fixture('tatoeba-malformed.tsv'));
    assert.deepEqual(sources(r), ['Go.', 'Help!']);
    assert.equal(r.skipped, 3);
    assert.deepEqual(issues(r), [
      { file: 'tatoeba-malformed.tsv', line: 2, code: 'data.lineTsvColumns', reason: 'expected 2 or 3 tab-separated columns, found 1' },
      { file: 'tatoeba-malformed.tsv', line: 3, code: 'data.lineTsvColumns', reason: 'expected 2 or 3 tab-separated columns, found 4' },
      { file: 'tatoeba-malformed.tsv', line: 5, code: 'data.lineEmptyTarget', reason: 'empty target' },
    ]);
  });

  it('reads UTF-8 with a BOM and CRLF line ends: no BOM or CR in the text', () => {
    const r = readDataset(fixture('tatoeba-bom-crlf.tsv'));
    assert.deepEqual(sources(r), ['Hi.', 'Cheers!', 'I like kimchi.']);
    assert.deepEqual(targets(r), ['안녕.', '건배!', '나는 김치를 좋아해요.']);
    assert.ok(r.pairs.every((p) => !p.attribution?.includes('\r')));
  });
});

describe('data: Tatoeba Challenge TSV (4 columns)', () => {
  it('reads language codes then source and target', () => {
    const r = readDataset(fixture('challenge-good.tsv'));
    assert.equal(r.format, 'tsv-challenge');
    assert.deepEqual(sources(r), ['Good morning.', 'I see.', 'Who are you?']);
    assert.deepEqual(targets(r), ['좋은 아침.', '알겠어요.', '누구세요?']);
  });

  it('swaps the sides when sourceKey names the second language (kor matches kor_Hang)', () => {
    const r = readDataset(fixture('challenge-good.tsv'), { sourceKey: 'kor' });
    assert.deepEqual(sources(r), ['좋은 아침.', '알겠어요.', '누구세요?']);
  });

  it('reports lines without 4 columns', () => {
    const r = readDataset(fixture('challenge-malformed.tsv'));
    assert.equal(r.pairs.length, 2);
    assert.equal(r.skipped, 1);
    assert.equal(r.issues[0].line, 2);
    assert.deepEqual(codes(r), ['data.lineChallengeColumns']);
    assert.match(reasons(r)[0], /expected 4 tab-separated columns .*found 3/);
  });
});

describe('data: line-aligned files', () => {
  it('pairs line i with line i, skips lines blank on both sides, reports one-sided blanks', () => {
    const r = readDataset(fixture('train.en', 'train.ko'));
    assert.equal(r.format, 'line-aligned');
    assert.deepEqual(sources(r), ['Hello.', 'I am a student.', 'Good night.']);
    assert.deepEqual(targets(r), ['안녕하세요.', '나는 학생입니다.', '잘 자요.']);
    assert.deepEqual(r.pairs.map((p) => p.line), [1, 2, 4]);
    assert.deepEqual(issues(r), [{ file: 'train.ko', line: 5, code: 'data.lineEmptyBeside', reason: 'empty line while train.en line 5 has text' }]);
  });

  it('reads CRLF src-/tgt- files', () => {
    const r = readDataset(fixture('src-train.txt', 'tgt-train.txt'));
    assert.deepEqual(targets(r), ['하나', '둘', '셋']);
  });

  it('refuses files whose line counts differ, naming both counts', () => {
    assert.throws(() => readDataset(fixture('mismatch.src', 'mismatch.tgt')),
      (e: unknown) => e instanceof DatasetError && /has 3 lines but mismatch\.tgt has 2/.test(e.message));
  });

  it('asks for the partner when one side is read alone', () => {
    assert.throws(() => readDataset(fixture('src-train.txt')), /partner \(tgt-train\.txt\)/);
    assert.throws(() => readDataset(fixture('train.en'), { format: 'line-aligned' }), /needs its partner file/);
  });
});

describe('data: CSV with a header', () => {
  it('handles quoted fields, commas, doubled quotes and embedded newlines; first two columns by default', () => {
    const r = readDataset(fixture('pairs-good.csv'));
    assert.equal(r.format, 'csv');
    assert.deepEqual(sources(r), ['Hello.', 'Yes, I do.', 'He said "hi".', 'two\nlines', 'Bye.']);
    assert.deepEqual(targets(r), ['안녕하세요.', '네, 그래요.', '그가 "안녕"이라고 했어요.', '두\n줄', '잘 가요.']);
    // Records start on lines 2, 3, 4, 5 and 8 (the two embedded newlines of record 4 take lines 6 and 7).
    assert.deepEqual(r.pairs.map((p) => p.line), [2, 3, 4, 5, 8]);
    assert.equal(r.skipped, 0);
  });

  it('chooses columns by sourceKey / targetKey (case-insensitive)', () => {
    const r = readDataset(fixture('pairs-good.csv'), { sourceKey: 'KOREAN', targetKey: 'note' });
    assert.deepEqual(sources(r)[0], '안녕하세요.');
    assert.deepEqual(targets(r)[0], 'plain');
  });

  it('names the columns when a key is not in the header', () => {
    assert.throws(() => readDataset(fixture('pairs-good.csv'), { sourceKey: 'fr' }),
      /no column 'fr' in the header \(columns: english, korean, note\)/);
  });

  it('reports rows with the wrong field count, text after a closing quote and an unclosed quote', () => {
    const r = readDataset(fixture('pairs-malformed.csv'));
    assert.deepEqual(sources(r), ['ok', 'fine']);
    assert.deepEqual(r.issues.map((i) => i.line), [3, 4, 5, 7]);
    assert.deepEqual(codes(r), ['data.lineCsvFields', 'data.lineCsvFields', 'data.lineCsvAfterQuote', 'data.lineCsvUnclosed']);
    assert.match(reasons(r)[0], /expected 2 comma-separated fields as in the header, found 3/);
    assert.match(reasons(r)[1], /found 1/);
    assert.match(reasons(r)[2], /unexpected 'x' after a closing quote/);
    assert.match(reasons(r)[3], /quoted field that starts on line 7 is never closed/);
    assert.equal(r.skipped, 4);
  });
});

describe('data: JSON Lines', () => {
  it('reads translation objects, languages in written order', () => {
    const r = readDataset(fixture('translation-good.jsonl'));
    assert.equal(r.format, 'jsonl');
    assert.deepEqual(sources(r), ['Hello.', 'I am a student.', 'Thanks.']);
    assert.deepEqual(targets(r), ['안녕하세요.', '나는 학생입니다.', '고마워요.']);
    assert.deepEqual(r.pairs.map((p) => p.line), [1, 2, 4]);
  });

  it('reverses with sourceKey', () => {
    const r = readDataset(fixture('translation-good.jsonl'), { sourceKey: 'ko' });
    assert.deepEqual(sources(r), ['안녕하세요.', '나는 학생입니다.', '고마워요.']);
  });

  it('reads source/target objects with CRLF', () => {
    const r = readDataset(fixture('source-target.jsonl'));
    assert.deepEqual(r.pairs.map((p) => [p.source, p.target]), [['Good night.', '잘 자요.'], ['See you.', '또 봐요.']]);
  });

  it('reports invalid JSON, non-objects, missing languages, non-strings and unknown shapes', () => {
    const r = readDataset(fixture('malformed.jsonl'));
    assert.deepEqual(sources(r), ['Hello.', 'Bye.']);
    assert.deepEqual(r.issues.map((i) => i.line), [2, 3, 4, 5, 6]);
    assert.deepEqual(codes(r), ['data.lineJsonSyntax', 'data.lineNotObject', 'data.lineNoKey', 'data.lineNotString', 'data.lineJsonShape']);
    assert.match(reasons(r)[0], /^not valid JSON/);
    assert.equal(reasons(r)[1], 'expected a JSON object');
    assert.equal(reasons(r)[2], `no 'ko' in "translation"`);
    assert.equal(reasons(r)[3], `'en' is not a string`);
    assert.equal(reasons(r)[4], 'expected {"translation": {…}} or {"source": …, "target": …}');
  });
});

describe("data: the book's fixed-width format", () => {
  it('reads date lines: question without padding, answer trimmed', () => {
    const r = readDataset(fixture('date-sample.txt'));
    assert.equal(r.format, 'fixed-width');
    assert.equal(r.pairs.length, 12);
    assert.deepEqual(r.pairs[0], { source: '2/7/72', target: '1972-02-07', line: 1 });
    assert.deepEqual(r.pairs[2], { source: 'December 13, 1999', target: '1999-12-13', line: 3 });
  });

  it('reads addition lines with padded answers', () => {
    const r = readDataset(fixture('addition-sample.txt'));
    assert.equal(r.format, 'fixed-width');
    assert.deepEqual(r.pairs[0], { source: '16+75', target: '91', line: 1 });
    assert.deepEqual(r.pairs[1], { source: '52+607', target: '659', line: 2 });
  });

  it("splits at the fixed column even when the question has '_', and reports bad lines", () => {
    const r = readDataset(fixture('fixed-width-malformed.txt'));
    assert.deepEqual(r.pairs.map((p) => [p.source, p.target]), [
      ['2/7/72', '1972-02-07'], ['under_score question', '2001-01-01'], ['Apr 7, 1993', '1993-04-07'],
    ]);
    assert.deepEqual(r.issues.map((i) => [i.line, i.reason.code, i.reason.message]), [
      [2, 'data.lineNoUnderscore', "no '_' separating the question from the answer"], [4, 'data.lineEmptySource', 'empty source'],
      [5, 'data.lineEmptyTarget', 'empty target'],
    ]);
  });
});

describe('data: files that cannot be read', () => {
  const refuses = (name: string, pattern: RegExp): void => {
    assert.throws(() => readDataset(fixture(name)), (e: unknown) => {
      assert.ok(e instanceof DatasetError, `expected a DatasetError, got ${String(e)}`);
      assert.equal(e.file, name);
      assert.match(e.message, pattern);
      return true;
    });
  };
  it('empty', () => refuses('empty.tsv', /the file is empty/));
  it('only white space and a BOM', () => refuses('blank.tsv', /no data \(only white space\)/));
  it('binary (NUL bytes)', () => refuses('binary.bin', /binary file/));
  it('not UTF-8 (Latin-1)', () => refuses('latin1.tsv', /not UTF-8/));
  it('UTF-16', () => refuses('utf16.tsv', /UTF-16/));
  it('unknown shape', () => refuses('unknown.txt', /unknown dataset format/));
  it('larger than maxBytes, refused before parsing', () => {
    assert.throws(() => readDataset(fixture('tatoeba-good.tsv'), { maxBytes: 100 }), /more than the 100 bytes limit/);
  });
  it('no usable pair at all', () => {
    assert.throws(() => readDataset({ name: 'x.tsv', bytes: bytesOf('a\tb\tc\td\ne\tf\tg\th\ti\n') }, { format: 'tsv-tatoeba' }),
      (e: unknown) => {
        // The reasons are coded down to the skipped line's, so the host can show all of it in the display language.
        const why = (e as DatasetError).coded.params.reason as unknown as { code: string; params: { why: { code: string; params: { reason: { code: string } } }[] } };
        assert.deepEqual([why.code, why.params.why[0].code, why.params.why[0].params.reason.code], ['data.noUsablePairWhy', 'data.skippedLinesFirst', 'data.lineTsvColumns']);
        assert.match((e as Error).message, /no usable sentence pair .*2 malformed lines skipped \(line 1: expected 2 or 3 tab-separated columns, found 4\)/);
        return true;
      });
  });
  it('invalid UTF-8 after the checked head: that line is reported, the rest is read', () => {
    const good = bytesOf('a\tb\n'.repeat(40000));
    const bad = new Uint8Array([...bytesOf('x\t'), 0xc3, 0x28, 0x0a]);
    const bytes = new Uint8Array([...good, ...bad, ...bytesOf('c\td\n')]);
    const r = readDataset({ name: 'mixed.tsv', bytes });
    assert.equal(r.pairs.length, 40001);
    assert.deepEqual(issues(r), [{ file: 'mixed.tsv', line: 40001, code: 'data.lineNotUtf8', reason: 'contains bytes that are not valid UTF-8' }]);
  });
});

describe('data: caps', () => {
  const many = (n: number): Uint8Array => bytesOf(Array.from({ length: n }, (_, i) => `s${i}\tt${i}`).join('\n'));

  it('maxPairs keeps the first pairs and says how many there were', () => {
    const r = readDataset({ name: 'many.tsv', bytes: many(50) }, { maxPairs: 10 });
    assert.equal(r.pairs.length, 10);
    assert.equal(r.pairs[9].source, 's9');
    assert.deepEqual(cappedNotes(r), [['data.cappedPairs', 'kept the first 10 of 50 pairs (limit 10)']]);
  });

  it('maxSourceChars / maxTargetChars leave out long pairs, counted in code points (Hangul = 1)', () => {
    const text = 'short\t짧다\nthis source is too long\tok\nok\t아주아주아주긴문장\nfive!\t다섯글자다\n';
    const r = readDataset({ name: 'len.tsv', bytes: bytesOf(text) }, { maxSourceChars: 5, maxTargetChars: 5 });
    assert.deepEqual(sources(r), ['short', 'five!']);
    assert.deepEqual(cappedNotes(r), [
      ['data.cappedSourceOne', 'left out 1 pair whose source is longer than 5 characters'],
      ['data.cappedTargetOne', 'left out 1 pair whose target is longer than 5 characters'],
    ]);
    const more = readDataset({ name: 'len.tsv', bytes: bytesOf(text + 'a long source again\tok\n') }, { maxSourceChars: 5, maxTargetChars: 5 });
    assert.deepEqual(cappedNotes(more)[0], ['data.cappedSource', 'left out 2 pairs whose source is longer than 5 characters']);
  });

  it('keeps at most 200 issue entries but counts every malformed line', () => {
    const text = 'ok\tfine\n' + 'bad line\n'.repeat(1000);
    const r = readDataset({ name: 'bad.tsv', bytes: bytesOf(text) }, { format: 'tsv-tatoeba' });
    assert.equal(r.skipped, 1000);
    assert.equal(r.issues.length, 200);
    assert.equal(r.issues[199].line, 201);
  });
});
