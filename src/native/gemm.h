#ifndef SEQ2SEQ_GEMM_H
#define SEQ2SEQ_GEMM_H
/* 1 when this CPU runs one of the micro-kernels (at least AVX2 and FMA); chooses the fastest. Call first. */
int gemmSupported(void);
/* The chosen micro-kernel's name ("avx512-12x32", "avx2-6x16"), or "none". */
const char* gemmKernelName(void);
/* c[m, n] = op(a)[m, k] . op(b)[k, n], row-major; op transposes when trans* is set (a stored [k, m],
 * b stored [n, k]). `bKey` > 0 names b's contents (never reused for others): b may then be packed once
 * and kept for later calls with the same key. Returns 0, or -1 when the packing buffers cannot be allocated. */
int sgemm(int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c, double bKey);
/* sgemm through GEMM_KERNELS[kernel] (gemmKernels.h), no operand kept: lets tests check every kernel
 * this CPU runs. -2 when the CPU cannot run that kernel. */
int sgemmWithKernel(int kernel, int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c);
/* Frees the calling thread's packing buffers and packed operands (they are made again when needed). */
void gemmReleaseThreadBuffers(void);
#endif
