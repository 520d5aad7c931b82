#include "layout.hpp"

#include "strata/dtype.hpp"

namespace strata::detail {

bool is_contiguous(int rank, const int64_t* shape, const int64_t* strides) noexcept {
  int64_t expected = 1;
  for (int k = rank - 1; k >= 0; --k) {
    if (shape[k] == 1) continue;
    if (strides[k] != expected) return false;
    // Overflow needs a 0 among the sizes (no elements); call such a shape not contiguous.
    if (__builtin_mul_overflow(expected, shape[k], &expected)) return false;
  }
  return true;
}

Layout layout_class(const strata_tensor& t) noexcept {
  if (is_contiguous(t.rank, t.shape, t.strides)) return Layout::kContiguous;
  for (int k = 0; k < t.rank; ++k) {
    if (t.strides[k] == 0 && t.shape[k] > 1) return Layout::kBroadcast;
  }
  return Layout::kStrided;
}

int64_t element_count(const strata_tensor& t) noexcept {
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) n *= t.shape[k];
  return n;
}

uint64_t byte_extent(const strata_tensor& t) noexcept {
  if (element_count(t) == 0) return 0;
  int64_t last = 0;
  for (int k = 0; k < t.rank; ++k) last += (t.shape[k] - 1) * t.strides[k];
  return static_cast<uint64_t>(last + 1) * dtype_size(static_cast<DType>(t.dtype));
}

}  // namespace strata::detail
