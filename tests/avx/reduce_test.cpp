// STRATA_OP_REDUCE: every sub-code over many axis sets and layouts (the kept-axis and
// per-output vector paths, strided and broadcast inputs), integer dtypes, empty axes, NaN, and
// long (threaded, chunked) reductions.
#include <gtest/gtest.h>

#include <bit>
#include <limits>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

std::vector<int64_t> reduced_shape(const std::vector<int64_t>& shape, uint32_t mask) {
  std::vector<int64_t> out = shape;
  for (size_t k = 0; k < shape.size(); ++k) {
    if ((mask >> k) & 1u) out[k] = 1;
  }
  return out;
}

// Every sub-code, every mask (argmax/argmin: single axes) over `in`.
void check_every_reduction(const HostTensor& in, const std::string& what) {
  const uint32_t masks = 1u << in.shape.size();
  for (int op = STRATA_REDUCE_SUM; op <= STRATA_REDUCE_ARGMIN; ++op) {
    const bool arg = op >= STRATA_REDUCE_ARGMAX;
    const bool is_float = in.dtype == STRATA_F32;
    if (op == STRATA_REDUCE_MEAN && !is_float) continue;
    for (uint32_t mask = 0; mask < masks; ++mask) {
      if (arg && std::popcount(mask) != 1) continue;
      const strata_reduce_params p{sizeof p, mask};
      const strata_dtype out = arg ? STRATA_I64 : in.dtype;
      // Floats: sums in double either way, extremes exact.
      const double bound = (is_float && op <= STRATA_REDUCE_MEAN) ? 1e-12 : 0;
      compare(STRATA_OP_REDUCE, op, &p, {&in}, {guarded(out, reduced_shape(in.shape, mask))}, bound,
              what + " op " + std::to_string(op) + " mask " + std::to_string(mask));
    }
  }
}

TEST(AvxReduce, FloatsEveryAxisSet) {
  std::mt19937 rng(40);
  std::vector<float> values = random_floats(rng, 4 * 13 * 9, -5, 5);
  for (size_t i = 0; i < values.size(); i += 17) values[i] = values[i + 1];  // ties
  check_every_reduction(dense<float>(STRATA_F32, {4, 13, 9}, values), "dense");
  // Transposed and broadcast layouts.
  check_every_reduction(view<float>(STRATA_F32, {9, 13, 4}, {1, 9, 117}, 0, 468, values),
                        "transposed");
  check_every_reduction(view<float>(STRATA_F32, {5, 3, 24}, {0, 24, 1}, 0, 72,
                                    std::vector<float>(values.begin(), values.begin() + 72)),
                        "broadcast");
}

TEST(AvxReduce, ScalarsAndSizeOneAxes) {
  check_every_reduction(dense<float>(STRATA_F32, {}, {2.5f}), "rank 0");
  check_every_reduction(dense<float>(STRATA_F32, {1, 5, 1}, {1, -2, 3, -4, 5}), "size-1 axes");
}

TEST(AvxReduce, NanPropagatesAndWinsArgs) {
  std::vector<float> values = {1, 5, NAN, 5, -2, NAN, 3, 0, 7, 7, -INFINITY, INFINITY};
  check_every_reduction(dense<float>(STRATA_F32, {3, 4}, values), "nan");
}

TEST(AvxReduce, IntegerDtypes) {
  std::mt19937 rng(41);
  using L32 = std::numeric_limits<int32_t>;
  std::vector<int32_t> i32 = random_ints<int32_t>(rng, 60, -100, 100);
  i32[0] = i32[1] = i32[2] = L32::max();  // the sum saturates
  check_every_reduction(dense<int32_t>(STRATA_I32, {3, 20}, i32), "i32");
  std::vector<int64_t> i64 = random_ints<int64_t>(rng, 60, -100, 100);
  i64[5] = std::numeric_limits<int64_t>::min();
  i64[6] = -5;
  check_every_reduction(dense<int64_t>(STRATA_I64, {20, 3}, i64), "i64");
  check_every_reduction(dense<uint8_t>(STRATA_U8, {6, 10}, random_ints<uint8_t>(rng, 60, 0, 255)),
                        "u8");
}

TEST(AvxReduce, EmptyAxesGiveIdentities) {
  for (strata_dtype d : {STRATA_F32, STRATA_I32, STRATA_U8}) {
    const HostTensor in = dense<float>(d, {3, 0, 2}, {});
    for (int op = STRATA_REDUCE_SUM; op <= STRATA_REDUCE_ARGMIN; ++op) {
      const strata_reduce_params p{sizeof p, 2u};
      const bool arg = op >= STRATA_REDUCE_ARGMAX;
      compare(STRATA_OP_REDUCE, op, &p, {&in}, {guarded(arg ? STRATA_I32 : d, {3, 1, 2})}, 0,
              "empty axis op " + std::to_string(op));
    }
  }
}

TEST(AvxReduce, LongReductionsSplitIntoChunks) {
  std::mt19937 rng(42);
  const int64_t n = 300000;
  // Large values with cancellation: a float accumulator would lose them.
  std::vector<float> values = random_floats(rng, n, -1, 1);
  for (int64_t i = 0; i < n; i += 2) values[i] *= 1e4f;
  const HostTensor in = dense<float>(STRATA_F32, {n}, values);
  for (int op : {STRATA_REDUCE_SUM, STRATA_REDUCE_MEAN, STRATA_REDUCE_MAX, STRATA_REDUCE_ARGMIN}) {
    const strata_reduce_params p{sizeof p, 1u};
    compare(STRATA_OP_REDUCE, op, &p, {&in}, {guarded(op >= 4 ? STRATA_I64 : STRATA_F32, {1})},
            op <= STRATA_REDUCE_MEAN ? 1e-12 : 0, "long " + std::to_string(op));
  }
  const HostTensor columns = dense<float>(STRATA_F32, {3000, 100}, values);
  for (uint32_t mask : {1u, 2u}) {
    const strata_reduce_params p{sizeof p, mask};
    compare(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &p, {&columns},
            {guarded(STRATA_F32, reduced_shape({3000, 100}, mask))}, 1e-12, "matrix sums");
  }
  // Few columns over many rows (a bias gradient): chunks of rows summed apart, then in order.
  const HostTensor bias =
      dense<float>(STRATA_F32, {4000, 20, 32}, random_floats(rng, 2560000, -1, 1));
  for (int op : {STRATA_REDUCE_SUM, STRATA_REDUCE_MEAN}) {
    const strata_reduce_params p{sizeof p, 3u};
    compare(STRATA_OP_REDUCE, op, &p, {&bias}, {guarded(STRATA_F32, {1, 1, 32})}, 1e-12,
            "column sums " + std::to_string(op));
  }
}

TEST(AvxReduce, MalformedCallsMatchTheReference) {
  const HostTensor in = dense<float>(STRATA_F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  const strata_reduce_params two{sizeof two, 3u}, beyond{sizeof beyond, 4u}, one{sizeof one, 1u};
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMAX, &two, {&in}, {guarded(STRATA_I64, {1, 1})}, 0,
          "argmax over two axes");
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &beyond, {&in}, {guarded(STRATA_F32, {2, 3})}, 0,
          "axis beyond rank");
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &one, {&in}, {guarded(STRATA_F32, {2, 3})}, 0,
          "keepdims shape");
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, nullptr, {&in}, {guarded(STRATA_F32, {1, 3})}, 0,
          "no params");
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMAX, &one, {&in}, {guarded(STRATA_F32, {1, 3})}, 0,
          "float indices");
  const HostTensor ints = dense<int32_t>(STRATA_I32, {2, 3}, {1, 2, 3, 4, 5, 6});
  compare(STRATA_OP_REDUCE, STRATA_REDUCE_MEAN, &one, {&ints}, {guarded(STRATA_I32, {1, 3})}, 0,
          "integer mean");
}

}  // namespace
}  // namespace avx_test
