/**
 * Open Attention File...: the attention other toolkits wrote (fairseq, Marian, OpenNMT-py, the project's
 * JSON; readers in src/shared/attentionFiles/) shown in the Attention Explorer panel as the extension's
 * own translations are. The file is only read (through workspace.fs, so remote workspaces work); its
 * problems go to the Problems panel and the panel; the source sentence, when an editor holds it, is
 * linked to the heatmap through the translation store (hover, cell -> token highlight).
 */
import * as vscode from 'vscode';
import { readAttentionText, splitLines, type AttentionFile, type AttentionSentence } from '../shared/attentionFiles/index';
import { detectFormat } from '../shared/attentionFiles/detect';
import { attentionFormatLabel } from '../shared/messages/labels';
import { localized } from './messages';
import { entryFromSentence, sentenceText } from '../shared/attentionFiles/entry';
import { sourceFileCandidates } from '../shared/attentionFiles/sourceFile';
import type { Choice } from '../shared/attentionFiles/transform';
import type { ComparisonView, TranslationEntry, TranslationView } from '../shared/protocol/webview';
import type { IndexedSentence } from '../shared/attentionFiles/fairseqIndex';
import { readFairseq } from '../shared/attentionFiles/fairseq';
import type { AttentionFileFormat, AttentionProblem } from '../shared/attentionFiles/types';
import { canIndex, INDEX_FROM_BYTES, indexFairseqFile, readHead, readRange } from './attentionFileIndex';
import { Disposable } from './dispose';
import type { PanelController } from './panel';
import { settings } from './settings';
import type { TranslationStore } from './translationStore';
import { UserError } from './userErrors';
import { disagreements } from '../shared/metrics/attention';

/** Files read whole stop here; larger ones are indexed (see attentionFileIndex.ts). */
export const MAX_WHOLE_FILE_BYTES = 64 * 1024 * 1024;

/** Arguments for scripted use (tests, keybindings); the explorer menu passes the file's Uri. */
export interface OpenAttentionFileArgs {
  uri?: vscode.Uri | string;
  /** Sentence ids to show (several: side by side); absent: a picker lists them. */
  sentences?: number[];
  /** n-best rank of the shown sentences (0: best). */
  rank?: number;
  /** Marian: the decoder's input file (absent: found beside the file by name, else asked for). */
  source?: vscode.Uri | string;
  /** A second file (another system): the same sentences of both, side by side. */
  compareWith?: vscode.Uri | string;
  layer?: Choice;
  head?: Choice;
}

/**
 * File text placed in VS Code UI that reads markup: quick pick labels render `$(icon)` and notifications
 * render `[text](link)`. A zero-width space breaks both, so file text stays text.
 */
export function plainText(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(').replace(/\]\(/g, ']\u200b(');
}

const toUri = (u: vscode.Uri | string | undefined): vscode.Uri | undefined => typeof u === 'string' ? vscode.Uri.parse(u) : u;
const baseName = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? uri.path;

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.File;
  } catch {
    return false;
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    throw new UserError(vscode.l10n.t('The file {0} does not exist.', baseName(uri)));
  }
  // Checked before anything is read or allocated.
  if (size > MAX_WHOLE_FILE_BYTES) {
    throw new UserError(vscode.l10n.t('{0} is {1} MB; attention files up to {2} MB are read whole.', baseName(uri), (size / 1048576).toFixed(0), MAX_WHOLE_FILE_BYTES / 1048576));
  }
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

/** One line of the sentence picker. */
interface Listed {
  id: number;
  rank: number;
  source: string;
  target: string;
  line: number;
  score?: number;
}

interface LoadedFile {
  uri: vscode.Uri;
  format: AttentionFileFormat;
  /** Marian: the source file (its lines are the sentences' sources). */
  sourceUri?: vscode.Uri;
  /** The sentences that can be shown, for the picker. */
  listing: Listed[];
  /** Problems known so far (an indexed file adds those of each sentence read). */
  problems: AttentionProblem[];
  sentence(id: number, rank: number): Promise<AttentionSentence | undefined>;
}

function wholeFile(uri: vscode.Uri, file: AttentionFile, sourceUri?: vscode.Uri): LoadedFile {
  return {
    uri, format: file.format, sourceUri, problems: file.problems,
    listing: file.sentences.filter(s => s.attention !== null).map(s => ({
      id: s.id, rank: s.rank, source: sentenceText(s.source), target: sentenceText(s.target), line: s.line, ...(s.score !== undefined ? { score: s.score } : {}),
    })),
    sentence: async (id, rank) => file.sentences.find(x => x.id === id && x.rank === rank),
  };
}

export class AttentionFiles extends Disposable {
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('seq2seq-attention-files'));
  private readonly loaded = new Map<string, LoadedFile>();
  /** The last open's arguments, to show it again when a display choice changes. */
  private last: OpenAttentionFileArgs | undefined;
  /** Layers and heads of the last shown sentence that has them. */
  private lastHeads: { layers: number; heads: number } | undefined;

  constructor(private readonly panel: PanelController, private readonly translations: TranslationStore) {
    super();
  }

  /** Reads (or re-reads) a file; its problems go to the Problems panel. */
  async load(uri: vscode.Uri, source?: vscode.Uri): Promise<LoadedFile> {
    const name = baseName(uri);
    let size = 0;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      throw new UserError(vscode.l10n.t('The file {0} does not exist.', name));
    }
    if (size >= INDEX_FROM_BYTES && canIndex(uri)) {
      const head = await readHead(uri);
      if (detectFormat(head.slice(0, 4096), splitLines(head)) === 'fairseq') return this.loadIndexed(uri, size);
    }
    const text = await readText(uri);
    const format = detectFormat(text.slice(0, 4096), splitLines(text.slice(0, 256 * 1024)));
    if (!format) {
      throw new UserError(vscode.l10n.t('{0} is not an attention file: expected fairseq output with A- lines, Marian output with "||| alignment", an OpenNMT-py log with -attn_debug or -report_align, or the project\'s JSON format.', name));
    }
    let sourceUri = source;
    let sourceLines: string[] | null = null;
    if (format === 'marian') {
      sourceUri ??= await this.findSource(uri);
      if (!sourceUri) throw new UserError(vscode.l10n.t('{0} is Marian output, which has no source tokens: choose the file the decoder read.', name));
      sourceLines = splitLines(await readText(sourceUri)).map(l => l.text);
    }
    const file = readAttentionText(text, name, { format, sourceLines, sourceName: sourceUri ? baseName(sourceUri) : undefined }) as AttentionFile;
    this.showProblems(uri, file.problems);
    const loaded = wholeFile(uri, file, sourceUri);
    this.loaded.set(uri.toString(), loaded);
    return loaded;
  }

  /** A large fairseq file: indexed with progress (cancellable), sentences read when shown. */
  private async loadIndexed(uri: vscode.Uri, size: number): Promise<LoadedFile> {
    const name = baseName(uri);
    const index = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Indexing {0}', name), cancellable: true,
    }, (progress, token) => {
      let reported = 0;
      return indexFairseqFile(uri, bytes => {
        const pct = Math.floor((bytes / size) * 100);
        if (pct > reported) {
          progress.report({ increment: pct - reported, message: `${pct} %` });
          reported = pct;
        }
      }, token);
    });
    const byId = new Map<number, IndexedSentence>(index.map(s => [s.id, s]));
    const problems: AttentionProblem[] = [];
    const read = new Map<number, AttentionSentence[]>();
    const loaded: LoadedFile = {
      uri, format: 'fairseq', problems,
      listing: index.filter(s => s.hasAlignment).map(s => ({ id: s.id, rank: 0, source: s.source, target: s.hypothesis, line: s.line })),
      sentence: async (id, rank) => {
        const entry = byId.get(id);
        if (!entry) return undefined;
        let sentences = read.get(id);
        if (!sentences) {
          const f = readFairseq(splitLines(await readRange(uri, entry.start, entry.end), entry.line), name);
          sentences = f.sentences.filter(s => s.id === id);
          read.set(id, sentences);
          problems.push(...f.problems);
          problems.sort((a, b) => a.line - b.line);
          this.showProblems(uri, problems);
        }
        return sentences.find(s => s.rank === rank);
      },
    };
    this.showProblems(uri, problems);
    this.loaded.set(uri.toString(), loaded);
    return loaded;
  }

  private showProblems(uri: vscode.Uri, problems: readonly AttentionProblem[]): void {
    this.diagnostics.set(uri, problems.map(p => {
      const line = Math.max(0, p.line - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), localized(p.message), vscode.DiagnosticSeverity.Warning);
      d.source = vscode.l10n.t('Seq2Seq attention file');
      return d;
    }));
  }

  /** The problems of the last read of each file (tests read them; users see the Problems panel). */
  problemsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  private async findSource(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
    const dir = vscode.Uri.joinPath(uri, '..');
    for (const name of sourceFileCandidates(baseName(uri))) {
      const candidate = vscode.Uri.joinPath(dir, name);
      if (await exists(candidate)) return candidate;
    }
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Source file of {0} (the file given to the decoder)', baseName(uri)), defaultUri: dir, canSelectMany: false,
    });
    return picked?.[0];
  }

  async open(args: OpenAttentionFileArgs = {}): Promise<TranslationView | ComparisonView | undefined> {
    let uri = toUri(args.uri);
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Open Attention File'), canSelectMany: false, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    const first = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}…', baseName(uri)) },
      () => this.load(uri, toUri(args.source)));
    const other = toUri(args.compareWith);
    const second = other ? await this.load(other) : undefined;
    if (first.listing.length === 0) {
      const why = first.problems[0];
      throw new UserError(why
        ? vscode.l10n.t('{0} has no sentence with attention that can be shown. First problem: line {1}: {2}', baseName(uri), why.line, plainText(localized(why.message)))
        : vscode.l10n.t('{0} has no sentences.', baseName(uri)));
    }
    const rank = args.rank ?? 0;
    let chosen: AttentionSentence[];
    if (args.sentences) {
      chosen = [];
      for (const id of args.sentences) {
        const s = await first.sentence(id, rank);
        if (!s) throw new UserError(vscode.l10n.t('{0} has no sentence {1}.', baseName(uri), id));
        chosen.push(s);
      }
    } else {
      const picked = await pickSentences(first);
      if (!picked) return undefined;
      chosen = [];
      for (const p of picked) {
        const s = await first.sentence(p.id, p.rank);
        if (s) chosen.push(s);
      }
      if (chosen.length === 0) return undefined;
    }
    const entries: { entry: TranslationEntry; input: string; sentence: AttentionSentence; linked: boolean }[] = [];
    const add = (loaded: LoadedFile, s: AttentionSentence, label?: string, sourceText?: string): void => {
      const problems = loaded.problems.filter(p => p.line === s.line).map(p => `${p.file}:${p.line}: ${localized(p.message)}`);
      const built = entryFromSentence(s, {
        format: loaded.format, fileName: baseName(loaded.uri), hideEos: settings.hideEosColumn(), layer: args.layer, head: args.head,
        sourceText, problems, label, render: localized,
      });
      if (!built) throw new UserError(vscode.l10n.t('Sentence {0} of {1} has no layer / head as chosen.', s.id, baseName(loaded.uri)));
      entries.push({ ...built, sentence: s });
    };
    const link = chosen.length === 1 || second ? await this.findSourceText(first, chosen[0]) : undefined;
    for (const s of chosen) {
      add(first, s, second ? baseName(first.uri) : undefined, link?.text);
      if (second) {
        const match = await second.sentence(s.id, s.rank);
        if (!match) throw new UserError(vscode.l10n.t('{0} has no sentence {1} to compare with.', baseName(second.uri), s.id));
        add(second, match, baseName(second.uri), link?.text);
      }
    }
    const input = entries[0].input;
    const view: TranslationView | ComparisonView = entries.length === 1
      ? { kind: 'translation', input, entry: entries[0].entry, fit: null }
      : { kind: 'comparison', input: chosen.map(s => sentenceText(s.source)).join(' | '), entries: entries.map(e => e.entry),
        disagreements: disagreements(entries.map(e => e.entry.result.output)), fit: null };
    if (link && entries.every(e => e.linked && e.input === input)) {
      this.translations.set(link.document, new vscode.Range(link.document.positionAt(link.offset), link.document.positionAt(link.offset + link.text.length)),
        link.text, entries.map(e => e.entry));
    }
    this.last = { ...args, uri, sentences: chosen.map(s => s.id), rank, ...(first.sourceUri ? { source: first.sourceUri } : {}) };
    const withHeads = chosen.find(s => s.heads);
    this.lastHeads = withHeads?.heads ? { layers: withHeads.heads.length, heads: withHeads.heads[0]?.length ?? 0 } : undefined;
    this.panel.show(view);
    return view;
  }

  /** Asks for a layer and head (or their mean) of the shown multi-head sentences and shows them so. */
  async chooseHeads(): Promise<TranslationView | ComparisonView | undefined> {
    const dims = this.lastHeads;
    if (!this.last || !dims) throw new UserError(vscode.l10n.t('The panel shows no attention file with several layers or heads.'));
    type Item = vscode.QuickPickItem & { layer: Choice; head: Choice };
    const items: Item[] = [{ label: vscode.l10n.t('Mean of all layers and heads'), layer: 'mean', head: 'mean' }];
    for (let l = 0; l < dims.layers; l++) {
      items.push({ label: vscode.l10n.t('Layer {0} (mean of its heads)', l + 1), layer: l, head: 'mean' });
      for (let h = 0; h < dims.heads; h++) items.push({ label: vscode.l10n.t('Layer {0}, head {1}', l + 1, h + 1), layer: l, head: h });
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Layer and head'), placeHolder: vscode.l10n.t('Which attention to show') });
    return picked ? this.open({ ...this.last, layer: picked.layer, head: picked.head }) : undefined;
  }

  /** Shows the last opened sentences again (after the EOS choice changed); nothing when none was opened. */
  async reopen(): Promise<TranslationView | ComparisonView | undefined> {
    const current = this.panel.currentView();
    const showsFile = (current?.kind === 'translation' && current.entry.mechanism === 'external')
      || (current?.kind === 'comparison' && current.entries.some(e => e.mechanism === 'external'));
    return this.last && showsFile ? this.open(this.last) : undefined;
  }

  /**
   * Where the sentence's source stands in an open editor: the Marian source file's line, else any open
   * document that contains the sentence's text (pieces joined into words, or the pieces as written).
   */
  private async findSourceText(loaded: LoadedFile, s: AttentionSentence): Promise<{ document: vscode.TextDocument; offset: number; text: string } | undefined> {
    const docs = vscode.workspace.textDocuments.filter(d => d.uri.toString() !== loaded.uri.toString());
    if (loaded.sourceUri) {
      const doc = docs.find(d => d.uri.toString() === loaded.sourceUri?.toString());
      if (doc && s.id < doc.lineCount) {
        const line = doc.lineAt(s.id);
        return { document: doc, offset: doc.offsetAt(line.range.start), text: line.text };
      }
    }
    const tokens = s.sourceEos ? s.source.slice(0, -1) : s.source;
    for (const needle of [tokens.join(' '), sentenceText(s.source)]) {
      if (needle.trim() === '') continue;
      for (const doc of docs) {
        const at = doc.getText().indexOf(needle);
        if (at >= 0) return { document: doc, offset: at, text: needle };
      }
    }
    return undefined;
  }
}

interface SentenceItem extends vscode.QuickPickItem {
  listed: Listed;
}

async function pickSentences(loaded: LoadedFile): Promise<Listed[] | undefined> {
  const items: SentenceItem[] = loaded.listing.map(s => ({
    label: plainText(`${s.id}${s.rank ? ` #${s.rank + 1}` : ''}: ${s.source}`),
    description: plainText(`\u2192 ${s.target}`),
    detail: s.score !== undefined ? vscode.l10n.t('score {0}, line {1}', s.score, s.line) : vscode.l10n.t('line {0}', s.line),
    listed: s,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: {1} sentences ({2})', baseName(loaded.uri), items.length, localized(attentionFormatLabel(loaded.format))),
    placeHolder: vscode.l10n.t('Filter the sentences; pick one, or several to compare side by side'),
    canPickMany: true, matchOnDescription: true,
  });
  return picked && picked.length ? picked.map(p => p.listed) : undefined;
}
