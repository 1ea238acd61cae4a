#ifndef SEQ2SEQ_ADAM_H
#define SEQ2SEQ_ADAM_H
#include <stddef.h>
/* Sum of x[i]^2 in double precision (the gradient's global norm, squared). Needs AVX2/FMA. */
double sumOfSquares(const float* x, size_t n);
/*
 * One Adam update of n weights, the same float32 operations in the same order as FlatAdam's tfjs ops:
 *   m' = m*beta1 + g*gScale,  v' = v*beta2 + (g*g)*sqScale,  w' = w + (m' * -stepSize) / (sqrt(v') + epsilon)
 * m and v are NULL on the first step (m' = g*gScale, v' = (g*g)*sqScale).
 */
void adamStep(size_t n, const float* g, const float* m, const float* v, const float* w, float* mOut, float* vOut, float* wOut,
              float gScale, float sqScale, float beta1, float beta2, float stepSize, float epsilon);
#endif
