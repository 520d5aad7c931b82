// What the backend knows about each dtype: its size and name, the token that names it in
// shader variants, and which device features it needs.
#pragma once

#include <strata/backend.h>
#include <strata/kit/dtype.hpp>

#include <string_view>

#include "physical_devices.hpp"

namespace strata_vk {

using strata::kit::dtype_name;
using strata::kit::dtype_size;
using strata::kit::is_float;
using strata::kit::is_integer;

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
