#ifndef SEQ2SEQ_GEMM_H
#define SEQ2SEQ_GEMM_H
/* 1 when this CPU has the instructions sgemm needs (AVX2 and FMA). */
int gemmSupported(void);
/* c[m, n] = op(a)[m, k] . op(b)[k, n], row-major; op transposes when trans* is set (a stored [k, m],
 * b stored [n, k]). `bKey` > 0 names b's contents (never reused for others): b may then be packed once
 * and kept for later calls with the same key. Returns 0, or -1 when the packing buffers cannot be allocated. */
int sgemm(int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c, double bKey);
/* Frees the calling thread's packing buffers and packed operands (they are made again when needed). */
void gemmReleaseThreadBuffers(void);
#endif
