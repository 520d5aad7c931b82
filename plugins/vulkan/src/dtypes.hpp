// What the backend knows about each dtype: its size and name, the token that names it in
// shader variants, and which device features it needs.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "physical_devices.hpp"

namespace strata_vk {

size_t dtype_size(strata_dtype dtype);            // 0 for an unknown dtype
std::string_view dtype_name(strata_dtype dtype);  // "f32"
bool is_float(strata_dtype dtype);                // F32, F64, F16, BF16
bool is_integer(strata_dtype dtype);              // I32, I64, U8

// The typed shader kind ("f32", "f16", "bf16", "i32", "i64", "u8"); F64 has none.
std::string_view kind_token(strata_dtype dtype);
// The raw shader kind moving elements of this dtype's size bit for bit ("b1" .. "b8").
std::string_view raw_token(strata_dtype dtype);

// How an op uses a dtype: moving bits only (fill, copy, where, gather), or computing with it.
enum class DtypeUse { kMove, kCompute };

// Throws Failure(UNSUPPORTED), naming `op` and the missing feature, when the device cannot
// handle `dtype` this way. F64 moves everywhere but computes nowhere.
void require_dtype(const DeviceFeatures& features, strata_dtype dtype, DtypeUse use,
                   std::string_view op);

// Integer sums (REDUCE SUM/MEAN, SCATTER_ADD) are exact in 128 bits built from 64-bit integers.
void require_int64_for_integer_sums(const DeviceFeatures& features, strata_dtype dtype,
                                    std::string_view op);

}  // namespace strata_vk
