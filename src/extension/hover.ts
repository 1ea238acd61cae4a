/**
 * The hover attention view: over a source token of the last translation, show which output tokens
 * attended to it and how much, as bars of block characters with the weights, plus the model and a link
 * to the panel. It only looks up data already in memory, so it is cheap; outside the translated range,
 * for models without attention, or once an edit touched the translated text, it returns nothing (edits
 * elsewhere keep it: the store moves the range with the text). Subword models are
 * shown as the panel shows them (`subwords.view`): a piece, or in the word view the whole word under the
 * mouse, with the merged weights of its pieces and the output words that attended to it.
 */
import * as vscode from 'vscode';
import type { DecodeResult } from '../shared/engine/types';
import { mechanismLabel } from '../shared/messages/labels';
import { localized, originFormatLabel } from './messages';
import { isWordResult, type SubwordView } from '../shared/text/wordMerge';
import { Commands } from './ids';
import { settings } from './settings';
import type { TranslatedRange, TranslationStore } from './translationStore';
import { shownResult, sourceAt } from './views';

/** Rows shown per model: the strongest links, enough to read at a glance. */
const TOP_ROWS = 5;
/** Weights below this are noise for a hover. */
const MIN_WEIGHT = 0.01;
const BAR_WIDTH = 10;

export class AttentionHoverProvider implements vscode.HoverProvider {
  constructor(private readonly translations: TranslationStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (!settings.hoverEnabled() || token.isCancellationRequested) return undefined;
    const record = this.translations.get(document);
    if (!record?.entries[0]) return undefined;
    const unit = settings.subwordView();
    const local = document.offsetAt(position) - record.offset;
    const col = sourceAt(shownResult(record.entries[0], unit), local);
    if (col < 0) return undefined;
    const span = shownResult(record.entries[0], unit).source[col];
    const markdown = hoverMarkdown(record, col, unit);
    if (!markdown) return undefined;
    return new vscode.Hover(markdown, this.translations.rangeOf(document, record, span));
  }
}


/**
 * The hover's text for source column `col` as shown for `unit` (a word of the word view, else a token),
 * or undefined when no entry has attention to show.
 */
export function hoverMarkdown(record: TranslatedRange, col: number, unit: SubwordView = 'pieces'): vscode.MarkdownString | undefined {
  const shown = record.entries.map(entry => ({ entry, result: shownResult(entry, unit) }));
  const withAttention = shown.filter(e => e.result.attention && col < e.result.source.length);
  if (withAttention.length === 0) return undefined;
  const first = shown[0];
  const source = first.result.source[col].text;
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [Commands.showPanel] };
  const code = `\`${codeSafe(source)}\``;
  md.appendMarkdown(`${isWordResult(first.result)
    ? vscode.l10n.t('**Attention to source word** {0} ({1} of {2})', code, col + 1, first.result.source.length)
    : vscode.l10n.t('**Attention to source token** {0} ({1} of {2})', code, col + 1, first.result.source.length)}\n\n`);
  if (first.result.sourceUnknown?.[col]) {
    md.appendMarkdown(vscode.l10n.t('⚠ **Unknown to the model:** it read this token as `<unk>` (not in its vocabulary).') + '\n\n');
  }
  for (const { entry, result } of withAttention) {
    const label = entry.mechanism === 'external'
      ? (entry.attentionFile ? originFormatLabel(entry.attentionFile) : '')
      : localized(mechanismLabel(entry.mechanism));
    const mechanism = label === '' || entry.modelLabel.includes(label) ? '' : `, ${label}`;
    const low = entry.confidence?.low ? ` ⚠ **${vscode.l10n.t('low confidence')}**` : '';
    md.appendMarkdown(`${escapeMarkdown(entry.modelLabel)} (\`${codeSafe(entry.modelId)}\`${mechanism}) → \`${codeSafe(result.text)}\`${low}\n`);
    // Low-token marks index pieces; a merged word view has other rows.
    const lowTokens = new Set(isWordResult(result) ? [] : entry.confidence?.lowTokens ?? []);
    md.appendCodeblock(rows(result, col, lowTokens).join('\n'), 'text');
  }
  md.appendMarkdown(`[${vscode.l10n.t('Open Attention Explorer')}](command:${Commands.showPanel} "${vscode.l10n.t('Show the heatmap')}")`);
  return md;
}

/** One line per output token that attended to `col`, strongest first: position, token, bar, weight. */
function rows(result: DecodeResult, col: number, lowTokens: ReadonlySet<number>): string[] {
  const attention = result.attention ?? [];
  const links = attention
    .map((row, i) => ({ i, token: result.output[i] ?? '', weight: row[col] ?? 0 }))
    .filter(l => l.weight >= MIN_WEIGHT)
    .sort((a, b) => b.weight - a.weight);
  if (links.length === 0) return [vscode.l10n.t('(no output token attended to it)')];
  const shown = links.slice(0, TOP_ROWS).map(l =>
    `#${String(l.i + 1).padEnd(3)} ${quote(l.token).padEnd(6)} ${bar(l.weight)} ${l.weight.toFixed(2)}${lowTokens.has(l.i) ? `  ? ${vscode.l10n.t('low p')}` : ''}`);
  if (links.length > TOP_ROWS) shown.push(vscode.l10n.t('… {0} more', links.length - TOP_ROWS));
  const total = attention.reduce((sum, row) => sum + (row[col] ?? 0), 0);
  shown.push(vscode.l10n.t('coverage {0}', total.toFixed(2)));
  return shown;
}

/** Eighth blocks give a bar 8x finer than its width, so small weights still show. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function bar(weight: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, weight)) * BAR_WIDTH * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8];
  return ('█'.repeat(full) + partial).padEnd(BAR_WIDTH, '·');
}

function quote(token: string): string {
  return `'${token === ' ' ? '␠' : token}'`;
}

/** Inline code cannot contain backticks; spaces are shown visibly. */
function codeSafe(text: string): string {
  return text.replace(/`/g, "'").replace(/^ $/, '␠');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, c => `\\${c}`);
}
