/**
 * Open Attention File... in a real VS Code: a fairseq soft file, a Marian file with its source file found
 * by name, an OpenNMT-py log and a file with problems open in the Attention Explorer panel with the
 * file's tokens and weights; subword pieces merge into words; a focused cell highlights its token in the
 * editor that holds the source sentence.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ComparisonView, TranslationView } from '../../../src/shared/protocol/webview';
import type { Seq2SeqTestApi } from '../../../src/extension/testApi';
import { shownResult } from '../../../src/extension/views';
import { plainText } from '../../../src/extension/attentionFiles';
import { extensionPath, getApi, koreanBundle, waitFor, withSetting, workspaceFolder } from './helpers';

const OPEN = 'seq2seqAttention.openAttentionFile';

async function copyAttentionFixture(name: string, target = name): Promise<vscode.Uri> {
  const source = vscode.Uri.file(path.join(extensionPath(), 'test', 'fixtures', 'attention', name));
  const uri = vscode.Uri.joinPath(workspaceFolder(), 'attention-files', target);
  await vscode.workspace.fs.copy(source, uri, { overwrite: true });
  return uri;
}

const round = (row: number[] | undefined): number[] => (row ?? []).map(x => Number(x.toFixed(7)));

describe('Open Attention File (fairseq, Marian, OpenNMT-py)', function () {
  this.timeout(120_000);
  let api: Seq2SeqTestApi;

  before(async () => {
    api = await getApi();
  });

  it('opens a fairseq soft file in the panel with its tokens and weights, and merges subwords into words', async () => {
    const uri = await copyAttentionFixture('fairseq-soft.txt', 'generate-test.txt');
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [0] });
    assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.kind, 'translation');
    const r = view.entry.result;
    assert.strictEqual(view.entry.mechanism, 'external');
    assert.strictEqual(view.entry.attentionFile?.format, 'fairseq');
    // BPE pieces reach the panel in the ▁ convention, so its Pieces / Words toggle merges them.
    assert.deepStrictEqual(r.source.map(t => t.text), ['▁das', '▁stim', 'mt', '▁</s>']);
    assert.deepStrictEqual(r.output, ['that', 'is', 'right', '</s>']);
    assert.deepStrictEqual(round(r.attention?.[1]), [0.05, 0.6, 0.3, 0.05]);
    const delivered = await waitFor('the panel to receive the view', () => {
      const d = api.deliveredView();
      return d?.kind === 'translation' && d.entry.attentionFile?.fileName === 'generate-test.txt' ? d : undefined;
    });
    assert.deepStrictEqual(delivered.entry.result.source.map(t => t.text), r.source.map(t => t.text));
    const words = shownResult(view.entry, 'words');
    assert.deepStrictEqual(words.source.map(t => t.text), ['das', 'stimmt', '</s>']);
    assert.deepStrictEqual(round(words.attention?.[1]), [0.05, 0.9, 0.05]);
  });

  it('hides the EOS column when the setting says so', async () => {
    const restore = await withSetting('attentionFiles.hideEos', true);
    try {
      const uri = await copyAttentionFixture('fairseq-soft.txt', 'generate-test.txt');
      const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [1] });
      assert.ok(view);
      assert.deepStrictEqual(view.entry.result.source.map(t => t.text), ['es', 'regnet']);
      assert.deepStrictEqual(round(view.entry.result.attention?.[0]), [0.85, 0.1]);
    } finally {
      await restore();
    }
  });

  it('links a focused cell to the source sentence in an open editor, pieces and words', async () => {
    const sourceUri = vscode.Uri.joinPath(workspaceFolder(), 'attention-files', 'source.de');
    await vscode.workspace.fs.writeFile(sourceUri, Buffer.from('erst das hier\ndas stimmt\n', 'utf8'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sourceUri), { preview: false });
    const uri = await copyAttentionFixture('fairseq-soft.txt', 'generate-test.txt');
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [0] });
    assert.ok(view);
    await vscode.window.showTextDocument(editor.document, { preview: false, preserveFocus: false, viewColumn: editor.viewColumn });
    api.focusCell(0, 1, 1);
    const piece = await waitFor('the highlighted piece', () => api.highlightedSource());
    assert.strictEqual(piece.uri, sourceUri.toString());
    assert.strictEqual(editor.document.getText(piece.range), 'stim');
    assert.strictEqual(piece.range.start.line, 1);
    api.focusCell(0, 1, 1, 'words');
    const word = await waitFor('the highlighted word', () => {
      const h = api.highlightedSource();
      return h && editor.document.getText(h.range) === 'stimmt' ? h : undefined;
    });
    assert.strictEqual(word.range.start.character, 4);
  });

  it('opens a Marian file with the source tokens of its input file (found beside it by name)', async () => {
    await copyAttentionFixture('marian.src', 'newstest.src');
    const uri = await copyAttentionFixture('marian.out', 'newstest.out');
    const srcDoc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), 'attention-files', 'newstest.src'));
    const editor = await vscode.window.showTextDocument(srcDoc, { preview: false });
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [1] });
    assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
    assert.deepStrictEqual(view.entry.result.source.map(t => t.text), ['it', 'is', 'raining', '</s>']);
    assert.deepStrictEqual(view.entry.result.output, ['es', 'regnet', '</s>']);
    assert.deepStrictEqual(round(view.entry.result.attention?.[0]), [0.9, 0.09, 0.0099178, 0.0000822]);
    await vscode.window.showTextDocument(editor.document, { preview: false, viewColumn: editor.viewColumn });
    api.focusCell(0, 0, 2);
    const h = await waitFor('the highlighted source word', () => {
      const x = api.highlightedSource();
      return x && x.uri === srcDoc.uri.toString() ? x : undefined;
    });
    assert.strictEqual(h.range.start.line, 1);
    assert.strictEqual(srcDoc.getText(h.range), 'raining');
  });

  it('opens an OpenNMT-py -attn_debug log with the full tokens of its SENT line', async () => {
    const uri = await copyAttentionFixture('opennmt-attn.log', 'translate.log');
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [2] });
    assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
    assert.deepStrictEqual(view.entry.result.source.map(t => t.text), ['▁zum', '▁Bahnhof', '▁bitte']);
    assert.deepStrictEqual(view.entry.result.output, ['▁to', '▁the', '▁station', '▁please', '▁</s>']);
    assert.deepStrictEqual(round(view.entry.result.attention?.[2]), [0.05, 0.9, 0.05]);
    assert.strictEqual(view.entry.attentionFile?.line, 18);
  });

  it('lists the problems of a file in the Problems panel and still opens its good sentences; two sentences side by side', async () => {
    const uri = await copyAttentionFixture('fairseq-mismatch.txt', 'removed-bpe.txt');
    const view = await vscode.commands.executeCommand<ComparisonView | undefined>(OPEN, { uri: uri.toString(), sentences: [0, 3] });
    assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.kind, 'comparison');
    assert.strictEqual(view.entries.length, 2);
    const problems = api.attentionFileProblems(uri);
    assert.deepStrictEqual(problems.map(p => p.line), [6, 9, 12, 14, 17]);
    assert.match(problems[0].message, /A-1: the matrix is 4 rows x 4 columns, but H-1 has 3 target tokens and S-1 has 2 source tokens/);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.strictEqual(diagnostics.length, 5);
    assert.strictEqual(diagnostics[0].range.start.line, 5);
    // The row-sum problem of sentence 3 is shown with it in the panel.
    assert.match(view.entries[1].attentionFile?.problems[0] ?? '', /removed-bpe\.txt:12: A-3: soft attention rows should sum to about 1/);
  });

  it('shows the problems in the display language: the Problems panel, the panel and the notification (Korean bundle)', async () => {
    const korean = koreanBundle();
    const uri = await copyAttentionFixture('fairseq-mismatch.txt', 'removed-bpe-ko.txt');
    const unaligned = vscode.Uri.joinPath(workspaceFolder(), 'attention-files', 'no-alignment.txt');
    await vscode.workspace.fs.writeFile(unaligned, Buffer.from('S-0\tein Haus\nH-0\t-0.5\ta house\n', 'utf8'));
    api.renderMessagesFromBundle(korean);
    try {
      const view = await vscode.commands.executeCommand<ComparisonView | undefined>(OPEN, { uri: uri.toString(), sentences: [0, 3] });
      assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
      const diagnostics = vscode.languages.getDiagnostics(uri);
      assert.deepStrictEqual(diagnostics.map(d => d.range.start.line + 1), [6, 9, 12, 14, 17]);
      assert.strictEqual(diagnostics[0].message,
        'A-1: 행렬은 4행 x 4열인데, H-1에는 목표 토큰 3개, S-1에는 원문 토큰 2개가 있습니다(EOS 포함 여부에 따라 3행 또는 4행, 2열 또는 3열이어야 합니다). '
        + '토큰은 모델이 읽고 쓴 그대로여야 합니다. --remove-bpe, SentencePiece 디코딩, 탈토큰화는 토큰 수를 바꿉니다');
      for (const d of diagnostics) assert.match(d.message, /[\uac00-\ud7a3]/, `not Korean: ${d.message}`);
      assert.match(view.entries[1].attentionFile?.problems[0] ?? '', /^removed-bpe-ko\.txt:12: A-3: 소프트 어텐션의 각 행은 합이 약 1이어야 합니다: 1행\('no'\)의 합은 0\.5입니다/);
      // A file with no sentence to show names its first problem in the notification, in the same words.
      const none = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: unaligned.toString(), sentences: [0] });
      assert.strictEqual(none, undefined);
      assert.match(api.lastUserMessage()?.text ?? '', /First problem: line 2: 가설 1개에 A- 줄이 없습니다: fairseq-generate를 --print-alignment/);
    } finally {
      api.renderMessagesFromBundle(undefined);
    }
    // Back in the display language (English here): the same file's problems read in English again.
    await vscode.commands.executeCommand(OPEN, { uri: uri.toString(), sentences: [0] });
    assert.match(vscode.languages.getDiagnostics(uri)[0].message, /^A-1: the matrix is 4 rows x 4 columns, but H-1 has 3 target tokens/);
  });

  it('indexes a large fairseq file (read in chunks, never modified) and reads the chosen sentence on demand', async () => {
    const lines: string[] = [];
    const row = (n: number, hot: number): string => Array.from({ length: n }, (_, j) => (j === hot ? 0.9 : 0.1 / (n - 1)).toFixed(6)).join(',');
    // About 2 KB a sentence: 9,000 sentences pass the size from which files are indexed.
    const words = 'ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf'.split(' ');
    for (let id = 8999; id >= 0; id--) {
      const src = words.map((w, k) => `${w}${(id + k) % 7}`).join(' ');
      lines.push(`S-${id}\t${src}`, `H-${id}\t-0.5\tone two three ${id}`, `P-${id}\t-0.1 -0.1 -0.1 -0.1 -0.1`,
        `A-${id}\t${Array.from({ length: 5 }, (_, r) => row(13, r)).join(' ')}`, `D-${id}\t-0.5\tone two three ${id}`, 'W-0\t0.01\tseconds'.padEnd(1200, ' '));
    }
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'attention-files', 'large-generate.txt');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(lines.join('\n') + '\n', 'utf8'));
    const before = await vscode.workspace.fs.stat(uri);
    assert.ok(before.size > 16 * 1024 * 1024, `${before.size} bytes`);
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [4321] });
    assert.ok(view, `open failed: ${api.lastUserMessage()?.text}`);
    assert.deepStrictEqual(view.entry.result.output, ['one', 'two', 'three', '4321', '</s>']);
    assert.strictEqual(view.entry.result.source[0].text, `ein${4321 % 7}`);
    assert.deepStrictEqual(round(view.entry.result.attention?.[3]).slice(0, 4), [0.008333, 0.008333, 0.008333, 0.9]);
    assert.deepStrictEqual(api.attentionFileProblems(uri), []);
    const after = await vscode.workspace.fs.stat(uri);
    assert.deepStrictEqual([after.size, after.mtime], [before.size, before.mtime]);
  });

  it('shows one layer and head of a multi-head JSON file, or their mean, and keeps file text out of markup', async () => {
    const uri = await copyAttentionFixture('heads.json', 'model.attention.json');
    const mean = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [0] });
    assert.ok(mean, `open failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(mean.entry.attentionFile?.heads, 'mean of 2 layers x 2 heads');
    assert.deepStrictEqual(mean.entry.result.attention, [[0.5, 0.5], [0.5, 0.5]]);
    const one = await vscode.commands.executeCommand<TranslationView | undefined>(OPEN, { uri: uri.toString(), sentences: [0], layer: 1, head: 0 });
    assert.ok(one);
    assert.strictEqual(one.entry.attentionFile?.heads, 'layer 2, head 1');
    assert.deepStrictEqual(one.entry.result.attention, [[0, 1], [1, 0]]);
    assert.strictEqual(plainText('$(alert) [x](command:y)'), '$\u200b(alert) [x]\u200b(command:y)');
  });
});
