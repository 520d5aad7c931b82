// strata/kit/element.hpp: one element of any dtype in host memory, read as a double or written
// from one under the ABI's rules, for plugins (or parts of them) that work element by element.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>
#include <strata/kit/half.hpp>
#include <strata/kit/saturate.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace strata::kit {

// A T from its bytes at `p`, any alignment.
template <typename T>
T read_bytes(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <typename T>
void write_bytes(std::byte* p, T value) {
  std::memcpy(p, &value, sizeof value);
}

// The element of `dtype` at `p` as a double: exact for every float dtype and for integers up
// to 2^53; 0 for an unknown dtype.
inline double load_double(strata_dtype dtype, const std::byte* p) {
  switch (dtype) {
    case STRATA_F32:
      return read_bytes<float>(p);
    case STRATA_F64:
      return read_bytes<double>(p);
    case STRATA_F16:
      return f16_to_double(read_bytes<uint16_t>(p));
    case STRATA_BF16:
      return bf16_to_double(read_bytes<uint16_t>(p));
    case STRATA_I32:
      return read_bytes<int32_t>(p);
    case STRATA_I64:
      return static_cast<double>(read_bytes<int64_t>(p));
    case STRATA_U8:
      return read_bytes<uint8_t>(p);
    default:
      return 0;
  }
}

// Writes `value` as an element of `dtype` at `p`: floats round to nearest even, integers follow
// STRATA_OP_CAST (truncate toward zero, NaN to 0, saturate). Nothing for an unknown dtype.
inline void store_double(strata_dtype dtype, std::byte* p, double value) {
  switch (dtype) {
    case STRATA_F32:
      return write_bytes(p, static_cast<float>(value));
    case STRATA_F64:
      return write_bytes(p, value);
    case STRATA_F16:
      return write_bytes(p, double_to_f16(value));
    case STRATA_BF16:
      return write_bytes(p, double_to_bf16(value));
    case STRATA_I32:
      return write_bytes(p, saturate<int32_t>(value));
    case STRATA_I64:
      return write_bytes(p, saturate<int64_t>(value));
    case STRATA_U8:
      return write_bytes(p, saturate<uint8_t>(value));
    default:
      return;
  }
}

}  // namespace strata::kit
