// STUB (owned by the CLI helper).
process.stdout.write('seq2seq-attention: not implemented yet\n');
