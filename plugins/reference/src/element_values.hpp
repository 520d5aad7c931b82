// Single elements in the exact forms the movement, elementwise and reduction ops need: a
// bit-for-bit copy, and loads and stores through a chosen working type, so one template serves
// float work (in double or long double) and integer work (in int64 or int128, saturated once
// on store).
#pragma once

#include <cstring>
#include <limits>
#include <type_traits>

#include "tensor_access.hpp"

namespace strata_ref {

// Integer sums and products of two int64 values fit here without overflow.
using WideInt = __int128;

// Clamps an exact integer result to int64; store_i then clamps it to the dtype's range.
inline int64_t saturate_int64(WideInt value) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (value < kMin) return kMin;
  if (value > kMax) return kMax;
  return static_cast<int64_t>(value);
}

// The bytes of one element (same dtype on both sides): exact for every dtype, NaN payloads too.
inline void copy_element(const strata_tensor& from, const int64_t* from_index,
                         const strata_tensor& to, const int64_t* to_index) {
  std::memcpy(element_ptr(to, to_index), element_ptr(from, from_index), dtype_size(to.dtype));
}

// T is double or long double (float work) or int64_t or WideInt (integer work).
template <typename T>
T load_as(const strata_tensor& t, const int64_t* index) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(load_f(t, index));
  } else {
    return static_cast<T>(load_i(t, index));
  }
}

template <typename T>
void store_as(const strata_tensor& t, const int64_t* index, T value) {
  if constexpr (std::is_floating_point_v<T>) {
    store_f(t, index, static_cast<double>(value));
  } else {
    store_i(t, index, saturate_int64(value));
  }
}

}  // namespace strata_ref
