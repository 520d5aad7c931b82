// Include this after every other header of an AVX-512 kernel file, in a block of its own: every
// function defined after it is compiled for AVX-512 (F, DQ, BW, VL) as well as AVX2 and FMA.
// The rules of avx2/target.hpp apply unchanged (baseline headers first, internal linkage, no
// dynamic initialisers), and one more: this code runs only when the probe found AVX-512 and
// the OS saving its state, and the instance chose it (Isa::kAvx512). tests/avx/check_isa.cmake
// verifies that no other object holds an AVX-512 instruction.
#pragma once

#include "avx2/target.hpp"

#pragma GCC target("avx2,fma,avx512f,avx512dq,avx512bw,avx512vl")

#define STRATA_AVX512_REGION 1
