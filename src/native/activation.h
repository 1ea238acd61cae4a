#ifndef SEQ2SEQ_ACTIVATION_H
#define SEQ2SEQ_ACTIVATION_H
#include <stddef.h>
/* out[i] = tanh(x[i]) = 2 sigmoid(2 x[i]) - 1 for n floats (vmath.h; within ~2e-7 of the wasm path). */
void tanhArray(const float* x, float* out, size_t n);
#endif
