// Facts about a descriptor's memory layout that routing and data movement depend on.
#pragma once

#include <strata/backend.h>

#include <cstdint>

#include "strata/shape.hpp"

namespace strata::detail {

enum class Layout : uint8_t {
  kContiguous,  // row-major and gap-free (strides of size-1 axes do not matter)
  kBroadcast,   // some axis longer than 1 has stride 0
  kStrided,     // anything else: transposed, sliced with steps, ...
};

bool is_contiguous(int rank, const int64_t* shape, const int64_t* strides) noexcept;
inline bool is_contiguous(const Shape& shape, const Strides& strides) noexcept {
  return is_contiguous(shape.rank(), shape.data(), strides.data());
}
Layout layout_class(const strata_tensor& t) noexcept;

int64_t element_count(const strata_tensor& t) noexcept;
// Bytes from the descriptor's byte_offset to one past the last element it reaches; 0 when empty.
uint64_t byte_extent(const strata_tensor& t) noexcept;

}  // namespace strata::detail
