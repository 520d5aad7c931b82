// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD on the reference backend: hand-worked windows,
// padding rules, a naive loop written here, and finite differences for the gradients.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

strata_pool2d_params params(int wh, int ww, int sh, int sw, int pt = 0, int pb = 0, int pl = 0,
                            int pr = 0) {
  return {sizeof(strata_pool2d_params), wh, ww, sh, sw, pt, pb, pl, pr};
}

int64_t count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

std::vector<double> pool(ReferenceHarness& h, strata_dtype dtype, strata_pool_op op,
                         const strata_pool2d_params& p, const std::vector<int64_t>& x_shape,
                         const std::vector<double>& x, const std::vector<int64_t>& y_shape) {
  TestTensor xt = h.make(dtype, x_shape, x);
  TestTensor yt = guarded_output(h, dtype, y_shape);
  CallResult r = h.run(STRATA_OP_POOL2D, op, &p, {&xt}, {&yt});
  EXPECT_TRUE(r.ok()) << r.message;
  expect_guards_intact(h, yt);
  return h.read(yt);
}

std::vector<double> pool_backward(ReferenceHarness& h, strata_dtype dtype, strata_pool_op op,
                                  const strata_pool2d_params& p,
                                  const std::vector<int64_t>& x_shape, const std::vector<double>& x,
                                  const std::vector<int64_t>& y_shape,
                                  const std::vector<double>& dy) {
  TestTensor dyt = h.make(dtype, y_shape, dy);
  TestTensor xt = h.make(dtype, x_shape, x);
  // dx starts as garbage: the op overwrites it.
  TestTensor dx = h.make(dtype, x_shape, std::vector<double>(x.size(), 77));
  CallResult r = h.run(STRATA_OP_POOL2D_BACKWARD, op, &p, {&dyt, &xt}, {&dx});
  EXPECT_TRUE(r.ok()) << r.message;
  return h.read(dx);
}

std::vector<double> iota(int n, double start, double step) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + step * i;
  return v;
}

TEST(Pool2d, MaxAndAvgHandCases) {
  ReferenceHarness h;
  const auto p = params(2, 2, 2, 2);
  const auto x = iota(16, 1, 1);  // 4x4 image 1..16
  EXPECT_EQ(pool(h, STRATA_F32, STRATA_POOL_MAX, p, {1, 4, 4, 1}, x, {1, 2, 2, 1}),
            (std::vector<double>{6, 8, 14, 16}));
  EXPECT_EQ(pool(h, STRATA_F32, STRATA_POOL_AVG, p, {1, 4, 4, 1}, x, {1, 2, 2, 1}),
            (std::vector<double>{3.5, 5.5, 11.5, 13.5}));
}

TEST(Pool2d, PaddingIsNeverAPixel) {
  ReferenceHarness h;
  // 3x3 image, 2x2 windows, stride 1, padding top 1 and left 1: the first row and column of
  // windows overhang the image.
  const auto p = params(2, 2, 1, 1, 1, 0, 1, 0);
  EXPECT_EQ(pool(h, STRATA_F64, STRATA_POOL_AVG, p, {1, 3, 3, 1}, iota(9, 1, 1), {1, 3, 3, 1}),
            (std::vector<double>{1, 1.5, 2.5, 2.5, 3, 4, 5.5, 6, 7}));
  // All negative: a zero from the padding would win if MAX looked at it.
  EXPECT_EQ(pool(h, STRATA_F64, STRATA_POOL_MAX, p, {1, 3, 3, 1}, iota(9, -1, -1), {1, 3, 3, 1}),
            (std::vector<double>{-1, -1, -2, -1, -1, -2, -4, -4, -5}));
}

TEST(Pool2d, WindowWithNoPixelGivesZero) {
  ReferenceHarness h;
  // A 1x1 image with two rows of bottom padding and stride 2: the second window is all padding.
  const auto p = params(1, 1, 2, 1, 0, 2, 0, 0);
  for (strata_pool_op op : {STRATA_POOL_MAX, STRATA_POOL_AVG}) {
    EXPECT_EQ(pool(h, STRATA_F32, op, p, {1, 1, 1, 1}, {-5}, {1, 2, 1, 1}),
              (std::vector<double>{-5, 0}));
    EXPECT_EQ(pool_backward(h, STRATA_F32, op, p, {1, 1, 1, 1}, {-5}, {1, 2, 1, 1}, {3, 4}),
              (std::vector<double>{3}));
  }
}

// max/avg pooling of every window, written directly from the definition.
std::vector<double> naive_pool(strata_pool_op op, const strata_pool2d_params& p,
                               const std::vector<int64_t>& xs, const std::vector<double>& x,
                               int64_t oh, int64_t ow) {
  std::vector<double> y;
  for (int64_t n = 0; n < xs[0]; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t c = 0; c < xs[3]; ++c) {
          std::vector<double> pixels;
          for (int64_t r = i * p.stride_h - p.pad_top; r < i * p.stride_h - p.pad_top + p.window_h;
               ++r)
            for (int64_t s = j * p.stride_w - p.pad_left;
                 s < j * p.stride_w - p.pad_left + p.window_w; ++s)
              if (r >= 0 && r < xs[1] && s >= 0 && s < xs[2])
                pixels.push_back(x[((n * xs[1] + r) * xs[2] + s) * xs[3] + c]);
          double sum = 0;
          for (double v : pixels) sum += v;
          y.push_back(pixels.empty()          ? 0
                      : op == STRATA_POOL_MAX ? *std::max_element(pixels.begin(), pixels.end())
                                              : sum / pixels.size());
        }
  return y;
}

TEST(Pool2d, MatchesNaiveLoopAcrossDtypes) {
  ReferenceHarness h;
  const std::vector<int64_t> xs = {2, 5, 6, 3};
  const auto p = params(3, 2, 2, 1, 1, 1, 0, 1);  // OH = (5+2-3)/2+1 = 3, OW = (6+1-2)+1 = 6
  const std::vector<int64_t> ys = {2, 3, 6, 3};
  const auto x = random_values(count(xs), 1);
  for (strata_pool_op op : {STRATA_POOL_MAX, STRATA_POOL_AVG}) {
    const auto expected = naive_pool(op, p, xs, x, 3, 6);
    EXPECT_LT(nmse(pool(h, STRATA_F64, op, p, xs, x, ys), expected), 1e-28);
    EXPECT_LT(nmse(pool(h, STRATA_F32, op, p, xs, x, ys), expected), 1e-13);
    EXPECT_LT(nmse(pool(h, STRATA_F16, op, p, xs, x, ys), expected), 1e-6);
    EXPECT_LT(nmse(pool(h, STRATA_BF16, op, p, xs, x, ys), expected), 1e-4);
  }
}

TEST(Pool2d, StridedInputAndGuardedOutput) {
  ReferenceHarness h;
  const auto p = params(2, 2, 1, 1);
  const auto x = random_values(2 * 3 * 3 * 2, 2);
  // x is a channel slice of a tensor with 5 channels; y has its rows padded in memory.
  TestTensor xt = h.make_view(STRATA_F32, {2, 3, 3, 2}, {45, 15, 5, 1}, 1, 90, x);
  TestTensor yt =
      h.make_view(STRATA_F32, {2, 2, 2, 2}, {12, 6, 2, 1}, 3, 30, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&xt}, {&yt}).ok());
  EXPECT_LT(nmse(h.read(yt), naive_pool(STRATA_POOL_MAX, p, {2, 3, 3, 2}, x, 2, 2)), 1e-13);
  expect_guards_intact(h, yt);
}

TEST(Pool2d, MaxBackwardGoesToTheFirstMaximum) {
  ReferenceHarness h;
  const auto p = params(2, 2, 2, 2);
  // A tie over the whole window: the first pixel in row-major order takes it all.
  EXPECT_EQ(pool_backward(h, STRATA_F32, STRATA_POOL_MAX, p, {1, 2, 2, 1}, {1, 1, 1, 1},
                          {1, 1, 1, 1}, {5}),
            (std::vector<double>{5, 0, 0, 0}));
  // A tie between (0,1) and (1,0): (0,1) comes first.
  EXPECT_EQ(pool_backward(h, STRATA_F32, STRATA_POOL_MAX, p, {1, 2, 2, 1}, {1, 3, 3, 2},
                          {1, 1, 1, 1}, {5}),
            (std::vector<double>{0, 5, 0, 0}));
  // Overlapping windows that pick the same pixel accumulate there.
  EXPECT_EQ(pool_backward(h, STRATA_F64, STRATA_POOL_MAX, params(1, 2, 1, 1), {1, 1, 3, 1},
                          {1, 3, 2}, {1, 1, 2, 1}, {1, 2}),
            (std::vector<double>{0, 3, 0}));
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Central differences of L = sum(dy * pool(x)) with respect to x, through the forward op.
std::vector<double> numeric_gradient(ReferenceHarness& h, strata_pool_op op,
                                     const strata_pool2d_params& p, const std::vector<int64_t>& xs,
                                     std::vector<double> x, const std::vector<int64_t>& ys,
                                     const std::vector<double>& dy) {
  std::vector<double> grad(x.size());
  const double eps = 1e-6;
  for (size_t i = 0; i < x.size(); ++i) {
    const double saved = x[i];
    x[i] = saved + eps;
    const double plus = dot(dy, pool(h, STRATA_F64, op, p, xs, x, ys));
    x[i] = saved - eps;
    const double minus = dot(dy, pool(h, STRATA_F64, op, p, xs, x, ys));
    x[i] = saved;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return grad;
}

// AVG always; MAX too, since random inputs have no ties and max is smooth away from them.
TEST(Pool2d, BackwardMatchesFiniteDifferences) {
  ReferenceHarness h;
  const std::vector<int64_t> xs = {1, 5, 4, 2};
  const auto p = params(3, 2, 1, 2, 1, 2, 1, 0);  // overlapping rows, padding on three sides
  const std::vector<int64_t> ys = {1, 6, 2, 2};   // OH = (5+3-3)+1 = 6, OW = (4+1-2)/2+1 = 2
  const auto x = random_values(count(xs), 3), dy = random_values(count(ys), 4);
  for (strata_pool_op op : {STRATA_POOL_AVG, STRATA_POOL_MAX}) {
    const auto analytic = pool_backward(h, STRATA_F64, op, p, xs, x, ys, dy);
    const auto numeric = numeric_gradient(h, op, p, xs, x, ys, dy);
    ASSERT_EQ(analytic.size(), numeric.size());
    for (size_t i = 0; i < analytic.size(); ++i) {
      EXPECT_NEAR(analytic[i], numeric[i], 1e-6) << "op " << op << " element " << i;
    }
  }
}

TEST(Pool2d, EmptyBatchTouchesNothing) {
  ReferenceHarness h;
  const auto p = params(2, 2, 1, 1);
  TestTensor x = h.make(STRATA_F32, {0, 3, 3, 1}, {});
  TestTensor y =
      h.make_view(STRATA_F32, {0, 2, 2, 1}, {4, 2, 1, 1}, 0, 2, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_POOL2D, STRATA_POOL_AVG, &p, {&x}, {&y}).ok());
  expect_guards_intact(h, y);
}

TEST(Pool2d, RejectsBadCalls) {
  ReferenceHarness h;
  auto p = params(2, 2, 2, 2);
  TestTensor x = h.make(STRATA_F32, {1, 4, 4, 1}, iota(16, 1, 1));
  TestTensor y = h.make(STRATA_F32, {1, 2, 2, 1}, std::vector<double>(4, 0));
  TestTensor y_wrong = h.make(STRATA_F32, {1, 3, 2, 1}, std::vector<double>(6, 0));
  CallResult r = h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&x}, {&y_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  for (const char* part : {"f32[1,4,4,1]", "f32[1,3,2,1]", "[1,2,2,1]"}) {
    EXPECT_NE(r.message.find(part), std::string::npos) << part << " in " << r.message;
  }
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, 7, &p, {&x}, {&y}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, nullptr, {&x}, {&y}).code,
            STRATA_INVALID_ARGUMENT);
  p.window_w = 0;
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&x}, {&y}).code, STRATA_INVALID_ARGUMENT);
  p = params(2, 2, 2, 2, -1);
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&x}, {&y}).code, STRATA_INVALID_ARGUMENT);

  p = params(2, 2, 2, 2);
  TestTensor xi = h.make(STRATA_I32, {1, 4, 4, 1}, iota(16, 1, 1));
  TestTensor yi = h.make(STRATA_I32, {1, 2, 2, 1}, std::vector<double>(4, 0));
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&xi}, {&yi}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&x}, {&yi}).code,
            STRATA_INVALID_ARGUMENT);

  TestTensor dx_wrong = h.make(STRATA_F32, {1, 4, 3, 1}, std::vector<double>(12, 0));
  r = h.run(STRATA_OP_POOL2D_BACKWARD, STRATA_POOL_AVG, &p, {&y, &x}, {&dx_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f32[1,4,3,1]"), std::string::npos) << r.message;
  TestTensor dx = h.make(STRATA_F32, {1, 4, 4, 1}, std::vector<double>(16, 0));
  EXPECT_EQ(h.run(STRATA_OP_POOL2D_BACKWARD, STRATA_POOL_AVG, &p, {&y_wrong, &x}, {&dx}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_TRUE(h.supports(STRATA_OP_POOL2D_BACKWARD, STRATA_POOL_AVG, &p, {&y, &x}, {&dx}).ok());
}

}  // namespace
}  // namespace strata_test
