// STRATA_OP_BINARY: f32 arithmetic and comparisons, integer arithmetic with saturation,
// comparisons of every dtype, NumPy broadcasting through stride 0, special values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

constexpr int kOps = STRATA_BINARY_GREATER_EQUAL + 1;

bool is_comparison(int op) {
  return op >= STRATA_BINARY_EQUAL;
}
// Comparisons are exact; arithmetic within the elementwise bound.
double bound_for(int op) {
  return is_comparison(op) ? 0 : kElementwise;
}

TEST(AvxBinary, FloatsEveryOp) {
  std::mt19937 rng(10);
  const int64_t n = 1003;
  std::vector<float> a = random_floats(rng, n, -3, 3), b = random_floats(rng, n, -3, 3);
  // Equal pairs, zeros, NaN and infinities, so comparisons and maximum see them.
  const float inf = std::numeric_limits<float>::infinity();
  const float specials[][2] = {{1, 1},      {0, -0.0f}, {NAN, 1},   {1, NAN}, {NAN, NAN}, {inf, 1},
                               {-inf, inf}, {0, 0},     {-2, 0.5f}, {2, -1},  {0, -1}};
  for (size_t i = 0; i < std::size(specials); ++i) {
    a[i] = specials[i][0];
    b[i] = specials[i][1];
  }
  const HostTensor ta = dense<float>(STRATA_F32, {n}, a), tb = dense<float>(STRATA_F32, {n}, b);
  for (int op = 0; op < kOps; ++op) {
    const strata_dtype out = is_comparison(op) ? STRATA_U8 : STRATA_F32;
    compare(STRATA_OP_BINARY, op, nullptr, {&ta, &tb}, {guarded(out, {n})}, bound_for(op),
            "f32 op " + std::to_string(op));
  }
}

TEST(AvxBinary, PowFollowsCPow) {
  std::mt19937 rng(11);
  const int64_t n = 400;
  std::vector<float> a = random_floats(rng, n, 0, 4), b = random_floats(rng, n, -3, 3);
  // Negative bases with integer and fractional exponents, zero bases, pow(x, 0).
  const float cases[][2] = {{-2, 3}, {-2, 2},  {-2, 0.5f}, {0, -1},        {-0.0f, -3},
                            {0, 0},  {NAN, 0}, {1, NAN},   {-1, INFINITY}, {0.5f, -INFINITY}};
  for (size_t i = 0; i < std::size(cases); ++i) {
    a[i] = cases[i][0];
    b[i] = cases[i][1];
  }
  const HostTensor ta = dense<float>(STRATA_F32, {n}, a), tb = dense<float>(STRATA_F32, {n}, b);
  compare(STRATA_OP_BINARY, STRATA_BINARY_POW, nullptr, {&ta, &tb}, {guarded(STRATA_F32, {n})},
          kElementwise, "pow");
}

TEST(AvxBinary, BroadcastingAndStrides) {
  std::mt19937 rng(12);
  // a [5, 1, 7] against b [1, 6, 7] into out [5, 6, 7]; then a transposed view.
  const HostTensor a =
      view<float>(STRATA_F32, {5, 6, 7}, {7, 0, 1}, 0, 35, random_floats(rng, 35, -2, 2));
  const HostTensor b =
      view<float>(STRATA_F32, {5, 6, 7}, {0, 7, 1}, 0, 42, random_floats(rng, 42, -2, 2));
  const HostTensor t =
      view<float>(STRATA_F32, {5, 6, 7}, {1, 5, 30}, 0, 210, random_floats(rng, 210, -2, 2));
  const HostTensor scalar = view<float>(STRATA_F32, {5, 6, 7}, {0, 0, 0}, 0, 1, {0.5f});
  for (int op : {STRATA_BINARY_ADD, STRATA_BINARY_MUL, STRATA_BINARY_DIV, STRATA_BINARY_MAXIMUM,
                 STRATA_BINARY_LESS}) {
    const strata_dtype out = is_comparison(op) ? STRATA_U8 : STRATA_F32;
    compare(STRATA_OP_BINARY, op, nullptr, {&a, &b}, {guarded(out, {5, 6, 7})}, bound_for(op),
            "broadcast " + std::to_string(op));
    compare(STRATA_OP_BINARY, op, nullptr, {&t, &scalar}, {guarded(out, {5, 6, 7})}, bound_for(op),
            "transposed and scalar " + std::to_string(op));
  }
}

TEST(AvxBinary, ScalarsAndEmptyTensors) {
  const HostTensor a = dense<float>(STRATA_F32, {}, {1.5f}), b = dense<float>(STRATA_F32, {}, {-2});
  const HostTensor e = dense<float>(STRATA_F32, {0, 3}, {});
  for (int op : {STRATA_BINARY_MUL, STRATA_BINARY_GREATER}) {
    const strata_dtype out = is_comparison(op) ? STRATA_U8 : STRATA_F32;
    compare(STRATA_OP_BINARY, op, nullptr, {&a, &b}, {guarded(out, {})}, bound_for(op), "rank 0");
    compare(STRATA_OP_BINARY, op, nullptr, {&e, &e}, {guarded(out, {0, 3})}, bound_for(op),
            "empty");
  }
}

TEST(AvxBinary, LargeTensorsSplitAcrossThreads) {
  std::mt19937 rng(13);
  const int64_t n = 150001;
  const HostTensor a = dense<float>(STRATA_F32, {n}, random_floats(rng, n, -2, 2));
  const HostTensor b = dense<float>(STRATA_F32, {n}, random_floats(rng, n, -2, 2));
  compare(STRATA_OP_BINARY, STRATA_BINARY_SUB, nullptr, {&a, &b}, {guarded(STRATA_F32, {n})},
          kElementwise, "large sub");
  compare(STRATA_OP_BINARY, STRATA_BINARY_GREATER, nullptr, {&a, &b}, {guarded(STRATA_U8, {n})}, 0,
          "large greater");
}

template <typename T>
void check_integer_arithmetic(strata_dtype dtype) {
  std::mt19937 rng(14);
  const int64_t n = 300;
  using L = std::numeric_limits<T>;
  std::vector<T> a = random_ints<T>(rng, n, -1000, 1000), b = random_ints<T>(rng, n, -1000, 1000);
  // Pairs that overflow every way: the results must saturate.
  const T cases[][2] = {{L::max(), 1},  {L::min(), -1}, {L::max(), L::max()}, {L::min(), L::max()},
                        {L::min(), -1}, {L::max(), -2}, {L::min(), 2},        {L::min(), L::min()}};
  for (size_t i = 0; i < std::size(cases); ++i) {
    a[i] = cases[i][0];
    b[i] = cases[i][1];
  }
  const HostTensor ta = dense<T>(dtype, {n}, a), tb = dense<T>(dtype, {n}, b);
  for (int op : {STRATA_BINARY_ADD, STRATA_BINARY_SUB, STRATA_BINARY_MUL, STRATA_BINARY_MAXIMUM,
                 STRATA_BINARY_MINIMUM}) {
    compare(STRATA_OP_BINARY, op, nullptr, {&ta, &tb}, {guarded(dtype, {n})}, 0,
            "integer op " + std::to_string(op));
  }
  for (int op = STRATA_BINARY_EQUAL; op < kOps; ++op) {
    compare(STRATA_OP_BINARY, op, nullptr, {&ta, &tb}, {guarded(STRATA_U8, {n})}, 0,
            "integer comparison " + std::to_string(op));
  }
  // div and pow take floats only: the reference says UNSUPPORTED, so must we.
  compare(STRATA_OP_BINARY, STRATA_BINARY_DIV, nullptr, {&ta, &tb}, {guarded(dtype, {n})}, 0,
          "integer div");
}

TEST(AvxBinary, Int32Saturates) {
  check_integer_arithmetic<int32_t>(STRATA_I32);
}
TEST(AvxBinary, Int64Saturates) {
  check_integer_arithmetic<int64_t>(STRATA_I64);
}

TEST(AvxBinary, ComparisonsOfEveryDtype) {
  std::mt19937 rng(15);
  const int64_t n = 100;
  const HostTensor u1 = dense<uint8_t>(STRATA_U8, {n}, random_ints<uint8_t>(rng, n, 0, 5));
  const HostTensor u2 = dense<uint8_t>(STRATA_U8, {n}, random_ints<uint8_t>(rng, n, 0, 5));
  std::vector<double> d1(n), d2(n);
  for (int64_t i = 0; i < n; ++i) d1[i] = i % 7 - 3.0, d2[i] = i % 5 - 2.0;
  d1[0] = NAN;
  const HostTensor f1 = dense<double>(STRATA_F64, {n}, d1), f2 = dense<double>(STRATA_F64, {n}, d2);
  for (int op = STRATA_BINARY_EQUAL; op < kOps; ++op) {
    compare(STRATA_OP_BINARY, op, nullptr, {&u1, &u2}, {guarded(STRATA_U8, {n})}, 0, "u8");
    compare(STRATA_OP_BINARY, op, nullptr, {&f1, &f2}, {guarded(STRATA_U8, {n})}, 0, "f64");
  }
}

TEST(AvxBinary, MalformedCallsMatchTheReference) {
  const HostTensor f = dense<float>(STRATA_F32, {3}, {1, 2, 3});
  const HostTensor i = dense<int32_t>(STRATA_I32, {3}, {1, 2, 3});
  compare(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&f, &i}, {guarded(STRATA_F32, {3})}, 0,
          "mixed dtypes");
  compare(STRATA_OP_BINARY, STRATA_BINARY_LESS, nullptr, {&f, &f}, {guarded(STRATA_F32, {3})}, 0,
          "comparison into f32");
  compare(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&f, &f}, {guarded(STRATA_F32, {4})}, 0,
          "shape");
  compare(STRATA_OP_BINARY, 13, nullptr, {&f, &f}, {guarded(STRATA_F32, {3})}, 0, "sub-code");
}

}  // namespace
}  // namespace avx_test
