/**
 * What a screen reader reads in the panel and the grid's tooltips, in English by id: the cells' labels,
 * the status sentences (a focused cell, a new result, a step's alternatives), the names of whitespace
 * tokens. Korean in l10n/bundle.l10n.ko.json, keyed by the English text, as for the panel's own table.
 * The English cell label is the grid's testing contract (`'1' <- '9': 0.62`): every language ends it
 * with the weight as a decimal number.
 */
export const READOUT_STRINGS = {
  'cell.label': "'{0}' <- '{1}': {2}",
  'cell.title': "'{0}' \u2190 '{1}': {2}",
  'cell.status': "output '{0}' (p={1}) attends to source '{2}' at {3}",
  'grid.label': "{0}: attention weights, rows are output tokens, columns are source tokens",
  'spoken.empty': "empty",
  'spoken.space': "space",
  'spoken.tab': "tab",
  'spoken.newline': "newline",
  'spoken.carriageReturn': "carriage return",
  'spoken.whitespace': "whitespace",
  'summary.grid': "{0} output by {1} source tokens; use the arrow keys in the grid",
  'summary.noGrid': "no attention grid for this model",
  'summary.lowConfidence': "Low confidence: {0}.",
  'alternatives.heading': "Step {0}: '{1}' (p={2})",
  'alternatives.status': "Step {0}: {1}",
  'alternatives.none': "no alternatives",
  'entry.outputLabel': "Output: {0}",
  'entry.outputLabelLow': "Output: {0} (low confidence)",
  'entry.sourceUnknown': "{0}, unknown to the model",
} as const;
