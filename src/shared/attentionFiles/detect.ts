/**
 * Which reader a file needs, by its content (names lie: `.txt`, `.log`, `.out` hold any of them). The
 * first lines decide: JSON with the project's `format`, fairseq's `X-id<TAB>` lines with an `A-` line,
 * OpenNMT's SENT/PRED lines or attention table, Marian's `||| alignment` lines.
 */
import { isFairseqLine } from './fairseq';
import { looksLikeMarian } from './marian';
import { looksLikeOpenNmt } from './opennmt';
import type { AttentionFileFormat, Line } from './types';

/** How many lines detection looks at (files are indexed later; detection reads only their start). */
export const DETECT_LINES = 400;

export function detectFormat(head: string, lines: readonly Line[]): AttentionFileFormat | null {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return /"format"\s*:\s*"seq2seq-attention-explorer\.(attention|view)"/.test(head) ? 'json' : null;
  const sample = lines.slice(0, DETECT_LINES);
  const fairseq = sample.filter(l => isFairseqLine(l.text));
  if (fairseq.some(l => l.text.startsWith('S-')) && fairseq.some(l => l.text.startsWith('H-'))) return 'fairseq';
  if (looksLikeOpenNmt(sample)) return 'opennmt';
  if (looksLikeMarian(sample)) return 'marian';
  return null;
}

export const FORMAT_LABELS: Record<AttentionFileFormat, string> = {
  fairseq: 'fairseq generate/interactive output',
  marian: 'Marian output with --alignment (or translation ||| alignment pairs)',
  opennmt: 'OpenNMT-py translation log (-attn_debug / -report_align)',
  json: 'Seq2Seq Attention Explorer JSON',
};
