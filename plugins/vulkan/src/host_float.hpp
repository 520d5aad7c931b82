// Host-side rounding of doubles to the device's float formats, nearest even, as the
// reference backend rounds: the bits FILL stores and the values RANDOM's UNIFORM starts from.
#pragma once

#include <strata/backend.h>

#include <cstdint>

namespace strata_vk {

uint16_t f16_bits(double value);
uint16_t bf16_bits(double value);
double from_f16_bits(uint16_t bits);
double from_bf16_bits(uint16_t bits);

// `value` rounded to the float dtype (F32, F16, BF16; F64 unchanged).
double round_to(strata_dtype dtype, double value);

// The bit pattern of `value` stored as `dtype` under STRATA_OP_FILL's rules: floats round to
// nearest even, integers truncate toward zero and saturate, NaN to an integer is 0.
uint64_t fill_bits(strata_dtype dtype, double value);

}  // namespace strata_vk
