#ifndef SEQ2SEQ_LSTM_CELL_H
#define SEQ2SEQ_LSTM_CELL_H
/* Forward: z [batch, 4H] gate pre-activations, c [batch, H] -> act [batch, 4H], tc = tanh(c'), h, c'. Needs AVX2/FMA. */
void lstmCellForward(int batch, int hidden, const float* z, const float* c, float* act, float* tc, float* h, float* cNew);
/* Backward: dh, dc, act, tc, c -> dz [batch, 4H], dcPrev [batch, H]. */
void lstmCellBackward(int batch, int hidden, const float* dh, const float* dc, const float* act, const float* tc, const float* c,
                      float* dz, float* dcPrev);
#endif
