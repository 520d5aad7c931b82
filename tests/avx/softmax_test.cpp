// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD: both sub-codes over rows of many lengths,
// strided rows, rows with NaN and infinities, large (threaded) batches.
#include <gtest/gtest.h>

#include <cmath>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

void check_both(const HostTensor& x, const HostTensor& dy, const std::string& what) {
  for (int op : {STRATA_SOFTMAX, STRATA_LOG_SOFTMAX}) {
    const Result y = compare(STRATA_OP_SOFTMAX, op, nullptr, {&x}, {guarded(STRATA_F32, x.shape)},
                             kElementwise, what + " forward " + std::to_string(op));
    // The backward op takes the forward output: use the reference's own.
    const Result ref_y = run(reference(), STRATA_OP_SOFTMAX, op, nullptr, {&x},
                             {dense<float>(STRATA_F32, x.shape, std::vector<float>(x.count()))});
    compare(STRATA_OP_SOFTMAX_BACKWARD, op, nullptr, {&dy, &ref_y.outputs[0]},
            {guarded(STRATA_F32, x.shape)}, kElementwise, what + " backward " + std::to_string(op));
  }
}

TEST(AvxSoftmax, RowsOfManyLengths) {
  std::mt19937 rng(50);
  for (int64_t n : {1, 3, 8, 10, 17, 64, 1000}) {
    const int64_t rows = 5;
    const HostTensor x = dense<float>(STRATA_F32, {rows, n}, random_floats(rng, rows * n, -8, 8));
    const HostTensor dy = dense<float>(STRATA_F32, {rows, n}, random_floats(rng, rows * n, -1, 1));
    check_both(x, dy, "length " + std::to_string(n));
  }
}

TEST(AvxSoftmax, StridedRowsAndRank1) {
  std::mt19937 rng(51);
  const HostTensor x =
      view<float>(STRATA_F32, {6, 11}, {1, 6}, 0, 66, random_floats(rng, 66, -4, 4));
  const HostTensor dy =
      view<float>(STRATA_F32, {6, 11}, {0, 1}, 2, 13, random_floats(rng, 13, -1, 1));
  check_both(x, dy, "transposed");
  const HostTensor v = dense<float>(STRATA_F32, {9}, random_floats(rng, 9, -50, 50));
  check_both(v, v, "rank 1");
}

TEST(AvxSoftmax, SpecialValues) {
  const float inf = INFINITY;
  const HostTensor x =
      dense<float>(STRATA_F32, {4, 3}, {1, NAN, 2, 1, inf, 2, -inf, -inf, -inf, 1000, -1000, 0});
  const HostTensor dy = dense<float>(STRATA_F32, {4, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3});
  check_both(x, dy, "special");
}

TEST(AvxSoftmax, LargeBatchSplitsAcrossThreads) {
  std::mt19937 rng(52);
  const HostTensor x = dense<float>(STRATA_F32, {512, 100}, random_floats(rng, 51200, -5, 5));
  const HostTensor dy = dense<float>(STRATA_F32, {512, 100}, random_floats(rng, 51200, -1, 1));
  check_both(x, dy, "large");
}

TEST(AvxSoftmax, EmptyLastAxisAndErrors) {
  const HostTensor empty = dense<float>(STRATA_F32, {3, 0}, {});
  compare(STRATA_OP_SOFTMAX, 0, nullptr, {&empty}, {guarded(STRATA_F32, {3, 0})}, 0, "empty");
  const HostTensor scalar = dense<float>(STRATA_F32, {}, {1});
  compare(STRATA_OP_SOFTMAX, 0, nullptr, {&scalar}, {guarded(STRATA_F32, {})}, 0, "rank 0");
  const HostTensor x = dense<float>(STRATA_F32, {2}, {1, 2});
  compare(STRATA_OP_SOFTMAX, 2, nullptr, {&x}, {guarded(STRATA_F32, {2})}, 0, "sub-code");
  compare(STRATA_OP_SOFTMAX, 0, nullptr, {&x}, {guarded(STRATA_F32, {3})}, 0, "shape");
}

}  // namespace
}  // namespace avx_test
