/** English labels the host and the panel show: attention mechanisms, training size presets, attention-file formats. */
export const LABEL_MESSAGES = {
  'mechanism.bahdanau': 'Bahdanau (additive)',
  'mechanism.luong-dot': 'Luong (dot)',
  'mechanism.luong-general': 'Luong (general)',
  'mechanism.luong-concat': 'Luong (concat)',
  'mechanism.baseline': 'Seq2seq baseline (no attention)',
  'mechanism.peeky': 'Peeky seq2seq (no attention)',
  'preset.tiny': 'Tiny (embedding 16, hidden 32): seconds per epoch',
  'preset.small': 'Small (embedding 32, hidden 64): the default',
  'preset.medium': 'Medium (embedding 64, hidden 128)',
  'preset.book': "Book (embedding 16, hidden 256): the book's chapter 8 model",
  'attentionFormat.fairseq': 'fairseq generate/interactive output',
  'attentionFormat.marian': 'Marian output with --alignment (or translation ||| alignment pairs)',
  'attentionFormat.opennmt': 'OpenNMT-py translation log (-attn_debug / -report_align)',
  'attentionFormat.json': 'Seq2Seq Attention Explorer JSON',
} as const;
