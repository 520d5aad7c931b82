// strata/kit/shape.hpp: the logical shape of a strata_tensor: its size, and walking its indices.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace strata::kit {

// The number of elements; INT64_MAX when the product would overflow (a descriptor no buffer
// can hold, which the size checks then reject).
inline int64_t element_count(const strata_tensor& t) {
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] == 0) return 0;
    n = t.shape[k] > INT64_MAX / n ? INT64_MAX : n * t.shape[k];
  }
  return n;
}

inline bool is_empty(const strata_tensor& t) {
  return element_count(t) == 0;
}

inline bool same_shape(const strata_tensor& a, const strata_tensor& b) {
  return a.rank == b.rank && std::equal(a.shape, a.shape + a.rank, b.shape);
}

// Calls fn(index) for every index of `shape` in row-major order; nothing when any size is 0,
// once (with an empty index) for rank 0.
template <typename Fn>
void for_each_index(int rank, const int64_t* shape, Fn&& fn) {
  for (int k = 0; k < rank; ++k) {
    if (shape[k] == 0) return;
  }
  int64_t index[STRATA_MAX_RANK] = {};
  for (;;) {
    fn(static_cast<const int64_t*>(index));
    int k = rank - 1;
    while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
    if (k < 0) return;
  }
}

template <typename Fn>
void for_each_index(const strata_tensor& t, Fn&& fn) {
  for_each_index(t.rank, t.shape, std::forward<Fn>(fn));
}

}  // namespace strata::kit
