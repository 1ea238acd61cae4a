#ifndef SEQ2SEQ_SUMS_H
#define SEQ2SEQ_SUMS_H
#include <stddef.h>
/*
 * out[j] = sum over r of x[r * cols + j], for x of [rows, cols]: a sum over leading axes (every bias
 * gradient). Double-precision accumulators, rows added four at a time as ((x0 + x1) + (x2 + x3)):
 * the same operations, in the same order, as the wasm path in kernels/sum.ts, so both give the same bits.
 */
void columnSums(const float* x, float* out, size_t rows, size_t cols);
/*
 * out[s] = the sum of the rows x[i] (`inner` floats each) with ids[i] = s, for s < segments (the gradient
 * of a row gather: every embedding lookup). Rows whose id is outside [0, segments) are dropped.
 */
void segmentSums(const float* x, const int* ids, float* out, size_t rows, size_t inner, size_t segments);
#endif
