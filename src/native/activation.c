/*
 * Tanh over a whole tensor for the wasm backend's Tanh (kernels/tanh.ts): the attentional hidden state
 * tanh(Wc [context; h]) of every decoder step at once. The wasm path makes three passes (a scaling, the
 * backend's Sigmoid, a rescaling); this is one, eight floats at a time.
 */
#include "isa.h"
#include "activation.h"

#include "vmath.h"

__attribute__((target("avx2,fma")))
void tanhArray(const float* x, float* out, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, tanh8(_mm256_loadu_ps(x + i)));
  for (; i < n; i++) out[i] = tanh1(x[i]);
}
