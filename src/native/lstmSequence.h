#ifndef SEQ2SEQ_LSTM_SEQUENCE_H
#define SEQ2SEQ_LSTM_SEQUENCE_H
/*
 * An LSTM over `steps` consecutive time steps in one call (kernels/lstmSequence.ts). Arrays indexed by
 * time are [steps, batch, ...] in time order; `reverse` processes t = steps-1 .. 0. `masks` [steps,
 * batch] (NULL: none) holds 1 for real steps and 0 for padding, where the state passes through unchanged.
 * `whKey` names the recurrent weight's contents for sgemm's packed-operand cache (gemm.h).
 * Both return 0, or -1 when out of memory.
 */
/* zx [steps, B, 4H] input projections (bias included), wh [H, 4H], h0, c0 [B, H] -> hs (h after each
 * step), hPrev and cPrev (the state entering each step), act [steps, B, 4H], tc [steps, B, H], and
 * hLast, cLast (the state after the last step processed). */
int lstmSequenceForward(int steps, int batch, int hidden, int reverse, const float* zx, const float* wh, double whKey,
                        const float* masks, const float* h0, const float* c0, float* hs, float* hPrev, float* cPrev,
                        float* act, float* tc, float* hLast, float* cLast);
/* dOut [steps, B, H] (gradient of each step's output), dhIn, dcIn [B, H] (gradient of the state after the
 * last step processed) and the forward's act, tc, cPrev -> dz [steps, B, 4H] (gate gradients) and dhOut,
 * dcOut (gradient of the state entering the first step processed). */
int lstmSequenceBackward(int steps, int batch, int hidden, int reverse, const float* dOut, const float* wh, double whKey,
                         const float* masks, const float* act, const float* tc, const float* cPrev, const float* dhIn,
                         const float* dcIn, float* dz, float* dhOut, float* dcOut);
/* Frees the calling thread's scratch memory. */
void lstmSequenceReleaseThreadBuffers(void);
#endif
