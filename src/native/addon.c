/*
 * Node-API binding of the C kernels (gemm.c, lstmCell.c, lstmSequence.c, softmaxXent.c, adam.c,
 * sums.c, activation.c). Operands are float32 arrays in `heap` (the wasm backend's memory, an ArrayBuffer) at
 * byte offsets; every range is checked against the heap first.
 *  - `matMul(heap, aOffset, bOffset, outOffset, batch, m, n, k, transA, transB, aStride, bStride, bKey)`:
 *    batch entries `aStride` / `bStride` bytes apart (0: broadcast), outputs m*n floats apart; `bKey`
 *    > 0 names the right operand's contents so that its packed form may be kept (gemm.h; 0: no);
 *  - `matMulWithKernel(heap, kernel, aOffset, bOffset, outOffset, m, n, k, transA, transB)`: one product through
 *    the micro-kernel `matrixKernels[kernel]` (the tests check each one this CPU runs); `matrixKernel` names
 *    the one matMul uses;
 *  - `lstmForward(heap, z, c, act, tc, h, cNew, batch, hidden)`, `lstmBackward(heap, dh, dc, act, tc, c,
 *    dz, dcPrev, batch, hidden)`: one LSTM step (offsets of each tensor);
 *  - `lstmSequenceForward(heap, zx, wh, masks, h0, c0, hs, hPrev, cPrev, act, tc, hLast, cLast, steps, batch, hidden,
 *    reverse, hasMasks, whKey)`, `lstmSequenceBackward(heap, dOut, wh, masks, act, tc, cPrev, dhIn, dcIn, dz, dhOut,
 *    dcOut, steps, batch, hidden, reverse, hasMasks, whKey)`: a chunk of LSTM steps (lstmSequence.h);
 *  - `softmaxXentForward(heap, x, labels, w, lse, loss, rows, classes)`, `softmaxXentBackward(heap, x, labels, lse, g,
 *    dx, rows, classes)`: the output layer's softmax cross-entropy (softmaxXent.h; labels are int32);
 *  - `sumOfSquares(heap, x, n)` -> number; `adamStep(heap, g, m, v, w, mOut, vOut, wOut, n, first, gScale, sqScale,
 *    beta1, beta2, stepSize, epsilon)`: one optimizer update of n weights (m and v unread when `first`);
 *  - `columnSums(heap, x, out, rows, cols)`: out[j] = the sum of column j of x [rows, cols];
 *    `segmentSums(heap, x, ids, out, rows, inner, segments)`: out[s] = the sum of the rows of x whose id
 *    (int32) is s (sums.h);
 *  - `tanh(heap, x, out, n)`: out = tanh(x) over n floats (activation.h).
 * Node-API is ABI-stable, so one build serves Node and VS Code's Electron; the module is context-aware,
 * so worker threads can load it too.
 */
#include "isa.h"
#include <node_api.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "activation.h"
#include "adam.h"
#include "gemm.h"
#include "gemmKernels.h"
#include "lstmCell.h"
#include "lstmSequence.h"
#include "softmaxXent.h"
#include "sums.h"

/* Whether this CPU runs the AVX2/FMA code (set once when the module loads). */
static int cpuSupported = 0;

/* Largest integer a double holds exactly: offsets and sizes beyond it cannot be checked exactly. */
#define MAX_EXACT_INTEGER 9007199254740991.0
/* Largest size the C kernels take (they count rows and columns in `int`). */
#define MAX_SIZE 2147483647.0

/*
 * Reads the heap and `count` numbers after it: the first `integers` must be integral, non-negative and
 * exactly representable (offsets, sizes, flags, keys), the rest finite (scalars). 0 on success (a
 * TypeError / RangeError is thrown otherwise): no cast of a NaN, negative or huge value ever happens.
 */
static int readArgs(napi_env env, napi_callback_info info, size_t count, size_t integers, uint8_t** heap, size_t* length, double* v) {
  if (!cpuSupported) {
    napi_throw_error(env, NULL, "this CPU lacks AVX2/FMA");
    return -1;
  }
  size_t argc = 24;
  napi_value args[24];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != count + 1) {
    napi_throw_error(env, NULL, "wrong number of arguments");
    return -1;
  }
  void* data = NULL;
  if (napi_get_arraybuffer_info(env, args[0], &data, length) != napi_ok) {
    napi_throw_error(env, NULL, "the heap must be an ArrayBuffer");
    return -1;
  }
  *heap = (uint8_t*)data;
  for (size_t i = 0; i < count; i++) {
    if (napi_get_value_double(env, args[i + 1], &v[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, "arguments after the heap must be numbers");
      return -1;
    }
    const double x = v[i];
    if (!isfinite(x)) {
      napi_throw_range_error(env, NULL, "arguments must be finite numbers");
      return -1;
    }
    if (i < integers && (x < 0 || x > MAX_EXACT_INTEGER || x != (double)(int64_t)x)) {
      napi_throw_range_error(env, NULL, "offsets and sizes must be non-negative integers");
      return -1;
    }
  }
  return 0;
}

/* Sizes v[from .. to-1] fit the kernels' `int`. */
static int sizesFit(napi_env env, const double* v, int from, int to) {
  for (int i = from; i < to; i++) {
    if (v[i] > MAX_SIZE) {
      napi_throw_range_error(env, NULL, "sizes must be below 2^31");
      return 0;
    }
  }
  return 1;
}

/* Byte offsets v[0 .. offsets-1] are float-aligned (checked after the heap ranges). */
static int aligned(napi_env env, const double* v, int offsets) {
  for (int i = 0; i < offsets; i++) {
    if ((int64_t)v[i] % 4 != 0) {
      napi_throw_range_error(env, NULL, "byte offsets must be multiples of 4 (float32 data)");
      return 0;
    }
  }
  return 1;
}

/* Whether each of the first `count` offsets in v, plus `floats` floats, lies within the heap (throws `what` if not). */
static int inHeap(napi_env env, size_t length, const double* v, int count, double floats, const char* what) {
  for (int i = 0; i < count; i++) {
    if (v[i] + floats * 4 > (double)length) {
      napi_throw_error(env, NULL, what);
      return 0;
    }
  }
  return 1;
}

/* The float arrays at byte offsets v[0 .. count-1] of the heap (already checked against it). */
static void operands(uint8_t* heap, const double* v, int count, float** p) {
  for (int i = 0; i < count; i++) p[i] = (float*)(heap + (size_t)v[i]);
}

/* Offsets v[0 .. tensors-1], then batch and hidden: gate-sized tensors (4H per row) flagged in `wide`. */
static int lstmInHeap(napi_env env, size_t length, const double* v, int tensors, const int* wide) {
  const double batch = v[tensors], hidden = v[tensors + 1];
  for (int i = 0; i < tensors; i++) {
    if (!inHeap(env, length, &v[i], 1, batch * hidden * (wide[i] ? 4 : 1), "lstm step: operands outside the heap")) return 0;
  }
  return 1;
}

static napi_value MatMul(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[12];
  if (readArgs(env, info, 12, 12, &heap, &length, v) || !sizesFit(env, v, 3, 7)) return NULL;
  const double aOffset = v[0], bOffset = v[1], outOffset = v[2], batch = v[3], m = v[4], n = v[5], k = v[6];
  const int transA = v[7] != 0, transB = v[8] != 0;
  const double aStride = v[9], bStride = v[10];
  /* Batch entries with their own right operands have no one key. */
  const double bKey = bStride == 0 ? v[11] : 0;
  const double end = (double)length;
  if (batch < 1 || aOffset + (batch - 1) * aStride + m * k * 4 > end || bOffset + (batch - 1) * bStride + k * n * 4 > end
      || outOffset + batch * m * n * 4 > end) {
    napi_throw_error(env, NULL, "matMul: operands outside the heap");
    return NULL;
  }
  if (!aligned(env, v, 3)) return NULL;
  if ((int64_t)v[9] % 4 != 0 || (int64_t)v[10] % 4 != 0) {
    napi_throw_range_error(env, NULL, "matMul: strides must be multiples of 4 bytes");
    return NULL;
  }
  for (int64_t i = 0; i < (int64_t)batch; i++) {
    const float* a = (const float*)(heap + (size_t)(aOffset + i * aStride));
    const float* b = (const float*)(heap + (size_t)(bOffset + i * bStride));
    float* out = (float*)(heap + (size_t)(outOffset + i * m * n * 4));
    if (sgemm((int)m, (int)n, (int)k, a, transA, b, transB, out, bKey) != 0) {
      napi_throw_error(env, NULL, "matMul: out of memory");
      return NULL;
    }
  }
  return NULL;
}

/* matMulWithKernel(heap, kernel, aOffset, bOffset, outOffset, m, n, k, transA, transB): one product through a chosen micro-kernel. */
static napi_value MatMulWithKernel(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[9];
  if (readArgs(env, info, 9, 9, &heap, &length, v) || !sizesFit(env, v, 4, 7)) return NULL;
  const double m = v[4], n = v[5], k = v[6], end = (double)length;
  if (v[0] >= GEMM_KERNEL_COUNT || !GEMM_KERNELS[(int)v[0]].runsHere()) {
    napi_throw_range_error(env, NULL, "matMulWithKernel: no such kernel on this CPU");
    return NULL;
  }
  if (v[1] + m * k * 4 > end || v[2] + k * n * 4 > end || v[3] + m * n * 4 > end) {
    napi_throw_error(env, NULL, "matMulWithKernel: operands outside the heap");
    return NULL;
  }
  if (!aligned(env, v + 1, 3)) return NULL;
  float* p[3];
  operands(heap, v + 1, 3, p);
  if (sgemmWithKernel((int)v[0], (int)m, (int)n, (int)k, p[0], v[7] != 0, p[1], v[8] != 0, p[2]) != 0) {
    napi_throw_error(env, NULL, "matMulWithKernel: out of memory");
  }
  return NULL;
}

/* [{ name, runsHere }] for GEMM_KERNELS, by index (the kernel argument of matMulWithKernel). */
static napi_value kernelList(napi_env env) {
  napi_value list, entry, value;
  napi_create_array_with_length(env, (size_t)GEMM_KERNEL_COUNT, &list);
  for (int i = 0; i < GEMM_KERNEL_COUNT; i++) {
    napi_create_object(env, &entry);
    napi_create_string_utf8(env, GEMM_KERNELS[i].name, NAPI_AUTO_LENGTH, &value);
    napi_set_named_property(env, entry, "name", value);
    napi_get_boolean(env, GEMM_KERNELS[i].runsHere(), &value);
    napi_set_named_property(env, entry, "runsHere", value);
    napi_set_element(env, list, (uint32_t)i, entry);
  }
  return list;
}

static napi_value LstmForward(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[8];
  static const int wide[6] = {1, 0, 1, 0, 0, 0};
  if (readArgs(env, info, 8, 8, &heap, &length, v) || !sizesFit(env, v, 6, 8) || !lstmInHeap(env, length, v, 6, wide) || !aligned(env, v, 6)) return NULL;
  float* p[6];
  operands(heap, v, 6, p);
  lstmCellForward((int)v[6], (int)v[7], p[0], p[1], p[2], p[3], p[4], p[5]);
  return NULL;
}

static napi_value LstmBackward(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[9];
  static const int wide[7] = {0, 0, 1, 0, 0, 1, 0};
  if (readArgs(env, info, 9, 9, &heap, &length, v) || !sizesFit(env, v, 7, 9) || !lstmInHeap(env, length, v, 7, wide) || !aligned(env, v, 7)) return NULL;
  float* p[7];
  operands(heap, v, 7, p);
  lstmCellBackward((int)v[7], (int)v[8], p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
  return NULL;
}

/*
 * A chunk's operands: offsets v[0 .. count-1], then steps, batch, hidden, reverse, hasMasks, whKey. Each
 * tensor's size is given in floats per step and batch row (`perRow`, 0 for the weight [H, 4H]) and
 * whether it has one such block per step (`perStep`); the masks (offset 2) are [steps, batch].
 */
static int sequenceInHeap(napi_env env, size_t length, const double* v, int count, const double* perRow, const int* perStep) {
  const double steps = v[count], batch = v[count + 1], hidden = v[count + 2];
  const int hasMasks = v[count + 4] != 0;
  if (steps < 1 || batch < 1 || hidden < 1) {
    napi_throw_error(env, NULL, "lstm sequence: empty shape");
    return 0;
  }
  for (int i = 0; i < count; i++) {
    double floats;
    if (i == 1) floats = hidden * 4 * hidden;
    else if (i == 2) floats = hasMasks ? steps * batch : 0;
    else floats = (perStep[i] ? steps : 1) * batch * perRow[i] * hidden;
    if (!inHeap(env, length, &v[i], 1, floats, "lstm sequence: operands outside the heap")) return 0;
  }
  return 1;
}

/*
 * A chunk call's `count` offsets and six sizes, checked against the heap, and its operands (the masks,
 * offset 2, NULL when it has none); 0 on success (an error is thrown otherwise).
 */
static int sequenceArgs(napi_env env, napi_callback_info info, int count, const double* perRow, const int* perStep, double* v, float** p) {
  uint8_t* heap;
  size_t length;
  if (readArgs(env, info, count + 6, count + 6, &heap, &length, v) || !sizesFit(env, v, count, count + 3)
      || !sequenceInHeap(env, length, v, count, perRow, perStep) || !aligned(env, v, count)) return -1;
  operands(heap, v, count, p);
  if (v[count + 4] == 0) p[2] = NULL;
  return 0;
}

static napi_value LstmSequenceForward(napi_env env, napi_callback_info info) {
  /* zx, wh, masks, h0, c0, hs, hPrev, cPrev, act, tc, hLast, cLast */
  static const double perRow[12] = {4, 0, 0, 1, 1, 1, 1, 1, 4, 1, 1, 1};
  static const int perStep[12] = {1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
  double v[18];
  float* p[12];
  if (sequenceArgs(env, info, 12, perRow, perStep, v, p)) return NULL;
  if (lstmSequenceForward((int)v[12], (int)v[13], (int)v[14], v[15] != 0, p[0], p[1], v[17], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                          p[9], p[10], p[11]) != 0) {
    napi_throw_error(env, NULL, "lstm sequence: out of memory");
  }
  return NULL;
}

static napi_value LstmSequenceBackward(napi_env env, napi_callback_info info) {
  /* dOut, wh, masks, act, tc, cPrev, dhIn, dcIn, dz, dhOut, dcOut */
  static const double perRow[11] = {1, 0, 0, 4, 1, 1, 1, 1, 4, 1, 1};
  static const int perStep[11] = {1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0};
  double v[17];
  float* p[11];
  if (sequenceArgs(env, info, 11, perRow, perStep, v, p)) return NULL;
  if (lstmSequenceBackward((int)v[11], (int)v[12], (int)v[13], v[14] != 0, p[0], p[1], v[16], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                           p[9], p[10]) != 0) {
    napi_throw_error(env, NULL, "lstm sequence: out of memory");
  }
  return NULL;
}

/*
 * Offsets v[0 .. 4] (x and the output/gradient of [rows, classes] are `wide`), then rows and classes;
 * a label outside [0, classes) is a RangeError naming its row.
 */
static int xentArgs(napi_env env, napi_callback_info info, const int* wide, double* v, float** p) {
  uint8_t* heap;
  size_t length;
  if (readArgs(env, info, 7, 7, &heap, &length, v) || !sizesFit(env, v, 5, 7)) return -1;
  if (v[5] < 1 || v[6] < 1) {
    napi_throw_error(env, NULL, "softmax cross-entropy: empty shape");
    return -1;
  }
  for (int i = 0; i < 5; i++) {
    if (!inHeap(env, length, &v[i], 1, v[5] * (wide[i] ? v[6] : 1), "softmax cross-entropy: operands outside the heap")) return -1;
  }
  if (!aligned(env, v, 5)) return -1;
  operands(heap, v, 5, p);
  return 0;
}

static void throwBadLabel(napi_env env, int row) {
  char message[96];
  snprintf(message, sizeof message, "softmax cross-entropy: the label of row %d is outside the vocabulary", row);
  napi_throw_range_error(env, NULL, message);
}

static napi_value SoftmaxXentForward(napi_env env, napi_callback_info info) {
  /* x, labels, w, lse, loss */
  static const int wide[5] = {1, 0, 0, 0, 0};
  double v[7];
  float* p[5];
  if (xentArgs(env, info, wide, v, p)) return NULL;
  const int bad = softmaxXentForward((int)v[5], (int)v[6], p[0], (const int32_t*)p[1], p[2], p[3], p[4]);
  if (bad >= 0) throwBadLabel(env, bad);
  return NULL;
}

static napi_value SoftmaxXentBackward(napi_env env, napi_callback_info info) {
  /* x, labels, lse, g, dx */
  static const int wide[5] = {1, 0, 0, 0, 1};
  double v[7];
  float* p[5];
  if (xentArgs(env, info, wide, v, p)) return NULL;
  const int bad = softmaxXentBackward((int)v[5], (int)v[6], p[0], (const int32_t*)p[1], p[2], p[3], p[4]);
  if (bad >= 0) throwBadLabel(env, bad);
  return NULL;
}

static napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[2];
  if (readArgs(env, info, 2, 2, &heap, &length, v) || !inHeap(env, length, v, 1, v[1], "sumOfSquares: operand outside the heap")
      || !aligned(env, v, 1)) return NULL;
  napi_value result;
  napi_create_double(env, sumOfSquares((const float*)(heap + (size_t)v[0]), (size_t)v[1]), &result);
  return result;
}

static napi_value AdamStep(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[15];
  if (readArgs(env, info, 15, 9, &heap, &length, v) || !inHeap(env, length, v, 7, v[7], "adamStep: operands outside the heap")
      || !aligned(env, v, 7)) return NULL;
  const int first = v[8] != 0;
  float* p[7];
  operands(heap, v, 7, p);
  adamStep((size_t)v[7], p[0], first ? NULL : p[1], first ? NULL : p[2], p[3], p[4], p[5], p[6],
           (float)v[9], (float)v[10], (float)v[11], (float)v[12], (float)v[13], (float)v[14]);
  return NULL;
}

static napi_value ColumnSums(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[4];
  if (readArgs(env, info, 4, 4, &heap, &length, v) || !sizesFit(env, v, 2, 4)
      || !inHeap(env, length, v, 1, v[2] * v[3], "columnSums: operands outside the heap")
      || !inHeap(env, length, v + 1, 1, v[3], "columnSums: operands outside the heap") || !aligned(env, v, 2)) return NULL;
  float* p[2];
  operands(heap, v, 2, p);
  columnSums(p[0], p[1], (size_t)v[2], (size_t)v[3]);
  return NULL;
}

static napi_value SegmentSums(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[6];
  if (readArgs(env, info, 6, 6, &heap, &length, v) || !sizesFit(env, v, 3, 6)
      || !inHeap(env, length, v, 1, v[3] * v[4], "segmentSums: operands outside the heap")
      || !inHeap(env, length, v + 1, 1, v[3], "segmentSums: operands outside the heap")
      || !inHeap(env, length, v + 2, 1, v[5] * v[4], "segmentSums: operands outside the heap") || !aligned(env, v, 3)) return NULL;
  float* p[3];
  operands(heap, v, 3, p);
  segmentSums(p[0], (const int*)p[1], p[2], (size_t)v[3], (size_t)v[4], (size_t)v[5]);
  return NULL;
}

static napi_value Tanh(napi_env env, napi_callback_info info) {
  uint8_t* heap;
  size_t length;
  double v[3];
  if (readArgs(env, info, 3, 3, &heap, &length, v) || !inHeap(env, length, v, 2, v[2], "tanh: operands outside the heap")
      || !aligned(env, v, 2)) return NULL;
  float* p[2];
  operands(heap, v, 2, p);
  tanhArray(p[0], p[1], (size_t)v[2]);
  return NULL;
}

static void releaseBuffers(void* unused) {
  (void)unused;
  gemmReleaseThreadBuffers();
  lstmSequenceReleaseThreadBuffers();
}

NAPI_MODULE_INIT() {
  napi_value fn, supported;
  /* Once per Node environment (main thread or worker), on its own thread: its buffers go with it. */
  napi_add_env_cleanup_hook(env, releaseBuffers, NULL);
  napi_create_function(env, "matMul", NAPI_AUTO_LENGTH, MatMul, NULL, &fn);
  napi_set_named_property(env, exports, "matMul", fn);
  napi_create_function(env, "matMulWithKernel", NAPI_AUTO_LENGTH, MatMulWithKernel, NULL, &fn);
  napi_set_named_property(env, exports, "matMulWithKernel", fn);
  napi_create_function(env, "lstmForward", NAPI_AUTO_LENGTH, LstmForward, NULL, &fn);
  napi_set_named_property(env, exports, "lstmForward", fn);
  napi_create_function(env, "lstmBackward", NAPI_AUTO_LENGTH, LstmBackward, NULL, &fn);
  napi_set_named_property(env, exports, "lstmBackward", fn);
  napi_create_function(env, "lstmSequenceForward", NAPI_AUTO_LENGTH, LstmSequenceForward, NULL, &fn);
  napi_set_named_property(env, exports, "lstmSequenceForward", fn);
  napi_create_function(env, "lstmSequenceBackward", NAPI_AUTO_LENGTH, LstmSequenceBackward, NULL, &fn);
  napi_set_named_property(env, exports, "lstmSequenceBackward", fn);
  napi_create_function(env, "softmaxXentForward", NAPI_AUTO_LENGTH, SoftmaxXentForward, NULL, &fn);
  napi_set_named_property(env, exports, "softmaxXentForward", fn);
  napi_create_function(env, "softmaxXentBackward", NAPI_AUTO_LENGTH, SoftmaxXentBackward, NULL, &fn);
  napi_set_named_property(env, exports, "softmaxXentBackward", fn);
  napi_create_function(env, "sumOfSquares", NAPI_AUTO_LENGTH, SumOfSquares, NULL, &fn);
  napi_set_named_property(env, exports, "sumOfSquares", fn);
  napi_create_function(env, "adamStep", NAPI_AUTO_LENGTH, AdamStep, NULL, &fn);
  napi_set_named_property(env, exports, "adamStep", fn);
  napi_create_function(env, "columnSums", NAPI_AUTO_LENGTH, ColumnSums, NULL, &fn);
  napi_set_named_property(env, exports, "columnSums", fn);
  napi_create_function(env, "segmentSums", NAPI_AUTO_LENGTH, SegmentSums, NULL, &fn);
  napi_set_named_property(env, exports, "segmentSums", fn);
  napi_create_function(env, "tanh", NAPI_AUTO_LENGTH, Tanh, NULL, &fn);
  napi_set_named_property(env, exports, "tanh", fn);
  cpuSupported = gemmSupported();
  napi_get_boolean(env, cpuSupported, &supported);
  napi_set_named_property(env, exports, "supported", supported);
  napi_value name;
  napi_create_string_utf8(env, gemmKernelName(), NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, exports, "matrixKernel", name);
  napi_set_named_property(env, exports, "matrixKernels", kernelList(env));
  return exports;
}
