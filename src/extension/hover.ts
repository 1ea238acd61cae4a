/**
 * The hover attention view: over a source token of the last translation, show which output tokens
 * attended to it and how much, as bars of block characters with the weights, plus the model and a link
 * to the panel. It only looks up data already in memory, so it is cheap; outside the translated range,
 * for models without attention, or once the document changed, it returns nothing.
 */
import * as vscode from 'vscode';
import { MECHANISM_LABELS } from '../shared/engine/types';
import type { TranslationEntry } from '../shared/protocol/webview';
import { Commands } from './ids';
import { settings } from './settings';
import type { TranslatedRange, TranslationStore } from './translationStore';

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
    if (!record) return undefined;
    const col = this.translations.tokenAt(record, document.offsetAt(position));
    if (col < 0) return undefined;
    const span = record.entries[0].result.source[col];
    const markdown = hoverMarkdown(record, col);
    if (!markdown) return undefined;
    return new vscode.Hover(markdown, this.translations.rangeOf(document, record, span));
  }
}

/** The hover's text for source token `col`, or undefined when no entry has attention to show. */
export function hoverMarkdown(record: TranslatedRange, col: number): vscode.MarkdownString | undefined {
  const withAttention = record.entries.filter(e => e.result.attention && col < e.result.source.length);
  if (withAttention.length === 0) return undefined;
  const source = record.entries[0].result.source[col].text;
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [Commands.showPanel] };
  md.appendMarkdown(`**Attention to source token** \`${codeSafe(source)}\` (${col + 1} of ${record.entries[0].result.source.length})\n\n`);
  if (record.entries[0].result.sourceUnknown?.[col]) {
    md.appendMarkdown('⚠ **Unknown to the model:** it read this token as `<unk>` (not in its vocabulary).\n\n');
  }
  for (const entry of withAttention) {
    const mechanism = entry.modelLabel.includes(MECHANISM_LABELS[entry.mechanism]) ? '' : `, ${MECHANISM_LABELS[entry.mechanism]}`;
    const low = entry.confidence?.low ? ' ⚠ **low confidence**' : '';
    md.appendMarkdown(`${escapeMarkdown(entry.modelLabel)} (\`${codeSafe(entry.modelId)}\`${mechanism}) → \`${codeSafe(entry.result.text)}\`${low}\n`);
    md.appendCodeblock(rows(entry, col).join('\n'), 'text');
  }
  md.appendMarkdown(`[Open Attention Explorer](command:${Commands.showPanel} "Show the heatmap")`);
  return md;
}

/** One line per output token that attended to `col`, strongest first: position, token, bar, weight. */
function rows(entry: TranslationEntry, col: number): string[] {
  const attention = entry.result.attention ?? [];
  const links = attention
    .map((row, i) => ({ i, token: entry.result.output[i] ?? '', weight: row[col] ?? 0 }))
    .filter(l => l.weight >= MIN_WEIGHT)
    .sort((a, b) => b.weight - a.weight);
  if (links.length === 0) return ['(no output token attended to it)'];
  const lowTokens = new Set(entry.confidence?.lowTokens ?? []);
  const shown = links.slice(0, TOP_ROWS).map(l =>
    `#${String(l.i + 1).padEnd(3)} ${quote(l.token).padEnd(6)} ${bar(l.weight)} ${l.weight.toFixed(2)}${lowTokens.has(l.i) ? '  ? low p' : ''}`);
  if (links.length > TOP_ROWS) shown.push(`… ${links.length - TOP_ROWS} more`);
  const total = attention.reduce((sum, row) => sum + (row[col] ?? 0), 0);
  shown.push(`coverage ${total.toFixed(2)}`);
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
