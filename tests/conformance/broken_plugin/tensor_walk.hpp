// Element access through ABI descriptors on host-mapped memory, for the broken plugin's
// post-processing of the reference's results. Only what the injected bugs need.
#pragma once

#include <strata/backend.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace broken {

inline size_t element_size(strata_dtype dtype) {
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
    default:
      return 1;
  }
}

inline bool is_empty(const strata_tensor& t) {
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] == 0) return true;
  }
  return false;
}

// Calls fn(index) for every index of `t` in row-major order.
template <typename Fn>
void for_each_index(const strata_tensor& t, Fn&& fn) {
  if (is_empty(t)) return;
  int64_t index[STRATA_MAX_RANK] = {};
  for (;;) {
    fn(static_cast<const int64_t*>(index));
    int k = t.rank - 1;
    while (k >= 0 && ++index[k] == t.shape[k]) index[k--] = 0;
    if (k < 0) return;
  }
}

inline std::byte* address(const strata_tensor& t, std::byte* base, const int64_t* index) {
  int64_t element = 0;
  for (int k = 0; k < t.rank; ++k) element += index[k] * t.strides[k];
  return base + t.byte_offset + static_cast<uint64_t>(element) * element_size(t.dtype);
}

template <typename T>
T read_as(const std::byte* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
void write_as(std::byte* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

inline double half_to_double(uint16_t h) {
  const int exponent = (h >> 10) & 0x1F;
  const int fraction = h & 0x3FF;
  const double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exponent == 31) return fraction ? std::numeric_limits<double>::quiet_NaN() : sign * INFINITY;
  if (exponent == 0) return sign * std::ldexp(fraction, -24);
  return sign * std::ldexp(1024 + fraction, exponent - 25);
}

inline double load(strata_dtype dtype, const std::byte* p) {
  switch (dtype) {
    case STRATA_F32:
      return read_as<float>(p);
    case STRATA_F64:
      return read_as<double>(p);
    case STRATA_F16:
      return half_to_double(read_as<uint16_t>(p));
    case STRATA_BF16: {
      const uint32_t bits = uint32_t{read_as<uint16_t>(p)} << 16;
      float f;
      std::memcpy(&f, &bits, 4);
      return f;
    }
    case STRATA_I32:
      return read_as<int32_t>(p);
    case STRATA_I64:
      return static_cast<double>(read_as<int64_t>(p));
    default:
      return read_as<uint8_t>(p);
  }
}

inline void store_nan(strata_dtype dtype, std::byte* p) {
  switch (dtype) {
    case STRATA_F32:
      return write_as(p, std::numeric_limits<float>::quiet_NaN());
    case STRATA_F64:
      return write_as(p, std::numeric_limits<double>::quiet_NaN());
    case STRATA_F16:
      return write_as<uint16_t>(p, 0x7E00);
    default:
      return write_as<uint16_t>(p, 0x7FC0);  // bf16
  }
}

}  // namespace broken
