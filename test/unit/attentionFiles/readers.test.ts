import * as assert from 'node:assert/strict';
import { readAttentionText, type AttentionFile } from '../../../src/shared/attentionFiles/index';
import { splitLines } from '../../../src/shared/attentionFiles/lines';
import { koreanBundle } from '../koreanBundle';
import { attentionFixture } from './fixtures';
import { renderMessage } from '../../../src/shared/messages/coded';

function read(name: string, options: Parameters<typeof readAttentionText>[2] = {}): AttentionFile {
  const f = readAttentionText(attentionFixture(name), name, options);
  assert.ok(f, `${name} was not recognised`);
  return f;
}

const srcLines = (): string[] => splitLines(attentionFixture('marian.src')).map(l => l.text);

function messages(f: AttentionFile): string[] {
  return f.problems.map(p => `${p.file}:${p.line}: ${p.message.message}`);
}

/** The problems' codes, a nested reason's code after a colon ('attn.at:attn.jsonShape'). */
function codes(f: AttentionFile): string[] {
  return f.problems.map(p => p.message.code + (p.message.code === 'attn.at' ? `:${(p.message.params.problem as { code: string }).code}` : ''));
}

describe('attention files: fairseq', () => {
  it('reads soft alignments with EOS rows and columns, sentences sorted by id, log lines skipped', () => {
    const f = read('fairseq-soft.txt');
    assert.equal(f.format, 'fairseq');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sentences.map(s => s.id), [0, 1]);
    const [s0, s1] = f.sentences;
    assert.deepEqual(s0.source, ['das', 'stim@@', 'mt', '</s>']);
    assert.deepEqual(s0.target, ['that', 'is', 'right', '</s>']);
    assert.equal(s0.alignment, 'soft');
    assert.ok(s0.sourceEos && s0.targetEos);
    assert.deepEqual(s0.attention?.[1], [0.05, 0.6, 0.3, 0.05]);
    assert.equal(s0.score, -0.2513);
    assert.deepEqual(s0.tokenLogProbs, [-0.1, -0.2, -0.3, -0.4052]);
    assert.equal(s0.line, 13);
    assert.deepEqual(s1.target, ['it', 'rains', '</s>']);
    assert.deepEqual(s1.attention?.[2], [0.05, 0.15, 0.8]);
  });

  it('reads hard pairs and keeps every n-best hypothesis in rank order', () => {
    const f = read('fairseq-hard-nbest.txt');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sentences.map(s => [s.id, s.rank, s.score]), [[0, 0, -0.3102], [0, 1, -0.5521]]);
    const best = f.sentences[0];
    assert.equal(best.alignment, 'hard');
    assert.deepEqual(best.target, ['i', 'see', 'the', 'old', 'man']);
    // 0-0 1-1 3-2 1-3 4-4: target 2 ('the') links source 3 ('alten'), target 3 links source 1.
    assert.deepEqual(best.attention, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 1]]);
    assert.deepEqual(f.sentences[1].target[2], 'that');
  });

  it('reads the legacy one-index-per-target form of fairseq 0.8', () => {
    const f = read('fairseq-legacy.txt');
    assert.deepEqual(f.problems, []);
    const s = f.sentences[0];
    assert.equal(s.alignment, 'hard');
    assert.deepEqual(s.attention?.map(r => r.indexOf(1)), [0, 7, 7, 2]);
  });

  it('reads CRLF files', () => {
    const f = read('fairseq-crlf.txt');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sentences[0].target, ['yes', 'no', '</s>']);
    assert.deepEqual(f.sentences[0].attention?.[2], [0.1, 0.1, 0.8]);
  });

  it('gives each bad line a message with file, line and what does not match, and still opens the rest', () => {
    const f = read('fairseq-mismatch.txt');
    const m = messages(f);
    assert.equal(m.length, 5, m.join('\n'));
    assert.deepEqual(codes(f), ['attn.matrixSize', 'attn.at:attn.cellNotNumber', 'attn.rowSums', 'attn.fairseqScore', 'attn.pairsMismatch']);
    assert.match(m[0], /^fairseq-mismatch\.txt:6: A-1: the matrix is 4 rows x 4 columns, but H-1 has 3 target tokens and S-1 has 2 source tokens \(expected 3 or 4 rows and 2 or 3 columns/);
    assert.match(m[0], /--remove-bpe/);
    assert.match(m[1], /^fairseq-mismatch\.txt:9: A-2: row 1, column 2: 'abc' is not a number/);
    assert.match(m[2], /^fairseq-mismatch\.txt:12: A-3: soft attention rows should sum to about 1: row 1 \('no'\) sums to 0\.5/);
    assert.match(m[3], /^fairseq-mismatch\.txt:14: H-4: expected 'H-4<TAB>score<TAB>hypothesis', the score is 'oops'/);
    assert.match(m[4], /^fairseq-mismatch\.txt:17: A-5: the pair '3-0' names source index 3, but there is 1 source token/);
    // Sentence 0 is intact; 3 opens despite its sums; 1, 2 and 5 are listed without a matrix.
    const byId = new Map(f.sentences.map(s => [s.id, s]));
    assert.deepEqual(byId.get(0)?.attention?.[0], [0.9, 0.02, 0.06, 0.02]);
    assert.deepEqual(byId.get(3)?.attention, [[0.4, 0.1], [0.1, 0.9]]);
    for (const id of [1, 2, 5]) assert.equal(byId.get(id)?.attention, null, `sentence ${id}`);
    assert.equal(byId.has(4), false);
  });
});

describe('attention files: Marian', () => {
  it('reads soft output with the source tokens of the input file, exponents and trailing zero columns', () => {
    const f = read('marian.out', { sourceLines: srcLines(), sourceName: 'marian.src' });
    assert.equal(f.format, 'marian');
    assert.deepEqual(f.problems, []);
    const [a, b] = f.sentences;
    assert.deepEqual(a.source, ['now', 'everyone', 'knows', '</s>']);
    assert.deepEqual(a.target, ['jetzt', 'weiß', 'jeder', '</s>']);
    assert.deepEqual(a.attention?.[0], [0.917065, 0.0218936, 0.0405725, 0.0204688]);
    assert.equal(b.id, 1);
    assert.deepEqual(b.source, ['it', 'is', 'raining', '</s>']);
    assert.deepEqual(b.attention?.[0], [0.9, 0.09, 0.0099178, 8.22032e-5]);
    assert.equal(b.attention?.[0].length, 4);
  });

  it('reads hard and n-best output', () => {
    const hard = read('marian-hard.out', { sourceLines: srcLines() });
    assert.deepEqual(hard.problems, []);
    // Marian's hard pairs include the EOS pair (3-3 for 3 words): both sides get their EOS token.
    assert.deepEqual(hard.sentences[0].source, ['now', 'everyone', 'knows', '</s>']);
    assert.deepEqual(hard.sentences[0].target, ['jetzt', 'weiß', 'jeder', '</s>']);
    assert.deepEqual(hard.sentences[0].attention, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);
    assert.deepEqual(hard.sentences[1].target, ['es', 'regnet']);
    const nbest = read('marian-nbest.out', { sourceLines: srcLines() });
    assert.deepEqual(nbest.problems, []);
    assert.deepEqual(nbest.sentences.map(s => [s.id, s.rank, s.score, s.target.join(' ')]),
      [[0, 0, -0.4512, 'jetzt weiß jeder'], [0, 1, -0.742, 'nun weiß jeder'], [1, 0, -0.2001, 'es regnet']]);
  });

  it('says where the source tokens come from when no source file is given', () => {
    const f = read('marian.out', { format: 'marian' });
    assert.equal(f.sentences.length, 0);
    assert.deepEqual(codes(f), ['attn.marianNoSource']);
    assert.match(messages(f)[0], /marian\.out:1: Marian output has no source tokens: they come from the file given to the decoder \(same line number\)/);
  });

  it('reports a size mismatch against the source line and a line without alignment', () => {
    const f = read('marian-bad.out', { format: 'marian', sourceLines: srcLines(), sourceName: 'marian.src' });
    const m = messages(f);
    assert.equal(m.length, 2, m.join('\n'));
    assert.deepEqual(codes(f), ['attn.matrixSize', 'attn.marianNoSeparator']);
    assert.match(m[0], /marian-bad\.out:1: line 1: the matrix is 2 rows x 2 columns, but the translation has 3 target tokens and line 1 of marian\.src has 3 source tokens/);
    assert.match(m[1], /marian-bad\.out:2: no '\|\|\|' separator/);
  });

  it('reads scorer output with the target file', () => {
    const text = '-1.5 ||| 0-0 1-1 2-2\n';
    const f = readAttentionText(text, 'scores.txt', { format: 'marian', sourceLines: srcLines(), targetLines: ['jetzt weiß jeder'] });
    assert.ok(f);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sentences[0].target, ['jetzt', 'weiß', 'jeder']);
    assert.equal(f.sentences[0].score, -1.5);
  });
});

describe('attention files: OpenNMT-py', () => {
  it('reads -attn_debug tables inside a log: logger prefixes, * marks, truncated labels replaced by the SENT tokens', () => {
    const f = read('opennmt-attn.log');
    assert.equal(f.format, 'opennmt');
    assert.deepEqual(f.problems, []);
    const [a, b] = f.sentences;
    assert.deepEqual(a.source, ['▁das', '▁stimmt', '▁nicht']);
    assert.deepEqual(a.target, ['▁that', '▁is', '▁not', '▁true', '</s>']);
    assert.deepEqual(a.attention?.[0], [0.91, 0.03, 0.06]);
    assert.deepEqual(a.attention?.[4], [0.1, 0.1, 0.8]);
    assert.equal(a.score, -1.2345);
    assert.ok(a.targetEos && !a.sourceEos);
    assert.deepEqual(b.source, ['▁zum', '▁Bahnhof', '▁bitte']);
    assert.equal(b.id, 2);
  });

  it('reads -report_align ALIGN lines and names the pair outside the tokens', () => {
    const f = read('opennmt-align.log');
    assert.equal(f.format, 'opennmt');
    assert.equal(f.sentences[0].alignment, 'hard');
    assert.deepEqual(f.sentences[0].attention?.[3], [0, 1, 0]);
    const m = messages(f);
    assert.equal(m.length, 1);
    assert.deepEqual(codes(f), ['attn.pairsMismatch']);
    assert.match(m[0], /opennmt-align\.log:10: ALIGN: the pair '2-0' names source index 2, but there is 1 source token/);
  });

  it('reports weights that are not numbers, a label count that differs from SENT, and row sums', () => {
    const f = read('opennmt-bad.log');
    const m = messages(f);
    assert.equal(m.length, 3, m.join('\n'));
    assert.deepEqual(codes(f), ['attn.onmtCellNotNumber', 'attn.onmtSourceLabelCount', 'attn.rowSums']);
    assert.match(m[0], /opennmt-bad\.log:8: attention table: row '▁is': 'zero' is not a number/);
    assert.match(m[1], /opennmt-bad\.log:15: attention table: 1 source labels, but SENT 2 has 2 tokens/);
    assert.match(m[2], /opennmt-bad\.log:15: attention table: soft attention rows should sum to about 1: row 1 \('▁yes'\) sums to 0\.9/);
    assert.equal(f.sentences[0].attention, null);
    assert.deepEqual(f.sentences[1].source, ['▁ja']);
  });
});

describe('attention files: the project JSON format', () => {
  it('reads target x source sentences with scores and the model name, and names the misfit', () => {
    const f = read('attention.json');
    assert.equal(f.format, 'json');
    assert.equal(f.sentences.length, 2);
    assert.equal(f.sentences[0].model, 'Helsinki-NLP/opus-mt-de-en');
    assert.ok(f.sentences[0].sourceEos && f.sentences[0].targetEos);
    assert.deepEqual(f.sentences[0].tokenLogProbs, [-0.1, -0.15, -0.06]);
    const m = messages(f);
    assert.equal(m.length, 1);
    assert.deepEqual(codes(f), ['attn.at:attn.jsonShape']);
    assert.match(m[0], /attention\.json:1: sentences\[2\]: "attention" is 1 x 3 \(target x source\), but "target" has 1 tokens and "source" has 1 \(expected 1 or 2 rows, EOS included or not, and 1 or 2 columns\)/);
    // One more column than tokens is the EOS column the tokens left out.
    const eos = readAttentionText(JSON.stringify({ format: 'seq2seq-attention-explorer.attention', version: 1, source: ['a'], target: ['x'], attention: [[0.75, 0.25]] }), 'ct2.json');
    assert.deepEqual(eos?.problems, []);
    assert.deepEqual(eos?.sentences[0].source, ['a', '</s>']);
  });

  it('reads layers x heads x target x source and shows their mean', () => {
    const f = read('heads.json');
    assert.deepEqual(f.problems, []);
    const s = f.sentences[0];
    assert.equal(s.heads?.length, 2);
    assert.equal(s.heads?.[0].length, 2);
    assert.deepEqual(s.attention, [[0.5, 0.5], [0.5, 0.5]]);
  });

  it('reads the panel export of a translation view', () => {
    const view = {
      format: 'seq2seq-attention-explorer.view', version: 1,
      view: { kind: 'translation', input: 'ab', entry: { modelId: 'm', modelLabel: 'Model M', mechanism: 'luong',
        result: { source: [{ text: 'a', start: 0, end: 1 }, { text: 'b', start: 1, end: 2 }], output: ['x'], probabilities: [0.5], logProb: Math.log(0.5), attention: [[0.25, 0.75]] } } },
    };
    const f = readAttentionText(JSON.stringify(view), 'export.json');
    assert.ok(f);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sentences[0].source, ['a', 'b']);
    assert.deepEqual(f.sentences[0].attention, [[0.25, 0.75]]);
    assert.equal(f.sentences[0].model, 'Model M');
  });

  it('reports invalid JSON with its line and a wrong format name', () => {
    const bad = readAttentionText('{"format": "seq2seq-attention-explorer.attention",\n "version": 1,\n oops}', 'x.json');
    assert.ok(bad);
    assert.match(messages(bad)[0], /^x\.json:3: not valid JSON/);
    assert.deepEqual(codes(bad), ['attn.jsonSyntax']);
    const other = readAttentionText('{"format": "seq2seq-attention-explorer.attention", "version": 2, "sentences": []}', 'y.json');
    assert.match(other ? messages(other)[0] : '', /"version" is 2; this version reads version 1/);
    assert.deepEqual(other ? codes(other) : [], ['attn.jsonVersion']);
  });
});

describe('attention files: problems in Korean', () => {
  const bundle = koreanBundle();
  const korean = (english: string): string | undefined => bundle[english];

  it('words every problem of the fixtures in Korean with the shipped bundle, down to the nested labels and counts', () => {
    const files = [read('fairseq-mismatch.txt'), read('marian.out', { format: 'marian' }),
      read('marian-bad.out', { format: 'marian', sourceLines: srcLines() }), read('opennmt-align.log'), read('opennmt-bad.log'), read('attention.json')];
    const problems = files.flatMap(f => f.problems);
    assert.ok(problems.length >= 12, `${problems.length} problems`);
    for (const p of problems) {
      const text = renderMessage(p.message, korean);
      assert.match(text, /[\uac00-\ud7a3]/, text);
      // What is left once the file's own text and JSON field names (quoted) are taken out has no English words of a template.
      const words = text.replace(/'[^']*'|"[^"]*"/g, '').match(/\b(the|has|have|is|are|but|row|rows|column|columns|expected|not|sums|tokens?|source|target|line|file|translation)\b/g);
      assert.equal(words, null, `English left in: ${text} (from ${p.message.message})`);
    }
    const [first] = files[0].problems;
    assert.equal(renderMessage(first.message, korean).split('. ')[0],
      'A-1: 행렬은 4행 x 4열인데, H-1에는 목표 토큰 3개, S-1에는 원문 토큰 2개가 있습니다(EOS 포함 여부에 따라 3행 또는 4행, 2열 또는 3열이어야 합니다)');
  });
});

describe('attention files: detection by content', () => {
  it('tells the formats apart by content, not name', () => {
    const cases: [string, string][] = [['fairseq-soft.txt', 'fairseq'], ['fairseq-hard-nbest.txt', 'fairseq'], ['marian.out', 'marian'],
      ['marian-nbest.out', 'marian'], ['opennmt-attn.log', 'opennmt'], ['opennmt-align.log', 'opennmt'], ['attention.json', 'json']];
    for (const [name, format] of cases) assert.equal(read(name, { sourceLines: srcLines() }).format, format, name);
    assert.equal(readAttentionText('just some text\nand more\n', 'notes.txt'), null);
    assert.equal(readAttentionText('{"a": 1}', 'other.json'), null);
  });
});

describe('attention files: the JSON Schema file', () => {
  it('names the format and version the reader reads and requires the three fields of a sentence', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { projectRoot } = await import('../../harness/paths');
    const { ATTENTION_FORMAT, ATTENTION_VERSION, VIEW_FORMAT } = await import('../../../src/shared/attentionFiles/projectJson');
    const schema = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'media', 'schemas', 'attention-file.schema.json'), 'utf8'));
    assert.equal(schema.$defs.header.properties.format.const, ATTENTION_FORMAT);
    assert.equal(schema.$defs.header.properties.version.const, ATTENTION_VERSION);
    assert.equal(schema.$defs.viewExport.properties.format.const, VIEW_FORMAT);
    assert.deepEqual(schema.$defs.sentence.required, ['source', 'target', 'attention']);
  });
});
