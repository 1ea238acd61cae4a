/** The names under which this project's own kernels are registered for the wasm backend. */
export const LSTM_CELL_FORWARD = 'Seq2SeqLstmCellForward';
export const LSTM_CELL_BACKWARD = 'Seq2SeqLstmCellBackward';
export const LSTM_SEQUENCE_FORWARD = 'Seq2SeqLstmSequenceForward';
export const LSTM_SEQUENCE_BACKWARD = 'Seq2SeqLstmSequenceBackward';
export const ADAM_STEP = 'Seq2SeqAdamStep';
export const SOFTMAX_XENT_FORWARD = 'Seq2SeqSoftmaxXentForward';
export const SOFTMAX_XENT_BACKWARD = 'Seq2SeqSoftmaxXentBackward';
