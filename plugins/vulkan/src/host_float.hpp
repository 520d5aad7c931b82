// Host-side rounding of doubles to the device's float formats, nearest even, as the
// reference backend rounds (strata/kit/half.hpp): the bits FILL stores and the values RANDOM's
// UNIFORM starts from.
#pragma once

#include <strata/backend.h>
#include <strata/kit/half.hpp>

#include <cstdint>

namespace strata_vk {

inline uint16_t f16_bits(double value) {
  return strata::kit::double_to_f16(value);
}
inline uint16_t bf16_bits(double value) {
  return strata::kit::double_to_bf16(value);
}

// `value` rounded to the float dtype (F32, F16, BF16; F64 unchanged).
using strata::kit::round_to;

// The bit pattern of `value` stored as `dtype` under STRATA_OP_FILL's rules: floats round to
// nearest even, integers truncate toward zero and saturate, NaN to an integer is 0.
uint64_t fill_bits(strata_dtype dtype, double value);

}  // namespace strata_vk
