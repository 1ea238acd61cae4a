/*
 * The C kernels are written for x86-64 with AVX2/FMA, the matrix product also with AVX-512 (intrinsics,
 * vector types, `target` attributes, and a run-time `__builtin_cpu_supports` check before any of that
 * code runs). Elsewhere they must not compile at all:
 * build.sh and binding.gyp skip the build on other architectures, and this stops any other route.
 */
#ifndef SEQ2SEQ_ISA_H
#define SEQ2SEQ_ISA_H
#if !defined(__x86_64__) && !defined(_M_X64)
#error "src/native is x86-64 only (AVX2/FMA); other machines run the wasm kernels"
#endif
#endif
