/**
 * The CSV files Export Attention writes, recognised by their header record, so the training wizard does
 * not offer them as datasets: each is a table with a header, which the dataset sniffer would otherwise
 * read as a CSV dataset. The header is the file's own, whatever it was named or renamed to.
 */

/** The first field of a translation's attention matrix; the other fields are its source tokens. */
export const ATTENTION_MATRIX_CORNER = 'output \\ source';

/** The header records of the other exports, as `csvLines` writes them. */
export const EXPORT_CSV_HEADERS = {
  /** A translation of a model without attention (baseline, peeky): the output tokens only. */
  outputs: ['step', 'output', 'probability', 'low probability'],
  comparison: ['model', 'mechanism', 'row', 'output', 'probability', 'col', 'source', 'weight', 'disagreement', 'low probability', 'source unknown'],
  training: ['run', 'label', 'mechanism', 'state', 'epoch', 'trainLoss', 'validationLoss', 'tokenAccuracy', 'exactMatch', 'examplesPerSecond', 'seconds'],
  mismatch: ['input', 'model', 'message', 'offered model', 'offered label', 'fit margin'],
} as const;

export type OwnExportKind = 'attention' | keyof typeof EXPORT_CSV_HEADERS;

/** Which export of this extension `head` (a file's first bytes) begins, or null for any other file. */
export function ownExportKind(head: Uint8Array): OwnExportKind | null {
  const newline = head.indexOf(0x0a);
  const first = new TextDecoder('utf-8', { fatal: false }).decode(newline >= 0 ? head.subarray(0, newline) : head)
    .replace(/^\ufeff/, '').replace(/\r$/, '');
  // The corner field is written unquoted (it holds no comma, quote or edge space).
  if (first === ATTENTION_MATRIX_CORNER || first.startsWith(`${ATTENTION_MATRIX_CORNER},`)) return 'attention';
  for (const [kind, fields] of Object.entries(EXPORT_CSV_HEADERS)) {
    if (first === fields.join(',')) return kind as OwnExportKind;
  }
  return null;
}
