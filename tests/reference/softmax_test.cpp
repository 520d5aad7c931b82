// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD on the reference backend: identities, values
// from std::exp, stability on large inputs, and finite differences for the gradients.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

std::vector<double> softmax(ReferenceHarness& h, strata_dtype dtype, strata_softmax_op op,
                            const std::vector<int64_t>& shape, const std::vector<double>& x) {
  TestTensor xt = h.make(dtype, shape, x);
  TestTensor yt = guarded_output(h, dtype, shape);
  CallResult r = h.run(STRATA_OP_SOFTMAX, op, nullptr, {&xt}, {&yt});
  EXPECT_TRUE(r.ok()) << r.message;
  expect_guards_intact(h, yt);
  return h.read(yt);
}

// exp(x_j) / sum_k exp(x_k) per row of length `n`, straight from the definition (inputs here
// are small enough not to overflow).
std::vector<double> naive_softmax(const std::vector<double>& x, size_t n) {
  std::vector<double> y(x.size());
  for (size_t row = 0; row < x.size(); row += n) {
    double sum = 0;
    for (size_t j = 0; j < n; ++j) sum += std::exp(x[row + j]);
    for (size_t j = 0; j < n; ++j) y[row + j] = std::exp(x[row + j]) / sum;
  }
  return y;
}

TEST(Softmax, RowsSumToOneAndMatchTheDefinition) {
  ReferenceHarness h;
  const auto x = random_values(4 * 7, 1, -3, 3);
  for (strata_dtype dtype : {STRATA_F64, STRATA_F32}) {
    const auto y = softmax(h, dtype, STRATA_SOFTMAX, {4, 7}, x);
    for (int row = 0; row < 4; ++row) {
      double sum = 0;
      for (int j = 0; j < 7; ++j) sum += y[row * 7 + j];
      EXPECT_NEAR(sum, 1.0, dtype == STRATA_F64 ? 1e-15 : 1e-6);
    }
    expect_all_near(y, naive_softmax(x, 7), 0, dtype == STRATA_F64 ? 1e-15 : 1e-7);
  }
}

TEST(Softmax, LogSoftmaxIsLogOfSoftmax) {
  ReferenceHarness h;
  const auto x = random_values(3 * 5, 2, -3, 3);
  const auto y = softmax(h, STRATA_F64, STRATA_SOFTMAX, {3, 5}, x);
  const auto log_y = softmax(h, STRATA_F64, STRATA_LOG_SOFTMAX, {3, 5}, x);
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(log_y[i], std::log(y[i]), 1e-14);
}

TEST(Softmax, LargeInputsStayFinite) {
  ReferenceHarness h;
  // exp(1000) overflows double; shifting by the maximum gives softmax of (0, 1, 2).
  const std::vector<double> x = {1000, 1001, 1002};
  const auto expected = naive_softmax({0, 1, 2}, 3);
  for (strata_dtype dtype : {STRATA_F32, STRATA_F64}) {
    expect_all_near(softmax(h, dtype, STRATA_SOFTMAX, {1, 3}, x), expected, 0, 1e-7);
    const auto log_y = softmax(h, dtype, STRATA_LOG_SOFTMAX, {1, 3}, x);
    for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(log_y[i], std::log(expected[i]), 1e-6);
  }
  const auto negative = softmax(h, STRATA_F32, STRATA_SOFTMAX, {2}, {-1000, -1000});
  EXPECT_EQ(negative, (std::vector<double>{0.5, 0.5}));
}

TEST(Softmax, HalfPrecision) {
  ReferenceHarness h;
  const auto x = random_values(2 * 6, 3, -3, 3);
  const auto expected = naive_softmax(x, 6);
  expect_all_near(softmax(h, STRATA_F16, STRATA_SOFTMAX, {2, 6}, x), expected, 0, 2e-3);
  expect_all_near(softmax(h, STRATA_BF16, STRATA_SOFTMAX, {2, 6}, x), expected, 0, 2e-2);
}

TEST(Softmax, StridedBroadcastInputAndGuardedOutput) {
  ReferenceHarness h;
  // x [2, 3, 4] reads a stored [4, 3] matrix transposed (last axis non-contiguous), repeated
  // along axis 0 by stride 0.
  const auto stored = random_values(12, 4, -3, 3);
  TestTensor x = h.make(STRATA_F64, {4, 3}, stored);
  x.desc.rank = 3;
  const int64_t shape[3] = {2, 3, 4}, strides[3] = {0, 1, 3};
  std::copy(shape, shape + 3, x.desc.shape);
  std::copy(strides, strides + 3, x.desc.strides);
  TestTensor y =
      h.make_view(STRATA_F64, {2, 3, 4}, {15, 5, 1}, 2, 32, {}, sentinel_for(STRATA_F64));
  ASSERT_TRUE(h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&x}, {&y}).ok());
  std::vector<double> rows;  // the logical x, row-major
  for (int rep = 0; rep < 2; ++rep)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j) rows.push_back(stored[j * 3 + i]);
  expect_all_near(h.read(y), naive_softmax(rows, 4), 0, 1e-15);
  expect_guards_intact(h, y);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

TEST(Softmax, BackwardMatchesFiniteDifferences) {
  ReferenceHarness h;
  const std::vector<int64_t> shape = {3, 5};
  const auto x = random_values(15, 5, -3, 3), dy = random_values(15, 6);
  for (strata_softmax_op op : {STRATA_SOFTMAX, STRATA_LOG_SOFTMAX}) {
    TestTensor dyt = h.make(STRATA_F64, shape, dy);
    TestTensor yt = h.make(STRATA_F64, shape, softmax(h, STRATA_F64, op, shape, x));
    TestTensor dx = h.make(STRATA_F64, shape, std::vector<double>(15, 0));
    ASSERT_TRUE(h.run(STRATA_OP_SOFTMAX_BACKWARD, op, nullptr, {&dyt, &yt}, {&dx}).ok());
    const auto analytic = h.read(dx);
    std::vector<double> xp = x;
    const double eps = 1e-5;
    for (size_t i = 0; i < x.size(); ++i) {
      xp[i] = x[i] + eps;
      const double plus = dot(dy, softmax(h, STRATA_F64, op, shape, xp));
      xp[i] = x[i] - eps;
      const double minus = dot(dy, softmax(h, STRATA_F64, op, shape, xp));
      xp[i] = x[i];
      const double numeric = (plus - minus) / (2 * eps);
      EXPECT_NEAR(analytic[i], numeric, 1e-6 * std::max(1.0, std::fabs(numeric)))
          << "op " << op << " element " << i;
    }
  }
}

TEST(Softmax, BackwardHandCase) {
  ReferenceHarness h;
  // y = (0.25, 0.75), dy = (1, 0): sum(dy*y) = 0.25, dx = y * (dy - 0.25) = (0.1875, -0.1875).
  TestTensor dy = h.make(STRATA_F32, {2}, {1, 0});
  TestTensor y = h.make(STRATA_F32, {2}, {0.25, 0.75});
  TestTensor dx = h.make(STRATA_F32, {2}, {9, 9});
  ASSERT_TRUE(h.run(STRATA_OP_SOFTMAX_BACKWARD, STRATA_SOFTMAX, nullptr, {&dy, &y}, {&dx}).ok());
  EXPECT_EQ(h.read(dx), (std::vector<double>{0.1875, -0.1875}));
  // log-softmax: y = log(0.25, 0.75), dy = (1, 1): dx = dy - exp(y) * 2 = (0.5, -0.5).
  TestTensor ly = h.make(STRATA_F64, {2}, {std::log(0.25), std::log(0.75)});
  TestTensor ones = h.make(STRATA_F64, {2}, {1, 1});
  TestTensor ldx = h.make(STRATA_F64, {2}, {9, 9});
  ASSERT_TRUE(
      h.run(STRATA_OP_SOFTMAX_BACKWARD, STRATA_LOG_SOFTMAX, nullptr, {&ones, &ly}, {&ldx}).ok());
  expect_all_near(h.read(ldx), {0.5, -0.5}, 0, 1e-15);
}

TEST(Softmax, EmptyTensorsTouchNothing) {
  ReferenceHarness h;
  for (std::vector<int64_t> shape : {std::vector<int64_t>{3, 0}, std::vector<int64_t>{0, 4}}) {
    TestTensor x = h.make(STRATA_F32, shape, {});
    TestTensor y = h.make_view(STRATA_F32, shape, {4, 1}, 0, 2, {}, sentinel_for(STRATA_F32));
    ASSERT_TRUE(h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&x}, {&y}).ok());
    expect_guards_intact(h, y);
  }
}

TEST(Softmax, RejectsBadCalls) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F32, {2, 3}, std::vector<double>(6, 0));
  TestTensor y_wrong = h.make(STRATA_F32, {3, 2}, std::vector<double>(6, 0));
  CallResult r = h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&x}, {&y_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f32[2,3]"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("f32[3,2]"), std::string::npos) << r.message;

  TestTensor y = h.make(STRATA_F32, {2, 3}, std::vector<double>(6, 0));
  EXPECT_EQ(h.run(STRATA_OP_SOFTMAX, 2, nullptr, {&x}, {&y}).code, STRATA_UNSUPPORTED);
  TestTensor xi = h.make(STRATA_I32, {2, 3}, std::vector<double>(6, 0));
  TestTensor yi = h.make(STRATA_I32, {2, 3}, std::vector<double>(6, 0));
  EXPECT_EQ(h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&xi}, {&yi}).code,
            STRATA_UNSUPPORTED);
  TestTensor x64 = h.make(STRATA_F64, {2, 3}, std::vector<double>(6, 0));
  EXPECT_EQ(h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&x64}, {&y}).code,
            STRATA_INVALID_ARGUMENT);
  TestTensor scalar = h.make(STRATA_F32, {}, {1});
  r = h.run(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&scalar}, {&scalar});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("rank"), std::string::npos) << r.message;
  EXPECT_EQ(h.run(STRATA_OP_SOFTMAX_BACKWARD, STRATA_SOFTMAX, nullptr, {&x, &y_wrong}, {&y}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_TRUE(
      h.supports(STRATA_OP_SOFTMAX_BACKWARD, STRATA_LOG_SOFTMAX, nullptr, {&x, &x}, {&y}).ok());
}

}  // namespace
}  // namespace strata_test
