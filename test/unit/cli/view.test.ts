import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseCommandLine, UsageError } from '../../../src/cli/args';
import { matrixText, readViewFile } from '../../../src/cli/commands/view';
import { CliError } from '../../../src/cli/files';
import { showSentence } from '../../../src/shared/attentionFiles/transform';
import { readAttentionText } from '../../../src/shared/attentionFiles/index';
import { projectRoot } from '../../harness/paths';
import { attentionFixturePath } from '../attentionFiles/fixtures';

const base = { json: false, hypothesis: 1, words: false, hideEos: false };

describe('cli: view (attention files of other toolkits)', () => {
  it('parses view FILE --sentence N and its options', () => {
    const c = parseCommandLine(['view', 'gen.out', '--sentence', '3', '--hypothesis', '2', '--words', '--hide-eos', '--source', 'in.de', '--json']);
    assert.deepEqual(c, { name: 'view', options: { json: true, file: 'gen.out', sentence: 3, hypothesis: 2, words: true, hideEos: true, source: 'in.de' } });
    assert.throws(() => parseCommandLine(['view']), (e: unknown) => e instanceof UsageError && /view needs the attention file/.test(e.message));
    assert.throws(() => parseCommandLine(['view', 'a', 'b']), (e: unknown) => e instanceof UsageError && /one positional argument \(the file\); got 'b'/.test(e.message));
    assert.throws(() => parseCommandLine(['view', 'a', '--sentence', '-1']), UsageError);
  });

  it('prints the matrix with the source across and the target down', () => {
    const f = readViewFile({ ...base, file: attentionFixturePath('fairseq-soft.txt') });
    const shown = showSentence(f.sentences[0]);
    assert.ok(shown);
    const lines = matrixText(shown).split('\n');
    assert.deepEqual(lines[0].trim().split(/\s+/), ['target', '\\', 'source', 'das', 'stim@@', 'mt', '</s>']);
    assert.deepEqual(lines[2].trim().split(/\s+/), ['is', '0.05', '0.60', '0.30', '0.05']);
    assert.equal(lines.length, 5);
  });

  it('finds the Marian source file beside the output by name, and says what it looked for when there is none', () => {
    const f = readViewFile({ ...base, file: attentionFixturePath('marian.out') });
    assert.deepEqual(f.sentences[0].source, ['now', 'everyone', 'knows', '</s>']);
    assert.throws(() => readViewFile({ ...base, file: attentionFixturePath('marian-hard.out') }),
      (e: unknown) => e instanceof CliError && /give the file the decoder read with --source FILE \(looked beside it for marian-hard, marian-hard\.src/.test(e.message));
    const given = readViewFile({ ...base, file: attentionFixturePath('marian-hard.out'), source: attentionFixturePath('marian.src') });
    assert.equal(given.sentences.length, 2);
  });

  it('refuses a file of no supported kind', () => {
    assert.throws(() => readViewFile({ ...base, file: attentionFixturePath('marian.src') }), (e: unknown) => e instanceof CliError && /not an attention file this version reads/.test(e.message));
  });

  it('runs as a command: exit codes, problems on stderr as FILE:LINE, --json readable by the JSON reader', function () {
    this.timeout(30_000);
    const main = path.join(projectRoot(), 'out', 'src', 'cli', 'main.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [main, 'view', ...args], { encoding: 'utf8' });
    const listed = run(attentionFixturePath('fairseq-mismatch.txt'));
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /5 sentences, 5 problems/);
    assert.match(listed.stderr, /fairseq-mismatch\.txt:6: A-1: the matrix is 4 rows x 4 columns/);
    const missing = run(attentionFixturePath('fairseq-soft.txt'), '--sentence', '9');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no sentence 9 .* ids 0 to 1/);
    const json = run(attentionFixturePath('opennmt-attn.log'), '--json');
    assert.equal(json.status, 0, json.stderr);
    const back = readAttentionText(json.stdout, 'converted.json');
    assert.ok(back);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.sentences.map(s => s.source), [['▁das', '▁stimmt', '▁nicht'], ['▁zum', '▁Bahnhof', '▁bitte']]);
    assert.deepEqual(back.sentences[0].attention?.[1], [0.05, 0.8, 0.15]);
  });
});
