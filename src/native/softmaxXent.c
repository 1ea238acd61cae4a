/*
 * The output layer's softmax cross-entropy (kernels/softmaxXent.ts) in two passes over each row
 * forwards (max, then the sum of exponentials) and one backwards, with the 8-wide exp of vmath.h. As
 * composed ops the same loss is a log-softmax, a one-hot matrix of the logits' size, a product and a
 * sum forwards and as many backwards; with a 6,000-piece vocabulary those passes over [rows, 6000]
 * cost more than the output layer's matrix product.
 */
#include "isa.h"
#include "softmaxXent.h"

#include <immintrin.h>
#include <math.h>

#include "vmath.h"

static int badLabel(int rows, int classes, const int32_t* labels, const float* weights) {
  for (int r = 0; r < rows; r++) {
    if (weights[r] != 0 && (labels[r] < 0 || labels[r] >= classes)) return r;
  }
  return -1;
}

__attribute__((target("avx2,fma")))
static float horizontalMax(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
  return _mm_cvtss_f32(m);
}

__attribute__((target("avx2,fma")))
static double horizontalSum(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  double s = 0;
  for (int i = 0; i < 8; i++) s += lanes[i];
  return s;
}

/* log sum_j exp(x[j]) over one row, NaN when the row holds a NaN. */
__attribute__((target("avx2,fma")))
static float logSumExp(int n, const float* x) {
  __m256 vmax = _mm256_set1_ps(-INFINITY);
  __m256 unordered = _mm256_setzero_ps();
  int j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256 v = _mm256_loadu_ps(x + j);
    vmax = _mm256_max_ps(vmax, v);
    unordered = _mm256_or_ps(unordered, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
  }
  float m = horizontalMax(vmax);
  int nan = _mm256_movemask_ps(unordered) != 0;
  for (; j < n; j++) {
    if (x[j] != x[j]) nan = 1;
    else if (x[j] > m) m = x[j];
  }
  if (nan) return NAN;
  if (isinf(m)) return m;
  const __m256 vm = _mm256_set1_ps(m);
  __m256 acc = _mm256_setzero_ps();
  j = 0;
  for (; j + 8 <= n; j += 8) acc = _mm256_add_ps(acc, exp8(_mm256_sub_ps(_mm256_loadu_ps(x + j), vm)));
  double sum = horizontalSum(acc);
  for (; j < n; j++) sum += expf(x[j] - m);
  return m + (float)log(sum);
}

__attribute__((target("avx2,fma")))
int softmaxXentForward(int rows, int classes, const float* x, const int32_t* labels, const float* w, float* lse, float* loss) {
  const int bad = badLabel(rows, classes, labels, w);
  if (bad >= 0) return bad;
  for (int r = 0; r < rows; r++) {
    if (w[r] == 0) {
      lse[r] = 0;
      loss[r] = 0;
      continue;
    }
    const float* row = x + (size_t)r * classes;
    lse[r] = logSumExp(classes, row);
    loss[r] = w[r] * (lse[r] - row[labels[r]]);
  }
  return -1;
}

__attribute__((target("avx2,fma")))
int softmaxXentBackward(int rows, int classes, const float* x, const int32_t* labels, const float* lse, const float* g, float* dx) {
  const int bad = badLabel(rows, classes, labels, g);
  if (bad >= 0) return bad;
  for (int r = 0; r < rows; r++) {
    float* out = dx + (size_t)r * classes;
    const float gr = g[r];
    int j = 0;
    if (gr == 0) {
      for (; j < classes; j++) out[j] = 0;
      continue;
    }
    const float* row = x + (size_t)r * classes;
    const __m256 vl = _mm256_set1_ps(lse[r]), vg = _mm256_set1_ps(gr);
    for (; j + 8 <= classes; j += 8) {
      _mm256_storeu_ps(out + j, _mm256_mul_ps(vg, exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), vl))));
    }
    for (; j < classes; j++) out[j] = gr * expf(row[j] - lse[r]);
    out[labels[r]] -= gr;
  }
  return -1;
}
