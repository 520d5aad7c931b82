// Element types as the conformance suite sees them: names ("f32"), sizes, and an encoder and
// decoder for every dtype written from the IEEE definitions, independent of any plugin, so
// staged inputs and expected values never depend on the code under test.
#pragma once

#include <strata/backend.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "conformance/options.hpp"  // dtype_name, parse_dtype

namespace strata::conformance {

inline constexpr std::array kAllDtypes = {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16,
                                          STRATA_I32, STRATA_I64, STRATA_U8};
inline constexpr std::array kFloatDtypes = {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16};

size_t dtype_size(strata_dtype dtype);
bool is_float(strata_dtype dtype);

// `value` as one element of `dtype` at `dst`: floats round to nearest even (overflow gives
// infinity); integers truncate toward zero and saturate, NaN giving 0 (STRATA_OP_CAST's rule).
void encode(strata_dtype dtype, double value, std::byte* dst);
// One element as a double (i64 beyond 2^53 rounds; compare such elements by their bytes).
double decode(strata_dtype dtype, const std::byte* src);
// `value` after a round trip through `dtype`.
double round_to(strata_dtype dtype, double value);

// The element that fills everything the suite does not put data in: a NaN for float dtypes
// (so an unwritten output or a leaked read shows up as NaN), 0xA5 bytes for integers.
void encode_sentinel(strata_dtype dtype, std::byte* dst);

}  // namespace strata::conformance
