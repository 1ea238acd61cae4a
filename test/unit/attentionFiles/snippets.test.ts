/**
 * The Python snippets of docs/attention-files.md run as written, against stand-ins of transformers,
 * CTranslate2 and sentencepiece (test/fixtures/python-stand-ins: the documented shapes, real softmax
 * weights), and the file each writes opens with the project's reader. A snippet that indexes, stacks or
 * drops tokens wrongly fails here. Needs /usr/bin/python3 with PyTorch (`npm test` installs python3-torch).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAttentionText, type AttentionSentence } from '../../../src/shared/attentionFiles/index';
import { projectRoot } from '../../harness/paths';

/** The first ```python block after the heading `### title` of the document. */
function snippet(doc: string, title: string): string {
  const at = doc.indexOf(`### ${title}\n`);
  assert.ok(at >= 0, `no section '${title}'`);
  const m = /```python\n([\s\S]*?)```/.exec(doc.slice(at));
  assert.ok(m, `no python block under '${title}'`);
  return m[1];
}

function runSnippet(code: string): AttentionSentence[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-snippet-'));
  try {
    fs.writeFileSync(path.join(dir, 'snippet.py'), code);
    execFileSync('/usr/bin/python3', ['snippet.py'], {
      cwd: dir, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONPATH: path.join(projectRoot(), 'test', 'fixtures', 'python-stand-ins') },
    });
    const file = path.join(dir, 'house.attention.json');
    const read = readAttentionText(fs.readFileSync(file, 'utf8'), 'house.attention.json');
    assert.ok(read, 'the written file is not recognised');
    assert.equal(read.format, 'json');
    assert.deepEqual(read.problems, []);
    return read.sentences;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rowSums = (m: number[][]): number[] => m.map(r => r.reduce((a, b) => a + b, 0));

describe('attention files: the documentation\'s Python snippets', function () {
  this.timeout(90_000);
  const doc = fs.readFileSync(path.join(projectRoot(), 'docs', 'attention-files.md'), 'utf8');

  it('transformers: every layer and head of the teacher-forced pass, the decoder start token dropped', () => {
    const [s] = runSnippet(snippet(doc, 'From Hugging Face transformers'));
    // "Das Haus ist klein." is 4 words and </s> in the stand-in's tokenizer; the output as many and </s>.
    assert.equal(s.source.length, 5);
    assert.equal(s.source.at(-1), '</s>');
    assert.equal(s.target.length, 5);
    assert.equal(s.target.at(-1), '</s>');
    assert.ok(s.heads, 'layers x heads kept');
    assert.equal(s.heads.length, 2);
    assert.equal(s.heads[0].length, 4);
    for (const layer of s.heads) for (const head of layer) {
      assert.equal(head.length, s.target.length);
      for (const sum of rowSums(head)) assert.ok(Math.abs(sum - 1) < 1e-5, `row sum ${sum}`);
    }
    assert.ok(s.attention && s.attention.length === s.target.length && s.attention[0].length === s.source.length);
    assert.ok(s.score !== undefined && s.score < 0);
    assert.equal(s.tokenLogProbs?.length, s.target.length);
  });

  it('CTranslate2: target x source with the EOS column the translator appends read as EOS', () => {
    const [s] = runSnippet(snippet(doc, 'From CTranslate2'));
    assert.deepEqual(s.source.slice(0, 4), ['\u2581Das', '\u2581Haus', '\u2581ist', '\u2581klein.']);
    assert.equal(s.source.length, 5, 'an EOS column added for the appended </s>');
    assert.ok(s.attention);
    assert.equal(s.attention.length, s.target.length);
    for (const sum of rowSums(s.attention)) assert.ok(Math.abs(sum - 1) < 1e-9, `row sum ${sum}`);
    assert.equal(s.score, -1.25);
  });
});
