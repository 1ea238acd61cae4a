/*
 * Single-precision matrix product for the wasm backend's matmul kernels (kernels/matMul.ts; loaded by
 * kernels/nativeModule.ts). XNNPACK in wasm is limited to 128-bit SIMD (~15-25 GFLOP/s on one core of
 * this machine kind), while the CPU has AVX2 and FMA. A packed 6x16 FMA micro-kernel (the BLIS
 * layout: panels of A and B are copied into contiguous strips, so transposed operands cost only the
 * packing) runs 50-80 GFLOP/s on the LSTM shapes (the upper end once the recurrent weight stays
 * packed, below). One thread per call: the training worker and its helper each use one core already.
 */
#include "isa.h"
#include "gemm.h"

#include <immintrin.h>
#include <stdlib.h>

#define MR 6
#define NR 16
#define KC 256
#define MC 96

/*
 * Packing buffers per thread: the training worker and the gradient helper call in parallel. Each
 * thread's are freed by `gemmReleaseThreadBuffers` when its Node environment ends (addon.c registers
 * it as the environment's cleanup hook: it runs on that thread, before the module may be unloaded).
 */
static _Thread_local float* packedA = NULL;
static _Thread_local float* packedB = NULL;
static _Thread_local size_t packedBSize = 0;

/*
 * Right operands packed whole, kept for the next calls with the same operand. An LSTM multiplies by
 * the same recurrent weight at every time step (and by its transpose backwards): packing it again each
 * step cost as much as the product at batch 16, and ~25 % of it at batch 128. The caller names an
 * operand by a key that it never gives to other contents (kernels/matMul.ts: one per tensor; 0 = none).
 * An operand is packed into the cache on its third use: activations that a backward pass multiplies
 * by twice (a chunk's gate gradients, 4 MB for the book model) take the scratch buffer above, and the
 * cache holds weights. Least recently used entries give way; operands over CACHE_MAX_FLOATS are never
 * cached.
 */
#define CACHE_ENTRIES 4
#define CACHE_MAX_FLOATS (1u << 20)
#define SEEN_KEYS 8
#define USES_BEFORE_CACHING 2

typedef struct {
  double key;
  const float* b;
  int transB, k, n;
  float* data;
  size_t capacity;
  unsigned long lastUse;
} PackedOperand;

typedef struct {
  double key;
  int uses;
} SeenKey;

static _Thread_local PackedOperand cache[CACHE_ENTRIES];
static _Thread_local SeenKey seen[SEEN_KEYS];
static _Thread_local int seenNext = 0;
static _Thread_local unsigned long useClock = 0;

void gemmReleaseThreadBuffers(void) {
  free(packedA);
  free(packedB);
  packedA = NULL;
  packedB = NULL;
  packedBSize = 0;
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    free(cache[i].data);
    cache[i] = (PackedOperand){0};
  }
  for (int i = 0; i < SEEN_KEYS; i++) seen[i] = (SeenKey){0};
}

/* `floats` floats on a 64-byte boundary (aligned_alloc wants a whole number of alignments), or NULL. */
static float* allocFloats(size_t floats) {
  return aligned_alloc(64, ((floats * sizeof(float) + 63) / 64) * 64);
}

/* This thread's buffers, B grown to `bFloats` floats; 0 when out of memory. */
static int ensureBuffers(size_t bFloats) {
  if (!packedA) packedA = allocFloats((size_t)MC * KC);
  if (bFloats > packedBSize) {
    free(packedB);
    packedB = allocFloats(bFloats);
    packedBSize = packedB ? bFloats : 0;
  }
  return packedA && packedB;
}

/* op(A)[row, k]: A is [M, K] row-major, or [K, M] when transposed. */
static inline float at(const float* a, int transA, int m, int k, int row, int col) {
  return transA ? a[(size_t)col * m + row] : a[(size_t)row * k + col];
}

/* Rows i0 .. i0+mc of op(A), columns k0 .. k0+kc, as MR-row strips (zero-padded). */
static void packA(const float* a, int transA, int m, int k, int i0, int mc, int k0, int kc, float* out) {
  for (int i = 0; i < mc; i += MR) {
    for (int p = 0; p < kc; p++) {
      for (int r = 0; r < MR; r++) *out++ = i + r < mc ? at(a, transA, m, k, i0 + i + r, k0 + p) : 0.0f;
    }
  }
}

/* op(B)[k, col]: B is [K, N] row-major, or [N, K] when transposed. Columns as NR-wide strips. */
static void packB(const float* b, int transB, int k, int n, int k0, int kc, float* out) {
  for (int j = 0; j < n; j += NR) {
    int nr = n - j < NR ? n - j : NR;
    for (int p = 0; p < kc; p++) {
      if (!transB && nr == NR) {
        const float* src = b + (size_t)(k0 + p) * n + j;
        for (int c = 0; c < NR; c++) out[c] = src[c];
      } else {
        for (int c = 0; c < NR; c++) out[c] = c < nr ? (transB ? b[(size_t)(j + c) * k + k0 + p] : b[(size_t)(k0 + p) * n + j + c]) : 0.0f;
      }
      out += NR;
    }
  }
}

__attribute__((target("avx2,fma")))
static void kernelAvx2(int kc, const float* a, const float* b, float* c, int ldc, int mr, int nr, int accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 x = _mm256_broadcast_ss(a), y = _mm256_broadcast_ss(a + 1);
    c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
    c10 = _mm256_fmadd_ps(y, b0, c10); c11 = _mm256_fmadd_ps(y, b1, c11);
    x = _mm256_broadcast_ss(a + 2); y = _mm256_broadcast_ss(a + 3);
    c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
    c30 = _mm256_fmadd_ps(y, b0, c30); c31 = _mm256_fmadd_ps(y, b1, c31);
    x = _mm256_broadcast_ss(a + 4); y = _mm256_broadcast_ss(a + 5);
    c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
    c50 = _mm256_fmadd_ps(y, b0, c50); c51 = _mm256_fmadd_ps(y, b1, c51);
    a += MR;
    b += NR;
  }
  float t[MR * NR];
  _mm256_storeu_ps(t, c00); _mm256_storeu_ps(t + 8, c01); _mm256_storeu_ps(t + 16, c10); _mm256_storeu_ps(t + 24, c11);
  _mm256_storeu_ps(t + 32, c20); _mm256_storeu_ps(t + 40, c21); _mm256_storeu_ps(t + 48, c30); _mm256_storeu_ps(t + 56, c31);
  _mm256_storeu_ps(t + 64, c40); _mm256_storeu_ps(t + 72, c41); _mm256_storeu_ps(t + 80, c50); _mm256_storeu_ps(t + 88, c51);
  for (int i = 0; i < mr; i++) {
    float* row = c + (size_t)i * ldc;
    if (accumulate) for (int j = 0; j < nr; j++) row[j] += t[i * NR + j];
    else for (int j = 0; j < nr; j++) row[j] = t[i * NR + j];
  }
}

int gemmSupported(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static void packBWhole(const float* b, int transB, int k, int n, size_t npad, float* out) {
  for (int k0 = 0; k0 < k; k0 += KC) packB(b, transB, k, n, k0, k - k0 < KC ? k - k0 : KC, out + npad * k0);
}

/* The packed operand from the cache (packed now if needed), or NULL: the caller packs into scratch. */
static const float* cachedB(double key, const float* b, int transB, int k, int n, size_t npad) {
  if (key <= 0 || npad * (size_t)k > CACHE_MAX_FLOATS) return NULL;
  useClock++;
  PackedOperand* victim = &cache[0];
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    PackedOperand* e = &cache[i];
    if (e->data && e->key == key && e->b == b && e->transB == transB && e->k == k && e->n == n) {
      e->lastUse = useClock;
      return e->data;
    }
    if (e->lastUse < victim->lastUse) victim = e;
  }
  SeenKey* sighting = NULL;
  for (int i = 0; i < SEEN_KEYS; i++) {
    if (seen[i].key == key) sighting = &seen[i];
  }
  if (!sighting) {
    seen[seenNext] = (SeenKey){key, 0};
    sighting = &seen[seenNext];
    seenNext = (seenNext + 1) % SEEN_KEYS;
  }
  if (sighting->uses++ < USES_BEFORE_CACHING) return NULL;
  const size_t floats = npad * (size_t)k;
  if (victim->capacity < floats) {
    free(victim->data);
    victim->data = allocFloats(floats);
    victim->capacity = victim->data ? floats : 0;
    if (!victim->data) {
      *victim = (PackedOperand){0};
      return NULL;
    }
  }
  victim->key = key;
  victim->b = b;
  victim->transB = transB;
  victim->k = k;
  victim->n = n;
  victim->lastUse = useClock;
  packBWhole(b, transB, k, n, npad, victim->data);
  return victim->data;
}

int sgemm(int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c, double bKey) {
  if (m <= 0 || n <= 0) return 0;
  if (k <= 0) {
    for (size_t i = 0; i < (size_t)m * n; i++) c[i] = 0.0f;
    return 0;
  }
  const size_t npad = (size_t)((n + NR - 1) / NR) * NR;
  if (!ensureBuffers(npad * KC)) return -1;
  const float* whole = cachedB(bKey, b, transB, k, n, npad);
  for (int k0 = 0; k0 < k; k0 += KC) {
    int kc = k - k0 < KC ? k - k0 : KC;
    const float* block = whole ? whole + npad * k0 : packedB;
    if (!whole) packB(b, transB, k, n, k0, kc, packedB);
    for (int i0 = 0; i0 < m; i0 += MC) {
      int mc = m - i0 < MC ? m - i0 : MC;
      packA(a, transA, m, k, i0, mc, k0, kc, packedA);
      for (int j = 0; j < n; j += NR) {
        int nr = n - j < NR ? n - j : NR;
        for (int i = 0; i < mc; i += MR) {
          int mr = mc - i < MR ? mc - i : MR;
          kernelAvx2(kc, packedA + (size_t)i * kc, block + (size_t)j * kc, c + (size_t)(i0 + i) * n + j, n, mr, nr, k0 > 0);
        }
      }
    }
  }
  return 0;
}
