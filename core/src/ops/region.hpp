// A strided region of a tensor: per axis a start, a step and a count. Slicing reads one, padding
// and concatenation write into one, and their gradients do the reverse.
#pragma once

#include <array>
#include <cstdint>

#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata::ops_detail {

struct Region {
  std::array<int64_t, kMaxRank> starts{};
  std::array<int64_t, kMaxRank> steps{};
  Shape sizes;

  // The whole of `shape`, to be narrowed axis by axis.
  static Region all_of(const Shape& shape);
};

// A view of `base` (no copy, no autodiff link) covering `region`, which must lie inside it.
Tensor region_view(const Tensor& base, const Region& region);

}  // namespace strata::ops_detail
