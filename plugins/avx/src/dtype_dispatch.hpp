// Calling a generic function with the C++ type of a dtype, so one template serves every dtype
// an op takes. The caller has already checked the dtype is one it supports.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <cstdint>

namespace strata_avx {

// f(T{}) with T the dtype's arithmetic type: float, double, int32_t, int64_t or uint8_t
// (F16 and BF16 are not arithmetic types here: the caller must have rejected them).
template <typename F>
decltype(auto) visit_dtype(strata_dtype dtype, F&& f) {
  switch (dtype) {
    case STRATA_F64:
      return f(double{});
    case STRATA_I32:
      return f(int32_t{});
    case STRATA_I64:
      return f(int64_t{});
    case STRATA_U8:
      return f(uint8_t{});
    default:
      return f(float{});
  }
}

// f(T{}) with T an unsigned integer of the dtype's size: for ops that move bits unchanged.
template <typename F>
decltype(auto) visit_bits(size_t element_size, F&& f) {
  switch (element_size) {
    case 1:
      return f(uint8_t{});
    case 2:
      return f(uint16_t{});
    case 8:
      return f(uint64_t{});
    default:
      return f(uint32_t{});
  }
}

}  // namespace strata_avx
