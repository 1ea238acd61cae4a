/**
 * The strings drawn into exported pictures (SVG, PNG) and the PNG painter's error, in English by id; Korean in
 * l10n/bundle.l10n.ko.json, keyed by the English text, as for the panel's own table.
 */
export const EXPORT_STRINGS = {
  'export.axis.source': 'Source tokens',
  'export.axis.output': 'Output tokens',
  'export.title.translation': 'Attention of {0} for "{1}"',
  'export.title.comparison': 'Attention of {0} models for "{1}"',
  'export.title.comparisonSystems': 'Attention of {0} systems for "{1}"',
  'export.lowConfidence': '(low confidence)',
  'export.mismatch.title': 'Input does not fit {0}',
  'export.mismatch.input': 'Input: {0}',
  'export.mismatch.fits': 'Models that fit it:',
  'export.noCanvas': 'This panel cannot create a 2D canvas, so PNG export is unavailable.',
} as const;
