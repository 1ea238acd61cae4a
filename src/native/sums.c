/*
 * Sums for the wasm backend's Sum over leading axes (kernels/sum.ts) and UnsortedSegmentSum
 * (kernels/unsortedSegmentSum.ts). Their JS loops run at a few hundred megafloats per second; these are
 * vectorised by gcc for AVX2 (plain loops, restrict operands), and read x once, in memory order.
 */
#include "isa.h"
#include "sums.h"

#include <string.h>

/* Columns summed per pass over the rows: the accumulators (16 KB) stay in the L1 cache. */
#define COLUMN_BLOCK 2048

__attribute__((target("avx2")))
void columnSums(const float* restrict x, float* restrict out, size_t rows, size_t cols) {
  double acc[COLUMN_BLOCK];
  for (size_t j0 = 0; j0 < cols; j0 += COLUMN_BLOCK) {
    const size_t width = cols - j0 < COLUMN_BLOCK ? cols - j0 : COLUMN_BLOCK;
    for (size_t j = 0; j < width; j++) acc[j] = 0;
    size_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      const float* restrict x0 = x + r * cols + j0;
      const float* restrict x1 = x0 + cols;
      const float* restrict x2 = x1 + cols;
      const float* restrict x3 = x2 + cols;
      for (size_t j = 0; j < width; j++) acc[j] += ((double)x0[j] + (double)x1[j]) + ((double)x2[j] + (double)x3[j]);
    }
    for (; r < rows; r++) {
      const float* restrict row = x + r * cols + j0;
      for (size_t j = 0; j < width; j++) acc[j] += (double)row[j];
    }
    for (size_t j = 0; j < width; j++) out[j0 + j] = (float)acc[j];
  }
}

__attribute__((target("avx2")))
void segmentSums(const float* restrict x, const int* restrict ids, float* restrict out, size_t rows, size_t inner, size_t segments) {
  memset(out, 0, segments * inner * sizeof(float));
  for (size_t i = 0; i < rows; i++) {
    const int s = ids[i];
    if (s < 0 || (size_t)s >= segments) continue;
    const float* restrict src = x + i * inner;
    float* restrict dst = out + (size_t)s * inner;
    for (size_t j = 0; j < inner; j++) dst[j] += src[j];
  }
}
