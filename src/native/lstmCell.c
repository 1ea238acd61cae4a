/*
 * One LSTM time step's element-wise work (kernels/lstmCell.ts) in one pass over memory with AVX2:
 * the wasm kernel needs two calls of the backend's Sigmoid and three JavaScript loops per step. Gate
 * order i, f, o, g; tanh(x) = 2 sigmoid(2x) - 1, as the wasm kernels compute it.
 */
#include "isa.h"
#include "lstmCell.h"

#include <immintrin.h>

#include "vmath.h"

__attribute__((target("avx2,fma")))
void lstmCellForward(int batch, int hidden, const float* z, const float* c, float* act, float* tc, float* h, float* cNew) {
  const int H = hidden, G = 4 * hidden;
  for (int b = 0; b < batch; b++) {
    const float* zr = z + (size_t)b * G;
    float* ar = act + (size_t)b * G;
    const float* cr = c + (size_t)b * H;
    float* tr = tc + (size_t)b * H;
    float* hr = h + (size_t)b * H;
    float* nr = cNew + (size_t)b * H;
    int j = 0;
    for (; j + 8 <= H; j += 8) {
      const __m256 i = sigmoid8(_mm256_loadu_ps(zr + j));
      const __m256 f = sigmoid8(_mm256_loadu_ps(zr + H + j));
      const __m256 o = sigmoid8(_mm256_loadu_ps(zr + 2 * H + j));
      const __m256 g = tanh8(_mm256_loadu_ps(zr + 3 * H + j));
      const __m256 cn = _mm256_fmadd_ps(f, _mm256_loadu_ps(cr + j), _mm256_mul_ps(i, g));
      const __m256 t = tanh8(cn);
      _mm256_storeu_ps(ar + j, i);
      _mm256_storeu_ps(ar + H + j, f);
      _mm256_storeu_ps(ar + 2 * H + j, o);
      _mm256_storeu_ps(ar + 3 * H + j, g);
      _mm256_storeu_ps(nr + j, cn);
      _mm256_storeu_ps(tr + j, t);
      _mm256_storeu_ps(hr + j, _mm256_mul_ps(o, t));
    }
    for (; j < H; j++) {
      const float i = sigmoid1(zr[j]), f = sigmoid1(zr[H + j]), o = sigmoid1(zr[2 * H + j]), g = tanh1(zr[3 * H + j]);
      const float cn = f * cr[j] + i * g, t = tanh1(cn);
      ar[j] = i; ar[H + j] = f; ar[2 * H + j] = o; ar[3 * H + j] = g;
      nr[j] = cn; tr[j] = t; hr[j] = o * t;
    }
  }
}

void lstmCellBackward(int batch, int hidden, const float* dh, const float* dc, const float* act, const float* tc, const float* c,
                      float* dz, float* dcPrev) {
  const int H = hidden, G = 4 * hidden;
  /* Plain loops: gcc vectorises them at -O3 (no transcendental functions here). */
  for (int b = 0; b < batch; b++) {
    const float* ar = act + (size_t)b * G;
    float* dr = dz + (size_t)b * G;
    const size_t row = (size_t)b * H;
    for (int j = 0; j < H; j++) {
      const float i = ar[j], f = ar[H + j], o = ar[2 * H + j], g = ar[3 * H + j];
      const float t = tc[row + j], d = dh[row + j];
      const float dcTot = dc[row + j] + d * o * (1 - t * t);
      dr[j] = dcTot * g * i * (1 - i);
      dr[H + j] = dcTot * c[row + j] * f * (1 - f);
      dr[2 * H + j] = d * t * o * (1 - o);
      dr[3 * H + j] = dcTot * i * (1 - g * g);
      dcPrev[row + j] = dcTot * f;
    }
  }
}
