// Include this after every other header of a kernel file, in a block of its own: every function
// defined after it is compiled for AVX2 and FMA. Code compiled this way must never run before
// the probe has passed, so:
//  - all other headers (standard library, fmt, the portable headers of this plugin) come
//    before this one, keeping their inline functions and templates baseline x86-64 even when
//    instantiated below; the linker may then pick any copy without planting AVX2 code on the
//    probe's path. The standard headers the kernel headers use are included here, before the
//    switch, for the same reason;
//  - code after this include has internal linkage (unnamed namespaces) except the op entry
//    points and the GEMM's functions, so no AVX2 copy of a shared inline function can exist;
//  - no namespace-scope object with a dynamic initialiser (it would run at load time).
// tests/avx/check_isa.cmake verifies all three on the built objects.
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#pragma GCC target("avx2,fma")

#define STRATA_AVX2_REGION 1
