/*
 * sgemm's micro-kernels (gemmKernels.h), fastest first:
 *  - avx512-12x32 where the CPU has AVX-512 (twice the vector width of AVX2, and 32 registers);
 *  - avx2-6x16, the BLIS-style kernel every x86-64 machine this module runs on has (AVX2 and FMA);
 *  - avx2-12x32, the AVX-512 kernel's source compiled for AVX2: never chosen for speed, it is there so
 *    that the tests check that source on machines without AVX-512 (test/unit/engine/nativeGemmKernels).
 */
#include "isa.h"
#include "gemmKernels.h"

#include <immintrin.h>
#include <stddef.h>

/* 16 floats as one value; loads and stores through it assume only float alignment. */
typedef float Floats16 __attribute__((vector_size(64), aligned(4)));

/* The computed tile t (row stride ldt) into C: its first mr rows and nr columns, stored or added. */
static inline void storeTile(const float* t, int ldt, float* c, int ldc, int mr, int nr, int accumulate) {
  for (int i = 0; i < mr; i++) {
    float* row = c + (size_t)i * ldc;
    if (accumulate) for (int j = 0; j < nr; j++) row[j] += t[i * ldt + j];
    else for (int j = 0; j < nr; j++) row[j] = t[i * ldt + j];
  }
}

#define MR6 6
#define NR16 16

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
    a += MR6;
    b += NR16;
  }
  if (mr == MR6 && nr == NR16) {
    /* A whole tile (all but C's edges) goes straight from the registers. */
    __m256 rows[MR6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    for (int i = 0; i < MR6; i++) {
      float* row = c + (size_t)i * ldc;
      if (accumulate) {
        rows[i][0] = _mm256_add_ps(rows[i][0], _mm256_loadu_ps(row));
        rows[i][1] = _mm256_add_ps(rows[i][1], _mm256_loadu_ps(row + 8));
      }
      _mm256_storeu_ps(row, rows[i][0]);
      _mm256_storeu_ps(row + 8, rows[i][1]);
    }
    return;
  }
  float t[MR6 * NR16];
  _mm256_storeu_ps(t, c00); _mm256_storeu_ps(t + 8, c01); _mm256_storeu_ps(t + 16, c10); _mm256_storeu_ps(t + 24, c11);
  _mm256_storeu_ps(t + 32, c20); _mm256_storeu_ps(t + 40, c21); _mm256_storeu_ps(t + 48, c30); _mm256_storeu_ps(t + 56, c31);
  _mm256_storeu_ps(t + 64, c40); _mm256_storeu_ps(t + 72, c41); _mm256_storeu_ps(t + 80, c50); _mm256_storeu_ps(t + 88, c51);
  storeTile(t, NR16, c, ldc, mr, nr, accumulate);
}

#define WIDE_MR 12
#define WIDE_NR 32

#define WIDE_KERNEL_NAME kernelWideAvx512
#define WIDE_KERNEL_TARGET "avx512f"
#include "gemmWideKernel.inc"
#undef WIDE_KERNEL_NAME
#undef WIDE_KERNEL_TARGET

#define WIDE_KERNEL_NAME kernelWideAvx2
#define WIDE_KERNEL_TARGET "avx2,fma"
#include "gemmWideKernel.inc"
#undef WIDE_KERNEL_NAME
#undef WIDE_KERNEL_TARGET

int cpuHasAvx2Fma(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* libgcc's check includes the OS saving the 512-bit registers (XGETBV). */
static int hasAvx512(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}

/* A 12x32 strip pair at depth 128 is 22 KB, within the 32-48 KB L1 of AVX-512 cores. */
const MicroKernel GEMM_KERNELS[] = {
  {"avx512-12x32", WIDE_MR, WIDE_NR, 128, kernelWideAvx512, hasAvx512},
  {"avx2-6x16", MR6, NR16, 256, kernelAvx2, cpuHasAvx2Fma},
  {"avx2-12x32", WIDE_MR, WIDE_NR, 128, kernelWideAvx2, cpuHasAvx2Fma},
};
const int GEMM_KERNEL_COUNT = sizeof GEMM_KERNELS / sizeof GEMM_KERNELS[0];
