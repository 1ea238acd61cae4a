/**
 * Exports of the current view (pure): CSV (RFC 4180), JSON, and a self-contained SVG built from the same
 * scenes the PNG painter draws. The caller supplies the palette read from the theme.
 */
import type { ComparisonView, MismatchView, PanelView, TrainingView, TranslationEntry } from '../src/shared/protocol/webview';
import { trainingScene } from './chartModel';
import { comparedNoun } from './comparisonHeading';
import { disagreementSummary } from './disagreement';
import { entryScene, mismatchScene, stackScenes, type HeaderLine } from './heatmapScene';
import { t } from './l10n/strings';
import { fitNoticeText, lowConfidenceText } from './qualityText';
import { sceneToSvg, type Palette, type Scene } from './scene';
import { gridScene } from './sceneGrid';
import type { SubwordView } from '../src/shared/text/wordMerge';
import { ATTENTION_MATRIX_CORNER, EXPORT_CSV_HEADERS } from '../src/shared/data/ownExports';

/**
 * One CSV field: quoted when it holds a comma, a quote, a line break or edge whitespace; quotes doubled.
 * Text a spreadsheet would run as a formula (starting with = + @ or a tab or CR, or '-' and more) gets a
 * leading apostrophe, which spreadsheets show as text; numbers are written as numbers.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? csvNumber(value) : neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function neutraliseFormula(text: string): string {
  return /^[=+@\t\r]|^-./s.test(text) ? `'${text}` : text;
}

/** A byte order mark first, so spreadsheets read the file as UTF-8 (Korean, French accents). */
export const CSV_BOM = '\ufeff';

function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : '';
}

/** Records joined with CRLF, as RFC 4180 says, with a final CRLF. */
export function csvLines(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The label of the CSV record that flags the source tokens read as `<unk>`. CSV files are data for
 * scripts and spreadsheets: their header fields, this label and the yes/no flags stay the same English in
 * every display language (the dataset sniffer knows the headers, scripts read the flags); the pictures
 * (SVG, PNG) are in the display language.
 */
export const UNKNOWN_ROW = 'source read as <unk>';

/**
 * Translation: the attention matrix, source tokens as the header, output tokens as row labels, then one
 * record that flags each source token the model read as `<unk>` (yes / no).
 */
export function entryCsv(entry: TranslationEntry): string {
  const r = entry.result;
  const low = new Set(entry.confidence?.lowTokens ?? []);
  if (r.attention === null) {
    // No matrix: the output tokens with their probabilities and low-probability flags.
    return csvLines([[...EXPORT_CSV_HEADERS.outputs], ...r.output.map((t, i) => [i + 1, t, r.probabilities[i], low.has(i) ? 'yes' : 'no'])]);
  }
  const att = r.attention;
  return csvLines([[ATTENTION_MATRIX_CORNER, ...r.source.map((t) => t.text)], ...r.output.map((t, i) => [t, ...att[i]]),
    [UNKNOWN_ROW, ...r.source.map((_, j) => (r.sourceUnknown?.[j] ? 'yes' : 'no'))]]);
}

/** Comparison: one long table (a row per weight) so entries with different tokenisations fit together. */
export function comparisonCsv(view: ComparisonView): string {
  const rows: (string | number | null)[][] = [[...EXPORT_CSV_HEADERS.comparison]];
  const dis = new Set(view.disagreements);
  for (const e of view.entries) {
    const r = e.result;
    const low = new Set(e.confidence?.lowTokens ?? []);
    r.output.forEach((tok, i) => {
      const flag = dis.has(i) ? 'yes' : 'no';
      const lowFlag = low.has(i) ? 'yes' : 'no';
      if (r.attention === null) {
        rows.push([e.modelLabel, e.mechanism, i + 1, tok, r.probabilities[i], null, null, null, flag, lowFlag, null]);
      } else {
        r.source.forEach((src, j) => rows.push([e.modelLabel, e.mechanism, i + 1, tok, r.probabilities[i], j + 1, src.text, r.attention?.[i][j] ?? null, flag,
          lowFlag, r.sourceUnknown?.[j] ? 'yes' : 'no']));
      }
    });
  }
  return csvLines(rows);
}

export function trainingCsv(view: TrainingView): string {
  const rows: (string | number)[][] = [[...EXPORT_CSV_HEADERS.training]];
  for (const run of view.runs) {
    for (const m of run.epochs) {
      rows.push([run.runId, run.label, run.mechanism, run.state, m.epoch, m.trainLoss, m.validationLoss, m.tokenAccuracy, m.exactMatch, m.examplesPerSecond, m.seconds]);
    }
  }
  return csvLines(rows);
}

/** An input that did not fit: the models offered instead. */
export function mismatchCsv(view: MismatchView): string {
  return csvLines([[...EXPORT_CSV_HEADERS.mismatch],
    ...view.fit.candidates.map((c) => [view.input, view.modelId, view.message, c.modelId, c.label, c.margin])]);
}

export function viewCsv(view: PanelView): string {
  switch (view.kind) {
    case 'translation': return entryCsv(view.entry);
    case 'comparison': return comparisonCsv(view);
    case 'training': return trainingCsv(view);
    case 'mismatch': return mismatchCsv(view);
  }
}

/** For views of subword models: which view was shown, and in the word view the piece-level view behind it. */
export interface SubwordExport {
  subwordView: SubwordView;
  pieceView?: PanelView;
}

/**
 * JSON: the whole view (DecodeResult, stats, beams / runs) under a small versioned envelope; for subword
 * models also `subwordView`, and in the word view `pieceView`, the pieces the words were merged from.
 */
export function viewJson(view: PanelView, subwords?: SubwordExport): string {
  const envelope = subwords
    ? { format: 'seq2seq-attention-explorer.view', version: 1, subwordView: subwords.subwordView, view, ...(subwords.pieceView ? { pieceView: subwords.pieceView } : {}) }
    : { format: 'seq2seq-attention-explorer.view', version: 1, view };
  return JSON.stringify(envelope, null, 2) + '\n';
}

const notices = (texts: readonly (string | null)[]): HeaderLine[] =>
  texts.filter((n): n is string => n !== null).map((text) => ({ text, kind: 'notice' }));

/**
 * The picture of a view (shared by SVG and PNG): a title with the model and the input, the notices,
 * then the heatmap with its axis titles; a comparison's heatmaps in a grid, each under its card's title.
 */
export function viewScene(view: PanelView): Scene {
  switch (view.kind) {
    case 'translation': {
      const title = t('export.title.translation', view.entry.modelLabel, view.input);
      const notes = notices([fitNoticeText(view.fit), view.entry.confidence ? lowConfidenceText(view.entry.confidence, view.entry.card) : null]);
      return stackScenes(`${title} \u2192 ${view.entry.result.text}`, [{ text: title, kind: 'title' }, ...notes], [entryScene(view.entry)]);
    }
    case 'comparison': {
      const dis = new Set(view.disagreements);
      const noun = comparedNoun(view.entries.map((e) => e.mechanism));
      const title = t(noun === 'systems' ? 'export.title.comparisonSystems' : 'export.title.comparison', view.entries.length, view.input);
      const summary = disagreementSummary(view.entries.map((e) => ({ label: e.modelLabel, output: e.result.output })), view.disagreements, 3, noun);
      const grid = gridScene(title, view.entries.map((e) => entryScene(e, dis)));
      return stackScenes(title, [{ text: title, kind: 'title' }, { text: summary, kind: 'plain' }, ...notices([fitNoticeText(view.fit)])], [grid]);
    }
    case 'training': return trainingScene(view.runs);
    case 'mismatch': return mismatchScene(view);
  }
}

export function viewSvg(view: PanelView, palette: Palette): string {
  return sceneToSvg(viewScene(view), palette);
}
