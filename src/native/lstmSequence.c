/*
 * A chunk of LSTM time steps per call. The per-step path (kernels/lstmCell.ts) costs a recurrent
 * product, an addition and a cell kernel forwards and as many backwards, each a tfjs kernel call with
 * its own dispatch (~30 µs) and its own saved tensors: for the default model that overhead was most of
 * a training step. Here the loop over steps runs in C with the same operations in the same order: the
 * product by the recurrent weight (sgemm, its packed form kept), z = zx + h.Wh, the cell step of
 * lstmCell.c, and the mask blend h = hIn + m (h - hIn) as the composed ops compute it (built with
 * -ffp-contract=off, so the rounding matches).
 */
#include "isa.h"
#include "lstmSequence.h"

#include <stdlib.h>
#include <string.h>

#include "gemm.h"
#include "lstmCell.h"

/* Per-thread scratch (the training thread and the gradient helper call in parallel). */
static _Thread_local float* scratch = NULL;
static _Thread_local size_t scratchFloats = 0;

void lstmSequenceReleaseThreadBuffers(void) {
  free(scratch);
  scratch = NULL;
  scratchFloats = 0;
}

static float* scratchOf(size_t floats) {
  if (floats > scratchFloats) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratchFloats = scratch ? floats : 0;
  }
  return scratch;
}

/* Time index of the s-th step processed. */
static inline int timeOf(int steps, int reverse, int s) { return reverse ? steps - 1 - s : s; }

/* out = in + m (out - in) per row (m = mask of the row): padded rows keep `in`. */
static void blend(int batch, int width, const float* mask, const float* in, float* out) {
  for (int b = 0; b < batch; b++) {
    const float m = mask[b];
    const float* ir = in + (size_t)b * width;
    float* orow = out + (size_t)b * width;
    for (int j = 0; j < width; j++) orow[j] = ir[j] + m * (orow[j] - ir[j]);
  }
}

int lstmSequenceForward(int steps, int batch, int hidden, int reverse, const float* zx, const float* wh, double whKey,
                        const float* masks, const float* h0, const float* c0, float* hs, float* hPrev, float* cPrev,
                        float* act, float* tc, float* hLast, float* cLast) {
  const size_t bh = (size_t)batch * hidden, bg = 4 * bh;
  float* z = scratchOf(bg);
  if (!z) return -1;
  const float* h = h0;
  const float* c = c0;
  for (int s = 0; s < steps; s++) {
    const int t = timeOf(steps, reverse, s);
    float* hp = hPrev + t * bh;
    float* cp = cPrev + t * bh;
    if (hp != h) memcpy(hp, h, bh * sizeof(float));
    if (cp != c) memcpy(cp, c, bh * sizeof(float));
    if (sgemm(batch, 4 * hidden, hidden, hp, 0, wh, 0, z, whKey) != 0) return -1;
    const float* zt = zx + t * bg;
    for (size_t i = 0; i < bg; i++) z[i] = zt[i] + z[i];
    /* The new cell state goes where the next step reads it: its cPrev, or cLast after the last step. */
    float* cOut = s + 1 < steps ? cPrev + timeOf(steps, reverse, s + 1) * bh : cLast;
    float* ht = hs + t * bh;
    lstmCellForward(batch, hidden, z, cp, act + t * bg, tc + t * bh, ht, cOut);
    if (masks) {
      blend(batch, hidden, masks + (size_t)t * batch, hp, ht);
      blend(batch, hidden, masks + (size_t)t * batch, cp, cOut);
    }
    h = ht;
    c = cOut;
  }
  memcpy(hLast, h, bh * sizeof(float));
  if (c != cLast) memcpy(cLast, c, bh * sizeof(float));
  return 0;
}

int lstmSequenceBackward(int steps, int batch, int hidden, int reverse, const float* dOut, const float* wh, double whKey,
                         const float* masks, const float* act, const float* tc, const float* cPrev, const float* dhIn,
                         const float* dcIn, float* dz, float* dhOut, float* dcOut) {
  const size_t bh = (size_t)batch * hidden, bg = 4 * bh;
  float* buf = scratchOf(4 * bh);
  if (!buf) return -1;
  float* dhStep = buf;
  float* dcStep = buf + bh;
  float* dhCarry = buf + 2 * bh;
  float* dcCarry = buf + 3 * bh;
  /* dhOut and dcOut carry the gradients from step to step. */
  memcpy(dhOut, dhIn, bh * sizeof(float));
  memcpy(dcOut, dcIn, bh * sizeof(float));
  for (int s = 0; s < steps; s++) {
    const int t = timeOf(steps, !reverse, s);
    const float* d = dOut + t * bh;
    for (size_t i = 0; i < bh; i++) dhStep[i] = dhOut[i] + d[i];
    if (masks) {
      const float* m = masks + (size_t)t * batch;
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < hidden; j++) {
          const size_t i = (size_t)b * hidden + j;
          const float dhAll = dhStep[i], dcAll = dcOut[i];
          dhStep[i] = m[b] * dhAll;
          dcStep[i] = m[b] * dcAll;
          dhCarry[i] = dhAll - dhStep[i];
          dcCarry[i] = dcAll - dcStep[i];
        }
      }
    } else {
      memcpy(dcStep, dcOut, bh * sizeof(float));
    }
    float* dzt = dz + t * bg;
    lstmCellBackward(batch, hidden, dhStep, dcStep, act + t * bg, tc + t * bh, cPrev + t * bh, dzt, dcOut);
    if (sgemm(batch, hidden, 4 * hidden, dzt, 0, wh, 1, dhOut, whKey) != 0) return -1;
    if (masks) {
      for (size_t i = 0; i < bh; i++) {
        dhOut[i] = dhOut[i] + dhCarry[i];
        dcOut[i] = dcOut[i] + dcCarry[i];
      }
    }
  }
  return 0;
}
