/*
 * The optimizer's update (kernels/adam.ts) in one pass over the weights. FlatAdam's tfjs ops make ~14
 * passes over all of them (~7.8 ms per update for the book model's 722,331 weights); in two-worker
 * training two updates per round sit on the path both threads wait for. Built with -ffp-contract=off:
 * no fused multiply-adds here, so every operation rounds as the wasm kernels' do.
 */
#include "isa.h"
#include "adam.h"

#include <immintrin.h>
#include <math.h>

__attribute__((target("avx2,fma")))
double sumOfSquares(const float* x, size_t n) {
  /* Four independent accumulators of four doubles: the sum's order does not chain every addition. */
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256d a = _mm256_cvtps_pd(_mm_loadu_ps(x + i)), b = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4));
    const __m256d c = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8)), d = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12));
    s0 = _mm256_fmadd_pd(a, a, s0);
    s1 = _mm256_fmadd_pd(b, b, s1);
    s2 = _mm256_fmadd_pd(c, c, s2);
    s3 = _mm256_fmadd_pd(d, d, s3);
  }
  double lanes[4];
  _mm256_storeu_pd(lanes, _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
  double sum = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  for (; i < n; i++) sum += (double)x[i] * x[i];
  return sum;
}

/* A plain loop: gcc vectorises it at -O3 with AVX2 (sqrt and division round exactly as wasm's). The
 * outputs are new tensors, so no operand overlaps another (restrict). */
__attribute__((target("avx2")))
void adamStep(size_t n, const float* restrict g, const float* restrict m, const float* restrict v, const float* restrict w,
              float* restrict mOut, float* restrict vOut, float* restrict wOut, float gScale, float sqScale, float beta1, float beta2, float stepSize, float epsilon) {
  const float negStep = -stepSize;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float gTerm = gi * gScale, sqTerm = (gi * gi) * sqScale;
    const float mi = m ? m[i] * beta1 + gTerm : gTerm;
    const float vi = v ? v[i] * beta2 + sqTerm : sqTerm;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = w[i] + (mi * negStep) / (sqrtf(vi) + epsilon);
  }
}
