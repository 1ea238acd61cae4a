/*
 * The micro-kernels of sgemm (gemm.c): each computes an mr x nr tile of C from a packed strip of A
 * (mr rows, kc deep) and one of B (kc deep, nr columns). Its shape decides how gemm.c packs.
 */
#ifndef SEQ2SEQ_GEMM_KERNELS_H
#define SEQ2SEQ_GEMM_KERNELS_H

/* c[0..mr, 0..nr] (= or +=) the tile; a and b are zero-padded to the kernel's full shape. */
typedef void (*MicroKernelFn)(int kc, const float* a, const float* b, float* c, int ldc, int mr, int nr, int accumulate);

typedef struct {
  /* "avx2-6x16": instruction set, then rows x columns of the tile. */
  const char* name;
  int mr, nr;
  /* Depth of one packed block: A and B strips of that depth stay in the L1 cache. */
  int kc;
  MicroKernelFn run;
  /* 1 when this CPU (and its OS) runs the kernel's instructions. */
  int (*runsHere)(void);
} MicroKernel;

/* 1 when the CPU has AVX2 and FMA: the floor of every kernel in the module. */
int cpuHasAvx2Fma(void);

/* Every kernel built in; the first that runs here is the fastest (gemmKernels.c orders them). */
extern const MicroKernel GEMM_KERNELS[];
extern const int GEMM_KERNEL_COUNT;
#endif
