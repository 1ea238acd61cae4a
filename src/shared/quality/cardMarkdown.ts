/**
 * A model card as Markdown (the extension's read-only card document, `seq2seq-attention card`) and the
 * short held-out line pickers show. Card text is the model author's, so it is escaped: it renders as
 * text, never as markup or links.
 */
import { MECHANISMS, type ModelInfo } from '../engine/types';
import { coded, type CodedMessage } from '../messages/coded';
import { mechanismLabel } from '../messages/labels';
import { primaryHeldOut, type HeldOutScores, type ModelCard, type ModelCardView, type OutOfTaskCatch } from './card';
import { DEFAULT_TOKEN_THRESHOLD } from './confidence';

const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)} %`;
const int = (n: number): string => n.toLocaleString('en-US');

/**
 * Markdown-escapes text so it renders as itself: no emphasis, code, links, HTML or table cells anywhere,
 * no heading, list or quote at its start. Other punctuation stays as it is, so the raw text reads well.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
    .replace(/^(\s*)([#+\-=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Renders a coded message: the English by default (the CLI, the scripts); the host passes `localized`. */
export type RenderMessage = (m: CodedMessage) => string;
const english: RenderMessage = m => m.message;

/** The one line a picker shows about a model's quality: held-out figures when it has a card. */
export function qualityLine(info: Pick<ModelInfo, 'card' | 'summary'>, text: RenderMessage = english): string {
  const h = primaryHeldOut(info.card);
  if (h) return text(coded('qualityLine.heldOut', { exactMatch: pct(h.exactMatch), bleu: h.bleu.toFixed(1), pairs: int(h.pairs) }));
  const last = info.summary?.epochs.at(-1);
  return text(last ? coded('qualityLine.validation', { exactMatch: pct(last.exactMatch, 1) }) : coded('qualityLine.noCard'));
}

function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(2)} MB` : `${(n / 1024).toFixed(0)} KB`;
}

function scoresTable(rows: { label: string; s: HeldOutScores }[], text: RenderMessage): string[] {
  const head = [coded('cardDoc.col.data'), coded('cardDoc.col.split'), coded('cardDoc.col.pairs'), coded('cardDoc.col.exactMatch'), coded('cardDoc.col.tokenAccuracy')].map(text);
  const out = [`| ${[...head, 'BLEU', 'chrF'].join(' | ')} |`, '|---|---|---:|---:|---:|---:|---:|'];
  for (const { label, s } of rows) {
    out.push(`| ${escapeMarkdown(label)} | ${escapeMarkdown(s.split)} | ${int(s.pairs)} | ${pct(s.exactMatch)} | ${pct(s.tokenAccuracy)} | ${s.bleu.toFixed(1)} | ${s.chrf.toFixed(1)} |`);
  }
  return out;
}

function outOfTaskLines(list: readonly OutOfTaskCatch[] | undefined, code: 'cardDoc.outOfTask.flagged' | 'cardDoc.outOfTask.rejected', text: RenderMessage): string[] {
  return (list ?? []).map(o => `- ${text(coded(code, { data: escapeMarkdown(o.data), caught: int(o.caught), inputs: int(o.inputs), rate: pct(o.inputs ? o.caught / o.inputs : 0, 1) }))}`);
}

/**
 * The whole card as a Markdown document, its headings and sentences rendered by `text` (English by
 * default); the card's own text (summary, data, limits) is its author's, and figures read the same in
 * every language.
 */
export function cardMarkdown(info: Pick<ModelInfo, 'id' | 'label' | 'task' | 'mechanism' | 'config' | 'parameters' | 'fileBytes'> & { card?: ModelCard | ModelCardView | null }, text: RenderMessage = english): string {
  const card = info.card;
  const lines: string[] = [`# ${text(coded('cardDoc.title', { label: escapeMarkdown(info.label) }))}`, ''];
  const mechanism = (MECHANISMS as readonly string[]).includes(info.mechanism) ? text(mechanismLabel(info.mechanism)) : info.mechanism;
  lines.push(`\`${info.id.replace(/`/g, "'")}\` · ${text(coded('cardDoc.task', { task: escapeMarkdown(info.task) }))} · ${mechanism} · ` +
    text(coded('cardDoc.tokens', { source: info.config.sourceTokenizer, target: info.config.targetTokenizer })), '');
  if (!card) {
    lines.push(text(coded('cardDoc.noCard')), '', text(coded('cardDoc.addOne', { command: '`seq2seq-attention card MODEL --set card.json`' })));
    return lines.join('\n') + '\n';
  }
  lines.push(escapeMarkdown(card.summary), '');
  if (card.caveat) lines.push(`> **${text(coded('cardDoc.warning'))}** ${escapeMarkdown(card.caveat)}`, '');
  lines.push(`## ${text(coded('cardDoc.trainingData'))}`, '',
    `- ${text(coded('cardDoc.trainingPairs', { data: escapeMarkdown(card.training.data), pairs: int(card.training.pairs) }))}`,
    `- ${text(coded('cardDoc.licence', { licence: escapeMarkdown(card.training.license) }))}`, '');
  lines.push(`## ${text(coded('cardDoc.size'))}`, '');
  if (info.parameters !== undefined) lines.push(`- ${text(coded('cardDoc.parameters', { count: int(info.parameters) }))}`);
  if (info.fileBytes !== undefined) lines.push(`- ${text(coded('cardDoc.fileSize', { size: bytes(info.fileBytes) }))}`);
  const shape = { embedding: info.config.embeddingSize, hidden: info.config.hiddenSize, layers: info.config.layers };
  lines.push(`- ${text(info.config.layers === 1 ? coded('cardDoc.shapeOneLayer', shape) : coded('cardDoc.shape', shape))}`, '');
  lines.push(`## ${text(coded('cardDoc.heldOut'))}`, '');
  if (card.heldOut.length === 0) lines.push(text(coded('cardDoc.noneMeasured')));
  else lines.push(...scoresTable(card.heldOut.map(s => ({ label: s.data, s })), text));
  lines.push('');
  if (card.decoding) {
    const d = card.decoding;
    lines.push(text(coded('cardDoc.decoding', {
      width: d.beamWidth, setting: '`seq2seqAttention.beamWidth`', data: escapeMarkdown(d.data),
      bleu: d.bleu.toFixed(1), chrf: d.chrf.toFixed(1), greedyBleu: d.greedyBleu.toFixed(1), greedyChrf: d.greedyChrf.toFixed(1),
    })), '');
  }
  if (card.trainingSample) {
    lines.push(text(coded('cardDoc.trainingSample')), '',
      ...scoresTable([{ label: card.trainingSample.data, s: card.trainingSample }], text), '');
  }
  lines.push(`## ${text(coded('cardDoc.limits'))}`, '');
  lines.push(...(card.limits.length ? card.limits.map(l => `- ${escapeMarkdown(l)}`) : [text(coded('cardDoc.noneListed'))]), '');
  lines.push(`## ${text(coded('cardDoc.confidence'))}`, '');
  const c = card.confidence;
  if (!c) lines.push(text(coded('cardDoc.confidence.noCalibration', { threshold: DEFAULT_TOKEN_THRESHOLD.toFixed(2) })));
  else if (!c.calibrated) lines.push(text(coded('cardDoc.confidence.uncalibrated', { reason: escapeMarkdown(c.reason) })));
  else {
    const rule = { threshold: c.threshold.toFixed(3), tokenThreshold: c.tokenThreshold.toFixed(3) };
    lines.push(
      text(c.statistic === 'min-token' ? coded('cardDoc.confidence.ruleMinToken', rule) : coded('cardDoc.confidence.ruleMeanToken', rule)), '',
      `- ${text(coded('cardDoc.confidence.falseAlarms', { rate: pct(c.falseAlarmRate, 1), correct: int(c.correct), target: pct(c.targetFalseAlarmRate, 0) }))}`,
      `- ${text(c.wrong
        ? coded('cardDoc.confidence.caught', { caught: int(c.caught), wrong: int(c.wrong), rate: pct(c.caught / c.wrong, 1) })
        : coded('cardDoc.confidence.noneWrong'))}`,
      ...outOfTaskLines(c.outOfTask, 'cardDoc.outOfTask.flagged', text),
      `- ${text(coded('cardDoc.data', { data: escapeMarkdown(c.data) }))}`);
  }
  lines.push('');
  lines.push(`## ${text(coded('cardDoc.fit'))}`, '');
  const f = card.fit;
  if (!f) lines.push(text(coded('cardDoc.fit.noProfile')));
  else {
    const threshold = f.threshold.toFixed(2);
    lines.push(
      text(f.maxUnknownShare > 0 ? coded('cardDoc.fit.ruleShare', { threshold, share: pct(f.maxUnknownShare, 0) }) : coded('cardDoc.fit.ruleAny', { threshold })), '',
      `- ${text(coded('cardDoc.fit.falseAlarms', { rate: pct(f.falseAlarmRate, 1), inputs: int(f.inputs), target: pct(f.targetFalseAlarmRate, 0) }))}`,
      ...outOfTaskLines(f.outOfTask, 'cardDoc.outOfTask.rejected', text),
      `- ${text(coded('cardDoc.data', { data: escapeMarkdown(f.data) }))}`);
  }
  lines.push('');
  if (card.updated) lines.push(text(coded('cardDoc.updated', { date: escapeMarkdown(card.updated) })));
  return lines.join('\n') + '\n';
}
