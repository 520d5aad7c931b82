// One tensor of a case: its role, dtype, shape and how it sits in its buffer (strides and
// offset in elements), and where its data comes from. Layouts make the views the suite must
// cover: transposed and sliced (non-contiguous), offset, and broadcast (stride 0).
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string>
#include <vector>

#include "domain.hpp"

namespace strata::conformance {

enum class Layout {
  kDense,       // row-major
  kOffset,      // row-major, starting a few elements into the buffer
  kTransposed,  // the last two axes swapped in memory (a transpose view)
  kPadded,      // rows of the last axis padded apart (a slice of a wider tensor)
  kStepped,     // every other element (a slice with step 2)
};

struct TensorSpec {
  std::string role;  // "x", "dy", "table"
  strata_dtype dtype = STRATA_F32;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;  // in elements, one per axis
  int64_t offset = 0;            // elements of the buffer before element (0, ..., 0)
  Domain domain;                 // data; none for a write-only output

  int rank() const { return static_cast<int>(shape.size()); }
  int64_t elements() const;
  // Elements of storage the view spans from the buffer's start: offset + last position + 1.
  int64_t storage() const;
  // "x f32[7,13] strides [1,7] offset 3"
  std::string describe() const;
  // "[2,0,5]": the logical index of the `linear`-th element in row-major order.
  std::string index_text(int64_t linear) const;

  // Calls fn(linear, position) for every element in row-major logical order, with the
  // element's storage position (offset + sum of index * stride).
  template <typename Fn>
  void for_each_position(Fn&& fn) const {
    if (elements() == 0) return;
    std::vector<int64_t> index(shape.size(), 0);
    int64_t position = offset;
    for (int64_t linear = 0;; ++linear) {
      fn(linear, position);
      int k = rank() - 1;
      for (; k >= 0; --k) {
        position += strides[k];
        if (++index[k] < shape[k]) break;
        position -= strides[k] * shape[k];
        index[k] = 0;
      }
      if (k < 0) return;
    }
  }
};

std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape);

TensorSpec make_tensor(std::string role, strata_dtype dtype, std::vector<int64_t> shape,
                       Domain domain, Layout layout = Layout::kDense);
// A view of `shape` whose axes in `broadcast_axes` (bit k = axis k) have stride 0: the data
// is one slice repeated along them, as NumPy broadcasting arrives at an op.
TensorSpec make_broadcast(std::string role, strata_dtype dtype, std::vector<int64_t> shape,
                          uint32_t broadcast_axes, Domain domain);

}  // namespace strata::conformance
