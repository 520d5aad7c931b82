// Walking N tensors of one logical shape (an op's inputs and outputs) as "runs": stretches
// along the innermost axis. Axes of size 1 are dropped and neighbouring axes that are
// contiguous in every tensor are merged first, so contiguous tensors are one long run and
// kernels see plain pointers with one stride each (1 for contiguous data, 0 for broadcast).
#pragma once

#include <strata/backend.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "op_common.hpp"

namespace strata_avx {

template <int N>
struct Layout {
  int rank = 1;
  int64_t count = 0;  // elements
  int64_t shape[STRATA_MAX_RANK] = {1};
  int64_t strides[N][STRATA_MAX_RANK] = {};  // in elements, per tensor

  // The stride of tensor i along the innermost (run) axis.
  int64_t inner_stride(int i) const { return strides[i][rank - 1]; }
};

// The merged layout of `tensors` over `shape` (each tensor's own strides are used).
template <int N>
Layout<N> make_layout(int rank, const int64_t* shape,
                      const std::array<const strata_tensor*, N>& tensors) {
  Layout<N> layout;
  layout.count = 1;
  for (int k = 0; k < rank; ++k) layout.count *= shape[k];
  int r = 0;
  for (int k = 0; k < rank; ++k) {
    if (shape[k] == 1) continue;
    bool merges = r > 0;
    for (int i = 0; i < N && merges; ++i) {
      merges = layout.strides[i][r - 1] == tensors[i]->strides[k] * shape[k];
    }
    if (merges) {
      layout.shape[r - 1] *= shape[k];
      for (int i = 0; i < N; ++i) layout.strides[i][r - 1] = tensors[i]->strides[k];
      continue;
    }
    layout.shape[r] = shape[k];
    for (int i = 0; i < N; ++i) layout.strides[i][r] = tensors[i]->strides[k];
    ++r;
  }
  if (r == 0) {
    // One element: call it contiguous (any stride reads it), so kernels take their plain path.
    for (int i = 0; i < N; ++i) layout.strides[i][0] = 1;
  }
  layout.rank = std::max(r, 1);
  return layout;
}

template <int N>
Layout<N> make_layout(const std::array<const strata_tensor*, N>& tensors) {
  return make_layout<N>(tensors[0]->rank, tensors[0]->shape, tensors);
}

// Calls fn(offsets, n) for consecutive runs covering the elements [begin, end) of the
// layout in row-major order; offsets[i] is tensor i's element offset of the run's first
// element, and the run continues with stride layout.inner_stride(i).
template <int N, typename Fn>
void for_each_run(const Layout<N>& layout, int64_t begin, int64_t end, Fn&& fn) {
  if (begin >= end) return;
  const int inner = layout.rank - 1;
  int64_t index[STRATA_MAX_RANK] = {};
  int64_t offsets[N] = {};
  int64_t rest = begin;
  for (int k = inner; k >= 0 && rest != 0; --k) {  // divisions are slow: none from 0
    index[k] = rest % layout.shape[k];
    rest /= layout.shape[k];
    for (int i = 0; i < N; ++i) offsets[i] += index[k] * layout.strides[i][k];
  }
  for (int64_t pos = begin; pos < end;) {
    const int64_t n = std::min(layout.shape[inner] - index[inner], end - pos);
    fn(static_cast<const int64_t*>(offsets), n);
    pos += n;
    index[inner] += n;
    for (int i = 0; i < N; ++i) offsets[i] += n * layout.strides[i][inner];
    for (int k = inner; k > 0 && index[k] == layout.shape[k]; --k) {
      index[k] = 0;
      ++index[k - 1];
      for (int i = 0; i < N; ++i) {
        offsets[i] += layout.strides[i][k - 1] - layout.shape[k] * layout.strides[i][k];
      }
    }
  }
}

// for_each_run over the whole layout, split across threads in ranges of at least `grain`
// elements; fn(offsets, n, worker).
template <int N, typename Fn>
void parallel_runs(ExecContext& ctx, const Layout<N>& layout, int64_t grain, Fn&& fn) {
  parallel_ranges(ctx, layout.count, grain, [&](int64_t begin, int64_t end, int worker) {
    for_each_run(layout, begin, end,
                 [&](const int64_t* offsets, int64_t n) { fn(offsets, n, worker); });
  });
}

}  // namespace strata_avx
