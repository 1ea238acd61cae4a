/**
 * One model's answer drawn as a card: heading, output, beam picker, heatmap (or the no-attention note),
 * attention statistics and the alternatives panel. Used by the translation view (one big card) and the
 * comparison view (one compact card per mechanism).
 */
import type { AttentionStats, DecodeResult } from '../src/shared/engine/types';
import type { ConfidenceAssessment } from '../src/shared/quality/confidence';
import { attentionFileHeader } from './attentionFileMeta';
import { mechanismText } from './labels';
import type { TranslationEntry } from '../src/shared/protocol/webview';
import { h, replaceChildren, uid } from './dom';
import { displayToken, formatNumber, formatPercent, formatProbability, spokenToken } from './format';
import { renderHeatmap, renderLegend, type Heatmap } from './heatmap';
import { renderAlternatives, renderOutputStrip } from './outputs';
import { attentionStats } from '../src/shared/metrics/attention';
import { noAttentionNote } from './noAttention';
import { confidenceNotices, modelCardSection } from './quality';
import { confidenceOf, heldOutText } from './qualityText';
import { noInspector, renderInspector, type Inspector } from './inspector';
import { inEncoderOrder, userColumn } from './encoderOrder';
import { glossaryTerm } from './glossary';
import { t } from './l10n/strings';

export interface EntryOptions {
  index: number;
  compact: boolean;
  headingLevel: 'h2' | 'h3';
  disagreements?: ReadonlySet<number>;
  onFocusCell(entry: number, row: number, col: number): void;
}

export interface EntryCard {
  element: HTMLElement;
  highlightSource(index: number | null): void;
  /** The hypothesis currently shown (beam picker). */
  current(): DecodeResult;
  /** The entry as shown: the picked hypothesis with its own statistics. */
  shownEntry(): TranslationEntry;
  /** What the notices of the shown hypothesis say (for the view's announced summary). */
  noticeText(): string[];
  /** Whether the shown hypothesis is below the model's calibrated threshold. */
  lowConfidence(): boolean;
}

function hasAttention(r: DecodeResult): r is DecodeResult & { attention: number[][] } {
  return r.attention !== null;
}

export function renderEntry(entry: TranslationEntry, opts: EntryOptions): EntryCard {
  const headingId = uid('entry');
  const beams = entry.beams ?? [];
  const hypotheses = beams.length > 1 ? beams : [entry.result];
  let shown = entry.result;
  let heatmap: Heatmap | null = null;
  let sourceMark: number | null = null;
  const body = h('div', { class: 'entry-body' });

  const header = entry.mechanism === 'external'
    ? attentionFileHeader(entry, opts.headingLevel, headingId)
    : h('header', { class: 'entry-head' },
      h(opts.headingLevel, { attrs: { id: headingId } }, entry.modelLabel),
      h('p', { class: 'meta' }, mechanismText(entry.mechanism), h('span', { class: 'held-out' }, ` \u00b7 ${heldOutText(entry.card, entry.beamWidth)}`)));
  let notices: string[] = [];

  let beamPicker: HTMLElement | null = null;
  if (hypotheses.length > 1) {
    const selectId = uid('beam');
    const select = h('select', { attrs: { id: selectId } });
    hypotheses.forEach((hyp, k) => {
      select.appendChild(h('option', { attrs: { value: k } },
        t(hyp.finished ? 'beam.option' : 'beam.optionUnfinished', k + 1, hyp.text, formatNumber(hyp.normalizedScore, 3))));
    });
    select.addEventListener('change', () => {
      const k = Number(select.value);
      shown = hypotheses[k] ?? entry.result;
      drawBody();
    });
    beamPicker = h('p', { class: 'beam-picker' }, h('label', { attrs: { for: selectId } }, t('label.beam')), select);
  }

  function statsFor(r: DecodeResult): AttentionStats | null {
    if (!hasAttention(r)) return null;
    // The host's stats belong to the best hypothesis; other beams get theirs computed here.
    return r === entry.result && entry.stats ? entry.stats : attentionStats(r.attention, r.source.length);
  }

  function assessmentOf(r: DecodeResult): ConfidenceAssessment {
    return confidenceOf(r, entry.card, entry.confidence, r === entry.result);
  }

  // The step inspector outlives redraws of the body (beam picks): it asks for the shown hypothesis itself.
  // The heatmap in the encoder's order (a reversing model, toggled in the inspector) or the user's.
  let encoderOrder = false;
  // An attention file's entry has no model behind it to ask for a step's numbers.
  const mechanism = entry.mechanism;
  const inspector: Inspector = mechanism === 'external' ? noInspector() : renderInspector({
    entry: opts.index, mechanism, shown: () => shown, isGreedy: () => shown === entry.result && beams.length <= 1,
    onOrder: (encoder) => {
      encoderOrder = encoder;
      drawBody();
    },
  });
  const gridColumn = (col: number): number => (encoderOrder ? userColumn(col, shown.source.length) : col);

  function drawBody(): void {
    const r = shown;
    const alternatives = renderAlternatives(r);
    const choose = (row: number): void => {
      alternatives.show(row);
      inspector.open(row);
    };
    const assessment = assessmentOf(r);
    const lowTokens = new Set(assessment.lowTokens);
    const parts: Node[] = [];
    const low = assessment.low;
    parts.push(h('p', { class: 'output-line' }, h('span', { class: 'label' }, t('label.output')),
      h('output', { class: low ? 'output-text low-confidence' : 'output-text', attrs: { 'aria-label': t(low ? 'entry.outputLabelLow' : 'entry.outputLabel', r.text) } }, r.text),
      low ? h('span', { class: 'low-badge', attrs: { 'aria-hidden': 'true', title: t('confidence.low.title') } }, t('confidence.low')) : null,
      r.finished ? null : h('span', { class: 'note' }, t('entry.stopped'))));
    const shownNotices = confidenceNotices(entry.card, assessment, opts.compact);
    notices = shownNotices.text;
    parts.push(...shownNotices.elements);
    parts.push(renderOutputStrip(r, { disagreements: opts.disagreements, lowTokens, assessment, onShowAlternatives: choose }));
    if (hasAttention(r)) {
      if (encoderOrder) parts.push(h('p', { class: 'note', attrs: { role: 'note' } }, t('inspector.order.heatmapNote')));
      heatmap = renderHeatmap({
        entry: opts.index,
        result: encoderOrder ? { ...inEncoderOrder(r), attention: inEncoderOrder(r).attention as number[][] } : r,
        label: entry.modelLabel,
        compact: opts.compact,
        disagreements: opts.disagreements,
        lowTokens,
        assessment,
        onFocusCell: (row, col) => {
          opts.onFocusCell(opts.index, row, gridColumn(col));
          inspector.follow(row);
        },
        onShowAlternatives: choose,
      });
      heatmap.highlightSource(sourceMark === null ? null : gridColumn(sourceMark));
      parts.push(heatmap.element);
      if (!opts.compact) parts.push(renderLegend());
      // Alternatives open right under the grid, where the user asked for them.
      parts.push(alternatives.element);
      const st = statsFor(r);
      if (st) parts.push(renderStats(r, st, opts.compact));
    } else {
      heatmap = null;
      parts.push(alternatives.element);
      parts.push(h('p', { class: 'no-attention', attrs: { role: 'note' } }, noAttentionNote(entry.mechanism)));
      parts.push(renderSourceLine(r));
    }
    replaceChildren(body, ...parts);
  }

  drawBody();
  const element = h('article', { class: opts.compact ? 'entry card' : 'entry', attrs: { 'aria-labelledby': headingId }, data: { entry: opts.index, mechanism: entry.mechanism } },
    header, beamPicker, body, inspector.element, modelCardSection(entry.modelId, entry.card, entry.beamWidth));
  return {
    element,
    highlightSource(index) {
      sourceMark = index;
      heatmap?.highlightSource(index === null ? null : gridColumn(index));
    },
    current: () => shown,
    shownEntry: () => (shown === entry.result ? entry : { ...entry, result: shown, stats: statsFor(shown), confidence: assessmentOf(shown) }),
    noticeText: () => notices,
    lowConfidence: () => assessmentOf(shown).low,
  };
}

/** The source tokens as read by the model (for entries without a grid, so the tokenisation stays visible). */
function renderSourceLine(r: DecodeResult): HTMLElement {
  const list = h('ol', { class: 'source-strip', attrs: { 'aria-label': t('label.sourceTokens').trim() } });
  r.source.forEach((tok, j) => {
    const unknown = r.sourceUnknown?.[j] === true;
    list.appendChild(h('li', { class: unknown ? 'unknown' : undefined, attrs: { 'aria-label': unknown ? t('entry.sourceUnknown', spokenToken(tok.text)) : spokenToken(tok.text) }, data: { unknown: unknown ? 'true' : 'false' } },
      displayToken(tok.text), unknown ? h('span', { class: 'unk-badge', attrs: { 'aria-hidden': 'true' } }, 'unk') : null));
  });
  return h('div', { class: 'source-line' }, h('span', { class: 'label' }, t('label.sourceTokens')), list);
}

/**
 * Mean/row entropy and coverage; the per-token tables fold away in compact cards. Their header cells carry
 * no `scope`: `th[scope]` is reserved for the heatmap grid (the testing contract counts those).
 */
function renderStats(r: DecodeResult, st: AttentionStats, compact: boolean): HTMLElement {
  const uniform = r.source.length > 0 ? Math.log(r.source.length) : 0;
  const summary = h('dl', { class: 'stats' },
    h('dt', {}, glossaryTerm('entropy', t('stats.entropy'))), h('dd', {}, t('stats.entropyValue', formatNumber(st.meanEntropy, 2), formatNumber(uniform, 2))),
    h('dt', {}, glossaryTerm('coverage', t('stats.covered'))), h('dd', {}, t('stats.coveredValue', formatPercent(st.coveredShare, 0))));

  const entropyRows = h('tbody');
  r.output.forEach((tok, i) => entropyRows.appendChild(h('tr', {},
    h('th', { attrs: { 'aria-label': spokenToken(tok) } }, displayToken(tok)),
    h('td', { class: 'num' }, formatNumber(st.rowEntropy[i] ?? NaN, 2)),
    h('td', { class: 'num' }, formatProbability(r.probabilities[i] ?? NaN)))));
  const coverageRows = h('tbody');
  r.source.forEach((tok, j) => {
    const c = st.coverage[j] ?? NaN;
    const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } });
    bar.style.setProperty('--w', String(Math.max(0, Math.min(1, c / Math.max(1, ...st.coverage)))));
    coverageRows.appendChild(h('tr', { class: c < 0.5 ? 'low' : undefined },
      h('th', { attrs: { 'aria-label': spokenToken(tok.text) } }, displayToken(tok.text)),
      h('td', { class: 'num' }, formatNumber(c, 2)),
      h('td', { class: 'bar-cell' }, bar)));
  });
  const tables = h('div', { class: 'stats-tables' },
    h('table', { class: 'mini' }, h('caption', {}, t('stats.entropyCaption')),
      h('thead', {}, h('tr', {}, h('th', {}, t('stats.col.output')), h('th', {}, t('stats.col.entropy')), h('th', {}, 'p'))),
      entropyRows),
    h('table', { class: 'mini' }, h('caption', {}, t('stats.coverageCaption')),
      h('thead', {}, h('tr', {}, h('th', {}, t('stats.col.source')), h('th', {}, t('stats.col.coverage')), h('th', { class: 'bar-cell' }, ''))),
      coverageRows));
  const details = h('details', { class: 'stats-details' }, h('summary', {}, t('stats.perToken')), tables);
  if (!compact) details.open = true;
  return h('section', { class: 'stats-section', attrs: { 'aria-label': t('stats.section') } }, summary, details);
}
