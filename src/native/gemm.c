/*
 * Single-precision matrix product for the wasm backend's matmul kernels (kernels/matMul.ts; loaded by
 * kernels/nativeModule.ts). XNNPACK in wasm is limited to 128-bit SIMD, while the CPU has AVX2 and FMA,
 * and some have AVX-512. Panels of A and B are copied into contiguous strips (the BLIS layout, so
 * transposed operands cost only the packing), and a micro-kernel computes each tile of C: the widest
 * one this CPU runs (gemmKernels.c), chosen once when the module loads. One thread per call: the
 * training worker and its helper each use one core already.
 */
#include "isa.h"
#include "gemm.h"
#include "gemmKernels.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Rows of A packed per block (any kernel's mr divides it, so no strip but the last is padded). */
#define MC 96
/* Deepest block any kernel takes (sizes the scratch for packed A). */
#define KC_MAX 256

/*
 * Packing buffers per thread: the training worker and the gradient helper call in parallel. Each
 * thread's are freed by `gemmReleaseThreadBuffers` when its Node environment ends (addon.c registers
 * it as the environment's cleanup hook: it runs on that thread, before the module may be unloaded).
 */
static _Thread_local float* packedA = NULL;
static _Thread_local float* packedB = NULL;
static _Thread_local size_t packedBSize = 0;

/*
 * Right operands packed whole, kept for the next calls with the same operand. An LSTM multiplies by
 * the same recurrent weight at every time step (and by its transpose backwards): packing it again each
 * step cost as much as the product at batch 16, and ~25 % of it at batch 128. The caller names an
 * operand by a key that it never gives to other contents (kernels/matMul.ts: one per tensor; 0 = none).
 * An operand is packed into the cache on its third use: activations that a backward pass multiplies
 * by twice (a chunk's gate gradients, 4 MB for the book model) take the scratch buffer above, and the
 * cache holds weights. Least recently used entries give way; operands over CACHE_MAX_FLOATS are never
 * cached.
 */
#define CACHE_ENTRIES 4
#define CACHE_MAX_FLOATS (1u << 20)
#define SEEN_KEYS 8
#define USES_BEFORE_CACHING 2

typedef struct {
  double key;
  const float* b;
  /* The packed layout is the kernel's: another kernel never takes it. */
  const MicroKernel* kernel;
  int transB, k, n;
  float* data;
  size_t capacity;
  unsigned long lastUse;
} PackedOperand;

typedef struct {
  double key;
  int uses;
} SeenKey;

static _Thread_local PackedOperand cache[CACHE_ENTRIES];
static _Thread_local SeenKey seen[SEEN_KEYS];
static _Thread_local int seenNext = 0;
static _Thread_local unsigned long useClock = 0;

void gemmReleaseThreadBuffers(void) {
  free(packedA);
  free(packedB);
  packedA = NULL;
  packedB = NULL;
  packedBSize = 0;
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    free(cache[i].data);
    cache[i] = (PackedOperand){0};
  }
  for (int i = 0; i < SEEN_KEYS; i++) seen[i] = (SeenKey){0};
}

/* `floats` floats on a 64-byte boundary (aligned_alloc wants a whole number of alignments), or NULL. */
static float* allocFloats(size_t floats) {
  return aligned_alloc(64, ((floats * sizeof(float) + 63) / 64) * 64);
}

/* This thread's buffers, B grown to `bFloats` floats; 0 when out of memory. */
static int ensureBuffers(size_t bFloats) {
  if (!packedA) packedA = allocFloats((size_t)MC * KC_MAX);
  if (bFloats > packedBSize) {
    free(packedB);
    packedB = allocFloats(bFloats);
    packedBSize = packedB ? bFloats : 0;
  }
  return packedA && packedB;
}

/* op(X)[row, col] of an operand op(X) of `rows` x `cols`: X is row-major, or [cols, rows] when
 * transposed. A is (m, k) here, B is (k, n). */
static inline float at(const float* x, int trans, int rows, int cols, int row, int col) {
  return trans ? x[(size_t)col * rows + row] : x[(size_t)row * cols + col];
}

/*
 * The packing loops are inlined into one copy per kernel shape (packA, packB below), so that the
 * compiler sees the strip sizes as constants, as it did when there was one kernel.
 */
#define INLINE static inline __attribute__((always_inline))

/*
 * The packers read each operand in its own memory order, so that the hardware prefetcher sees one
 * sequential stream: a strip-by-strip walk of a row-major operand jumps a whole row (kilobytes) per
 * element and waits on memory at each. Full strips are copied without bounds checks (the compiler
 * turns the fixed-size inner copies into vector moves); only the last, partial strip is zero-padded.
 */

/* Rows i0 .. i0+mc of op(A), columns k0 .. k0+kc, as strips of `rows` rows (zero-padded). */
INLINE void packStripsA(int rows, const float* a, int transA, int m, int k, int i0, int mc, int k0, int kc, float* out) {
  const int full = mc / rows * rows;
  if (transA) {
    /* A is [K, M]: each of its rows is one depth step of every strip. */
    for (int p = 0; p < kc; p++) {
      const float* src = a + (size_t)(k0 + p) * m + i0;
      float* dst = out + (size_t)p * rows;
      for (int i = 0; i < full; i += rows, dst += (size_t)kc * rows) {
        for (int r = 0; r < rows; r++) dst[r] = src[i + r];
      }
    }
  } else {
    /* A is [M, K]: a strip's rows are read side by side, each in order. */
    for (int i = 0; i < full; i += rows) {
      const float* src = a + (size_t)(i0 + i) * k + k0;
      float* dst = out + (size_t)i * kc;
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < rows; r++) dst[(size_t)p * rows + r] = src[(size_t)r * k + p];
      }
    }
  }
  if (full == mc) return;
  float* dst = out + (size_t)full * kc;
  for (int p = 0; p < kc; p++) {
    for (int r = 0; r < rows; r++) *dst++ = full + r < mc ? at(a, transA, m, k, i0 + full + r, k0 + p) : 0.0f;
  }
}

/* op(B)[k, col]: B is [K, N] row-major, or [N, K] when transposed. Columns as strips `cols` wide. */
INLINE void packStripsB(int cols, const float* b, int transB, int k, int n, int k0, int kc, float* out) {
  const int full = n / cols * cols;
  if (transB) {
    /* B's rows are op(B)'s columns: each is read along its length, and written down the strip. */
    for (int j = 0; j < full; j += cols) {
      float* dst = out + (size_t)j * kc;
      for (int c = 0; c < cols; c++) {
        const float* src = b + (size_t)(j + c) * k + k0;
        for (int p = 0; p < kc; p++) dst[(size_t)p * cols + c] = src[p];
      }
    }
  } else {
    /* B is [K, N]: each of its rows is one depth step of every strip. */
    for (int p = 0; p < kc; p++) {
      const float* src = b + (size_t)(k0 + p) * n;
      float* dst = out + (size_t)p * cols;
      for (int j = 0; j < full; j += cols, dst += (size_t)kc * cols) {
        for (int c = 0; c < cols; c++) dst[c] = src[j + c];
      }
    }
  }
  if (full == n) return;
  float* dst = out + (size_t)full * kc;
  for (int p = 0; p < kc; p++) {
    for (int c = 0; c < cols; c++) *dst++ = full + c < n ? at(b, transB, k, n, k0 + p, full + c) : 0.0f;
  }
}

static void packA(int rows, const float* a, int transA, int m, int k, int i0, int mc, int k0, int kc, float* out) {
  if (rows == 6) packStripsA(6, a, transA, m, k, i0, mc, k0, kc, out);
  else if (rows == 12) packStripsA(12, a, transA, m, k, i0, mc, k0, kc, out);
  else packStripsA(rows, a, transA, m, k, i0, mc, k0, kc, out);
}

static void packB(int cols, const float* b, int transB, int k, int n, int k0, int kc, float* out) {
  if (cols == 16) packStripsB(16, b, transB, k, n, k0, kc, out);
  else if (cols == 32) packStripsB(32, b, transB, k, n, k0, kc, out);
  else packStripsB(cols, b, transB, k, n, k0, kc, out);
}

/*
 * The kernel sgemm uses: the fastest that runs here. Set by gemmSupported when the module loads, which
 * each worker thread's Node environment does again (the same value): atomic, so those writes do not race.
 */
static const MicroKernel* _Atomic chosen = NULL;

int gemmSupported(void) {
  /* The LSTM and loss kernels are AVX2/FMA code too. */
  if (!cpuHasAvx2Fma()) return 0;
  /* SEQ2SEQ_MATRIX_KERNEL names a kernel to use instead (one that runs here): to measure one against another. */
  const char* wanted = getenv("SEQ2SEQ_MATRIX_KERNEL");
  const MicroKernel* pick = NULL;
  for (int i = 0; i < GEMM_KERNEL_COUNT; i++) {
    const MicroKernel* kern = &GEMM_KERNELS[i];
    if (!kern->runsHere()) continue;
    if (!pick) pick = kern;
    if (wanted && strcmp(wanted, kern->name) == 0) {
      pick = kern;
      break;
    }
  }
  atomic_store_explicit(&chosen, pick, memory_order_relaxed);
  return pick != NULL;
}

const char* gemmKernelName(void) {
  const MicroKernel* kern = atomic_load_explicit(&chosen, memory_order_relaxed);
  return kern ? kern->name : "none";
}

static void packBWhole(const MicroKernel* kern, const float* b, int transB, int k, int n, size_t npad, float* out) {
  const int KC = kern->kc;
  for (int k0 = 0; k0 < k; k0 += KC) packB(kern->nr, b, transB, k, n, k0, k - k0 < KC ? k - k0 : KC, out + npad * k0);
}

/* The packed operand from the cache (packed now if needed), or NULL: the caller packs into scratch. */
static const float* cachedB(const MicroKernel* kern, double key, const float* b, int transB, int k, int n, size_t npad) {
  if (key <= 0 || npad * (size_t)k > CACHE_MAX_FLOATS) return NULL;
  useClock++;
  PackedOperand* victim = &cache[0];
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    PackedOperand* e = &cache[i];
    if (e->data && e->key == key && e->b == b && e->kernel == kern && e->transB == transB && e->k == k && e->n == n) {
      e->lastUse = useClock;
      return e->data;
    }
    if (e->lastUse < victim->lastUse) victim = e;
  }
  SeenKey* sighting = NULL;
  for (int i = 0; i < SEEN_KEYS; i++) {
    if (seen[i].key == key) sighting = &seen[i];
  }
  if (!sighting) {
    seen[seenNext] = (SeenKey){key, 0};
    sighting = &seen[seenNext];
    seenNext = (seenNext + 1) % SEEN_KEYS;
  }
  if (sighting->uses++ < USES_BEFORE_CACHING) return NULL;
  const size_t floats = npad * (size_t)k;
  if (victim->capacity < floats) {
    free(victim->data);
    victim->data = allocFloats(floats);
    victim->capacity = victim->data ? floats : 0;
    if (!victim->data) {
      *victim = (PackedOperand){0};
      return NULL;
    }
  }
  victim->key = key;
  victim->b = b;
  victim->kernel = kern;
  victim->transB = transB;
  victim->k = k;
  victim->n = n;
  victim->lastUse = useClock;
  packBWhole(kern, b, transB, k, n, npad, victim->data);
  return victim->data;
}

static int sgemmWith(const MicroKernel* kern, int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c, double bKey) {
  if (m <= 0 || n <= 0) return 0;
  if (k <= 0) {
    for (size_t i = 0; i < (size_t)m * n; i++) c[i] = 0.0f;
    return 0;
  }
  const int MR = kern->mr, NR = kern->nr, KC = kern->kc;
  const size_t npad = (size_t)((n + NR - 1) / NR) * NR;
  if (!ensureBuffers(npad * KC)) return -1;
  const float* whole = cachedB(kern, bKey, b, transB, k, n, npad);
  for (int k0 = 0; k0 < k; k0 += KC) {
    int kc = k - k0 < KC ? k - k0 : KC;
    const float* block = whole ? whole + npad * k0 : packedB;
    if (!whole) packB(NR, b, transB, k, n, k0, kc, packedB);
    for (int i0 = 0; i0 < m; i0 += MC) {
      int mc = m - i0 < MC ? m - i0 : MC;
      packA(MR, a, transA, m, k, i0, mc, k0, kc, packedA);
      for (int j = 0; j < n; j += NR) {
        int nr = n - j < NR ? n - j : NR;
        for (int i = 0; i < mc; i += MR) {
          int mr = mc - i < MR ? mc - i : MR;
          kern->run(kc, packedA + (size_t)i * kc, block + (size_t)j * kc, c + (size_t)(i0 + i) * n + j, n, mr, nr, k0 > 0);
        }
      }
    }
  }
  return 0;
}

int sgemm(int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c, double bKey) {
  return sgemmWith(atomic_load_explicit(&chosen, memory_order_relaxed), m, n, k, a, transA, b, transB, c, bKey);
}

int sgemmWithKernel(int kernel, int m, int n, int k, const float* a, int transA, const float* b, int transB, float* c) {
  if (kernel < 0 || kernel >= GEMM_KERNEL_COUNT || !GEMM_KERNELS[kernel].runsHere()) return -2;
  return sgemmWith(&GEMM_KERNELS[kernel], m, n, k, a, transA, b, transB, c, 0);
}
