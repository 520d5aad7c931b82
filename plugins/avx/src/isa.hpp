// Which instruction set the GEMM kernels of an instance use. The probe finds the best one this
// machine runs; the "isa" setting or the STRATA_AVX_ISA environment variable may force the AVX2
// kernels (to test both paths on an AVX-512 machine, or to compare them). Portable code.
#pragma once

#include <strata/backend.h>

#include <string_view>

namespace strata_avx {

enum class Isa { kAvx2, kAvx512 };

std::string_view isa_name(Isa isa);

// The ISA an instance runs: `requested` is the "isa" setting as JSON text (a string: "auto",
// "avx2" or "avx512"; empty when absent), `env` the STRATA_AVX_ISA variable (the bare word, or
// NULL), which wins over the setting. "auto" picks `best`; asking for AVX-512 on a machine
// without it is an error, never a fallback.
strata_error* choose_isa(Isa best, std::string_view requested, const char* env, Isa* out);

}  // namespace strata_avx
