/*
 * Node-API binding of gemm.c. `matMul(heap, aOffset, bOffset, outOffset, batch, m, n, k, transA,
 * transB, aStride, bStride)` multiplies float32 matrices that live in `heap` (the wasm backend's memory,
 * an ArrayBuffer) at byte offsets, batch entries `aStride` / `bStride` bytes apart (0: broadcast), into
 * `outOffset` (entries m*n floats apart). Node-API is ABI-stable, so one build serves Node and
 * VS Code's Electron; the module is context-aware, so worker threads can load it too.
 */
#include <node_api.h>
#include <stdint.h>

#include "gemm.h"

static napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value MatMul(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value args[12];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != 12) return fail(env, "matMul takes 12 arguments");
  void* data = NULL;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, args[0], &data, &length) != napi_ok) return fail(env, "matMul: heap must be an ArrayBuffer");
  double v[11];
  for (int i = 0; i < 11; i++) {
    if (napi_get_value_double(env, args[i + 1], &v[i]) != napi_ok) return fail(env, "matMul: arguments 2-12 must be numbers");
  }
  const double aOffset = v[0], bOffset = v[1], outOffset = v[2], batch = v[3], m = v[4], n = v[5], k = v[6];
  const int transA = v[7] != 0, transB = v[8] != 0;
  const double aStride = v[9], bStride = v[10];
  if (batch < 1 || m < 0 || n < 0 || k < 0 || aOffset < 0 || bOffset < 0 || outOffset < 0 || aStride < 0 || bStride < 0) {
    return fail(env, "matMul: negative size or offset");
  }
  const double end = (double)length;
  if (aOffset + (batch - 1) * aStride + m * k * 4 > end || bOffset + (batch - 1) * bStride + k * n * 4 > end
      || outOffset + batch * m * n * 4 > end) {
    return fail(env, "matMul: operands outside the heap");
  }
  uint8_t* heap = (uint8_t*)data;
  for (int64_t i = 0; i < (int64_t)batch; i++) {
    const float* a = (const float*)(heap + (size_t)(aOffset + i * aStride));
    const float* b = (const float*)(heap + (size_t)(bOffset + i * bStride));
    float* out = (float*)(heap + (size_t)(outOffset + i * m * n * 4));
    if (sgemm((int)m, (int)n, (int)k, a, transA, b, transB, out) != 0) return fail(env, "matMul: out of memory");
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn, supported;
  napi_create_function(env, "matMul", NAPI_AUTO_LENGTH, MatMul, NULL, &fn);
  napi_set_named_property(env, exports, "matMul", fn);
  napi_get_boolean(env, gemmSupported(), &supported);
  napi_set_named_property(env, exports, "supported", supported);
  return exports;
}
