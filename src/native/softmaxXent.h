#ifndef SEQ2SEQ_SOFTMAX_XENT_H
#define SEQ2SEQ_SOFTMAX_XENT_H
#include <stdint.h>
/*
 * Softmax cross-entropy of logits x [rows, classes] at integer labels, weighted per row (the mask of
 * padded target steps, or the mask over the batch's real tokens):
 *   lse[r]  = log sum_j exp(x[r, j])
 *   loss[r] = w[r] * (lse[r] - x[r, label[r]])
 * A row of weight 0 is not read: its loss and lse are 0. A row holding NaN gets lse NaN. Returns -1, or
 * the first row whose label lies outside [0, classes) (nothing is computed then). Needs AVX2/FMA.
 */
int softmaxXentForward(int rows, int classes, const float* x, const int32_t* labels, const float* w, float* lse, float* loss);
/*
 * The gradient with respect to x, given g[r] = dLoss/dloss[r] * w[r]:
 *   dx[r, j] = g[r] * (exp(x[r, j] - lse[r]) - [j == label[r]])
 * Rows with g 0 are written as zeros without being read. Returns as the forward does.
 */
int softmaxXentBackward(int rows, int classes, const float* x, const int32_t* labels, const float* lse, const float* g, float* dx);
#endif
