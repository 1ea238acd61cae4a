/**
 * A model card as Markdown (the extension's read-only card document, `seq2seq-attention card`) and the
 * short held-out line pickers show. Card text is the model author's, so it is escaped: it renders as
 * text, never as markup or links.
 */
import type { ModelInfo } from '../engine/types';
import { MECHANISM_LABELS } from '../engine/types';
import { primaryHeldOut, type HeldOutScores, type ModelCard, type ModelCardView, type OutOfTaskCatch } from './card';

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

/** The one line a picker shows about a model's quality: held-out figures when it has a card. */
export function qualityLine(info: Pick<ModelInfo, 'card' | 'summary'>): string {
  const h = primaryHeldOut(info.card);
  if (h) return `held-out: ${pct(h.exactMatch)} exact, BLEU ${h.bleu.toFixed(1)} on ${int(h.pairs)} pairs`;
  const last = info.summary?.epochs.at(-1);
  return last ? `no model card; validation exact match ${pct(last.exactMatch, 1)} during training` : 'no model card';
}

function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(2)} MB` : `${(n / 1024).toFixed(0)} KB`;
}

function scoresTable(rows: { label: string; s: HeldOutScores }[]): string[] {
  const out = ['| data | how it was held out | pairs | exact match | token accuracy | BLEU | chrF |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const { label, s } of rows) {
    out.push(`| ${escapeMarkdown(label)} | ${escapeMarkdown(s.split)} | ${int(s.pairs)} | ${pct(s.exactMatch)} | ${pct(s.tokenAccuracy)} | ${s.bleu.toFixed(1)} | ${s.chrf.toFixed(1)} |`);
  }
  return out;
}

function outOfTaskLines(list: readonly OutOfTaskCatch[] | undefined, verb: string): string[] {
  return (list ?? []).map(o => `- ${escapeMarkdown(o.data)}: ${verb} ${int(o.caught)} of ${int(o.inputs)} (${pct(o.inputs ? o.caught / o.inputs : 0, 1)})`);
}

/** The whole card as a Markdown document. */
export function cardMarkdown(info: Pick<ModelInfo, 'id' | 'label' | 'task' | 'mechanism' | 'config' | 'parameters' | 'fileBytes'> & { card?: ModelCard | ModelCardView | null }): string {
  const card = info.card;
  const lines: string[] = [`# Model card: ${escapeMarkdown(info.label)}`, ''];
  lines.push(`\`${info.id.replace(/`/g, "'")}\` · task ${escapeMarkdown(info.task)} · ${MECHANISM_LABELS[info.mechanism] ?? info.mechanism} · ` +
    `${info.config.sourceTokenizer} to ${info.config.targetTokenizer} tokens`, '');
  if (!card) {
    lines.push('This model has no model card: nothing is known here about its training data, its licence or how it does on held-out data.',
      '', 'Add one with `seq2seq-attention card MODEL --set card.json`.');
    return lines.join('\n') + '\n';
  }
  lines.push(escapeMarkdown(card.summary), '');
  if (card.caveat) lines.push(`> **Warning:** ${escapeMarkdown(card.caveat)}`, '');
  lines.push('## Training data', '', `- ${escapeMarkdown(card.training.data)} (${int(card.training.pairs)} pairs)`, `- Licence: ${escapeMarkdown(card.training.license)}`, '');
  lines.push('## Size', '');
  if (info.parameters !== undefined) lines.push(`- ${int(info.parameters)} parameters`);
  if (info.fileBytes !== undefined) lines.push(`- ${bytes(info.fileBytes)} model file`);
  lines.push(`- embedding ${info.config.embeddingSize}, hidden ${info.config.hiddenSize}, ${info.config.layers} layer${info.config.layers === 1 ? '' : 's'}`, '');
  lines.push('## Held-out scores', '');
  if (card.heldOut.length === 0) lines.push('None measured.');
  else lines.push(...scoresTable(card.heldOut.map(s => ({ label: s.data, s }))));
  lines.push('');
  if (card.decoding) {
    const d = card.decoding;
    lines.push(`Decoded with beam search of width ${d.beamWidth} unless the setting \`seq2seqAttention.beamWidth\` says otherwise: ` +
      `on ${escapeMarkdown(d.data)}, BLEU ${d.bleu.toFixed(1)} and chrF ${d.chrf.toFixed(1)} against ${d.greedyBleu.toFixed(1)} and ` +
      `${d.greedyChrf.toFixed(1)} greedy (the scores above are greedy).`, '');
  }
  if (card.trainingSample) {
    lines.push('On a sample of its own training pairs (not held out: how well it fits what it was taught):', '',
      ...scoresTable([{ label: card.trainingSample.data, s: card.trainingSample }]), '');
  }
  lines.push('## Known limits', '');
  lines.push(...(card.limits.length ? card.limits.map(l => `- ${escapeMarkdown(l)}`) : ['None listed.']), '');
  lines.push('## Low-confidence warning', '');
  const c = card.confidence;
  if (!c) lines.push('Not calibrated: the panel marks tokens below p = 0.50 but shows no low-confidence notice.');
  else if (!c.calibrated) lines.push(`Not calibrated: ${escapeMarkdown(c.reason)}.`);
  else {
    lines.push(
      `An output is flagged when ${c.statistic === 'min-token' ? 'its weakest token\'s probability' : 'the geometric mean of its token probabilities'} ` +
      `is below **${c.threshold.toFixed(3)}**; tokens below p = ${c.tokenThreshold.toFixed(3)} are marked.`, '',
      `- Correct held-out outputs flagged (false alarms): ${pct(c.falseAlarmRate, 1)} of ${int(c.correct)} (target ${pct(c.targetFalseAlarmRate, 0)})`,
      `- Wrong held-out outputs flagged: ${c.wrong ? `${int(c.caught)} of ${int(c.wrong)} (${pct(c.caught / c.wrong, 1)})` : 'none of the held-out outputs was wrong'}`,
      ...outOfTaskLines(c.outOfTask, 'flagged'),
      `- Data: ${escapeMarkdown(c.data)}`);
  }
  lines.push('');
  lines.push('## Input that does not fit', '');
  const f = card.fit;
  if (!f) lines.push('No fit profile: the panel cannot tell whether an input is like this model\'s training data.');
  else {
    lines.push(
      `An input does not fit when its mean log-probability under a character-trigram profile of the training sources is below **${f.threshold.toFixed(2)}** nats per character, ` +
      `or when ${f.maxUnknownShare > 0 ? `more than ${pct(f.maxUnknownShare, 0)} of its tokens are` : 'any of its tokens is'} unknown to the model.`, '',
      `- In-task held-out inputs rejected (false alarms): ${pct(f.falseAlarmRate, 1)} of ${int(f.inputs)} (target ${pct(f.targetFalseAlarmRate, 0)})`,
      ...outOfTaskLines(f.outOfTask, 'rejected'),
      `- Data: ${escapeMarkdown(f.data)}`);
  }
  lines.push('');
  if (card.updated) lines.push(`Card updated ${escapeMarkdown(card.updated)}.`);
  return lines.join('\n') + '\n';
}
