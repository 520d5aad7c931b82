// strata/kit/dtype.hpp: what every plugin needs to know about a strata_dtype.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <string_view>

namespace strata::kit {

// Bytes per element; 0 for a value that is not a dtype of the ABI (an unknown dtype).
constexpr size_t dtype_size(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64:
      return 8;
    case STRATA_F32:
    case STRATA_I32:
      return 4;
    case STRATA_F16:
    case STRATA_BF16:
      return 2;
    case STRATA_U8:
      return 1;
    default:
      return 0;
  }
}

// The short name messages use: "f32", "i64", ...
constexpr std::string_view dtype_name(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F32:
      return "f32";
    case STRATA_F64:
      return "f64";
    case STRATA_F16:
      return "f16";
    case STRATA_BF16:
      return "bf16";
    case STRATA_I32:
      return "i32";
    case STRATA_I64:
      return "i64";
    case STRATA_U8:
      return "u8";
    default:
      return "invalid-dtype";
  }
}

// F32, F64, F16, BF16.
constexpr bool is_float(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_F16 || dtype == STRATA_BF16;
}

// I32, I64, U8.
constexpr bool is_integer(strata_dtype dtype) {
  return dtype == STRATA_I32 || dtype == STRATA_I64 || dtype == STRATA_U8;
}

}  // namespace strata::kit
