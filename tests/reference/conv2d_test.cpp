// STRATA_OP_CONV2D and its gradients on the reference backend: the forward op against a naive
// loop written here, the backward ops against central differences of the forward op.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

// One convolution problem: shapes in the forward op's terms and its params.
struct Problem {
  int64_t n, h, w, c, kh, kw, f;
  strata_conv2d_params p;

  int64_t oh() const {
    return (h + p.pad_top + p.pad_bottom - p.dilation_h * (kh - 1) - 1) / p.stride_h + 1;
  }
  int64_t ow() const {
    return (w + p.pad_left + p.pad_right - p.dilation_w * (kw - 1) - 1) / p.stride_w + 1;
  }
  std::vector<int64_t> x_shape() const { return {n, h, w, c}; }
  std::vector<int64_t> w_shape() const { return {kh, kw, c / p.groups, f}; }
  std::vector<int64_t> y_shape() const { return {n, oh(), ow(), f}; }
};

strata_conv2d_params params(int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw,
                            int groups) {
  return {sizeof(strata_conv2d_params), sh, sw, pt, pb, pl, pr, dh, dw, groups};
}

int64_t count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

// The forward convolution, written directly from the definition over dense vectors.
std::vector<double> naive_conv(const Problem& pr, const std::vector<double>& x,
                               const std::vector<double>& w) {
  const int64_t oh = pr.oh(), ow = pr.ow(), cg = pr.c / pr.p.groups, fg = pr.f / pr.p.groups;
  std::vector<double> y(pr.n * oh * ow * pr.f, 0.0);
  for (int64_t n = 0; n < pr.n; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t f = 0; f < pr.f; ++f) {
          double sum = 0;
          for (int64_t a = 0; a < pr.kh; ++a)
            for (int64_t b = 0; b < pr.kw; ++b)
              for (int64_t c = 0; c < cg; ++c) {
                const int64_t row = i * pr.p.stride_h - pr.p.pad_top + a * pr.p.dilation_h;
                const int64_t col = j * pr.p.stride_w - pr.p.pad_left + b * pr.p.dilation_w;
                if (row < 0 || row >= pr.h || col < 0 || col >= pr.w) continue;
                const int64_t channel = (f / fg) * cg + c;
                sum += x[((n * pr.h + row) * pr.w + col) * pr.c + channel] *
                       w[((a * pr.kw + b) * cg + c) * pr.f + f];
              }
          y[((n * oh + i) * ow + j) * pr.f + f] = sum;
        }
  return y;
}

std::vector<double> run_forward(ReferenceHarness& h, strata_dtype dtype, const Problem& pr,
                                const std::vector<double>& x, const std::vector<double>& w) {
  TestTensor xt = h.make(dtype, pr.x_shape(), x);
  TestTensor wt = h.make(dtype, pr.w_shape(), w);
  TestTensor yt = guarded_output(h, dtype, pr.y_shape());
  CallResult r = h.run(STRATA_OP_CONV2D, 0, &pr.p, {&xt, &wt}, {&yt});
  EXPECT_TRUE(r.ok()) << r.message;
  expect_guards_intact(h, yt);
  return h.read(yt);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Central differences of L = sum(dy * conv(x, w)) with respect to every element of `var`
// (x when wrt_x, else w), using the plugin's forward op in F64.
std::vector<double> numeric_gradient(ReferenceHarness& h, const Problem& pr, std::vector<double> x,
                                     std::vector<double> w, const std::vector<double>& dy,
                                     bool wrt_x) {
  std::vector<double>& var = wrt_x ? x : w;
  std::vector<double> grad(var.size());
  const double eps = 1e-3;
  for (size_t i = 0; i < var.size(); ++i) {
    const double saved = var[i];
    var[i] = saved + eps;
    const double plus = dot(dy, run_forward(h, STRATA_F64, pr, x, w));
    var[i] = saved - eps;
    const double minus = dot(dy, run_forward(h, STRATA_F64, pr, x, w));
    var[i] = saved;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return grad;
}

void expect_close(const std::vector<double>& actual, const std::vector<double>& expected,
                  double relative) {
  ASSERT_EQ(actual.size(), expected.size());
  double scale = 0;
  for (double v : expected) scale = std::max(scale, std::fabs(v));
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], relative * std::max(scale, 1.0)) << "element " << i;
  }
}

TEST(Conv2d, HandCase) {
  ReferenceHarness h;
  // 3x3 image 1..9, 2x2 kernel of ones: each output is the sum of a 2x2 block.
  TestTensor x = h.make(STRATA_F32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  TestTensor w = h.make(STRATA_F32, {2, 2, 1, 1}, {1, 1, 1, 1});
  TestTensor y = h.make(STRATA_F32, {1, 2, 2, 1}, {0, 0, 0, 0});
  const auto p = params(1, 1, 0, 0, 0, 0, 1, 1, 1);
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y}).ok());
  EXPECT_EQ(h.read(y), (std::vector<double>{12, 16, 24, 28}));
}

// Stride, asymmetric padding, dilation, groups and depthwise, each against the naive loop.
const Problem kProblems[] = {
    {2, 5, 6, 3, 3, 3, 4, params(1, 1, 0, 0, 0, 0, 1, 1, 1)},  // plain
    {1, 7, 6, 2, 3, 2, 3, params(2, 2, 0, 0, 0, 0, 1, 1, 1)},  // stride 2
    {1, 5, 4, 2, 3, 3, 2, params(1, 2, 1, 2, 0, 1, 1, 1, 1)},  // asymmetric padding
    {1, 7, 7, 1, 3, 2, 2, params(1, 1, 1, 1, 2, 0, 2, 2, 1)},  // dilation 2
    {2, 4, 5, 4, 2, 3, 6, params(1, 1, 1, 0, 1, 1, 1, 1, 2)},  // groups 2
    {1, 5, 5, 3, 3, 3, 6, params(2, 1, 1, 1, 1, 1, 1, 2, 3)},  // depthwise, multiplier 2
};

TEST(Conv2d, ForwardMatchesNaiveLoop) {
  ReferenceHarness h;
  unsigned seed = 100;
  for (const Problem& pr : kProblems) {
    const auto x = random_values(count(pr.x_shape()), seed++);
    const auto w = random_values(count(pr.w_shape()), seed++);
    const auto expected = naive_conv(pr, x, w);
    for (strata_dtype dtype : {STRATA_F64, STRATA_F32}) {
      EXPECT_LT(nmse(run_forward(h, dtype, pr, x, w), expected),
                dtype == STRATA_F64 ? 1e-28 : 1e-12)
          << "problem with groups " << pr.p.groups << ", stride " << pr.p.stride_h;
    }
  }
}

TEST(Conv2d, ForwardHalfPrecision) {
  ReferenceHarness h;
  const Problem& pr = kProblems[4];
  const auto x = random_values(count(pr.x_shape()), 7), w = random_values(count(pr.w_shape()), 8);
  const auto expected = naive_conv(pr, x, w);
  EXPECT_LT(nmse(run_forward(h, STRATA_F16, pr, x, w), expected), 1e-5);
  EXPECT_LT(nmse(run_forward(h, STRATA_BF16, pr, x, w), expected), 1e-3);
}

TEST(Conv2d, StridedInputAndGuardedStridedOutput) {
  ReferenceHarness h;
  const Problem& pr = kProblems[2];
  const auto x = random_values(count(pr.x_shape()), 9), w = random_values(count(pr.w_shape()), 10);
  const auto ys = pr.y_shape();
  // y's channels padded from F to F+1 in memory, starting at element 3.
  const int64_t fp = ys[3] + 1;
  const std::vector<int64_t> strides = {ys[1] * ys[2] * fp, ys[2] * fp, fp, 1};
  const int64_t buffer = 3 + ys[0] * strides[0] + 2;
  // x is non-contiguous too: its channels are padded by one element in memory.
  const auto xs = pr.x_shape();
  const int64_t cp = xs[3] + 1;
  TestTensor xt = h.make_view(STRATA_F32, xs, {xs[1] * xs[2] * cp, xs[2] * cp, cp, 1}, 2,
                              2 + xs[0] * xs[1] * xs[2] * cp, x);
  TestTensor wt = h.make(STRATA_F32, pr.w_shape(), w);
  TestTensor yt = h.make_view(STRATA_F32, ys, strides, 3, buffer, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D, 0, &pr.p, {&xt, &wt}, {&yt}).ok());
  EXPECT_LT(nmse(h.read(yt), naive_conv(pr, x, w)), 1e-12);
  expect_guards_intact(h, yt);
}

TEST(Conv2d, BroadcastWeightInput) {
  ReferenceHarness h;
  const Problem pr{1, 4, 4, 2, 2, 3, 2, params(1, 1, 0, 0, 1, 1, 1, 1, 1)};
  const auto x = random_values(count(pr.x_shape()), 11);
  const auto w_row = random_values(3 * 2 * 2, 12);  // one [KW, C, F] slice shared by every kh
  std::vector<double> w_full;
  for (int64_t kh = 0; kh < pr.kh; ++kh) w_full.insert(w_full.end(), w_row.begin(), w_row.end());
  TestTensor xt = h.make(STRATA_F64, pr.x_shape(), x);
  TestTensor wt = h.make_view(STRATA_F64, {1, 3, 2, 2}, {0, 4, 2, 1}, 0, 12, w_row);
  wt.desc.shape[0] = pr.kh;  // stride 0 repeats the slice along KH
  TestTensor yt = h.make(STRATA_F64, pr.y_shape(), std::vector<double>(count(pr.y_shape()), 0));
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D, 0, &pr.p, {&xt, &wt}, {&yt}).ok());
  EXPECT_LT(nmse(h.read(yt), naive_conv(pr, x, w_full)), 1e-28);
}

// Backward data and filter against central differences of the forward op, for every problem.
TEST(Conv2d, BackwardOpsMatchFiniteDifferences) {
  ReferenceHarness h;
  unsigned seed = 200;
  for (const Problem& pr : kProblems) {
    const auto x = random_values(count(pr.x_shape()), seed++);
    const auto w = random_values(count(pr.w_shape()), seed++);
    const auto dy = random_values(count(pr.y_shape()), seed++);
    TestTensor xt = h.make(STRATA_F64, pr.x_shape(), x);
    TestTensor wt = h.make(STRATA_F64, pr.w_shape(), w);
    TestTensor dyt = h.make(STRATA_F64, pr.y_shape(), dy);
    // Outputs start as garbage: the backward ops overwrite, never accumulate.
    TestTensor dx = h.make(STRATA_F64, pr.x_shape(), std::vector<double>(x.size(), 99));
    TestTensor dw = h.make(STRATA_F64, pr.w_shape(), std::vector<double>(w.size(), 99));
    ASSERT_TRUE(h.run(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &pr.p, {&dyt, &wt}, {&dx}).ok());
    ASSERT_TRUE(h.run(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &pr.p, {&xt, &dyt}, {&dw}).ok());
    expect_close(h.read(dx), numeric_gradient(h, pr, x, w, dy, true), 1e-6);
    expect_close(h.read(dw), numeric_gradient(h, pr, x, w, dy, false), 1e-6);
  }
}

TEST(Conv2d, BackwardF32IntoGuardedViews) {
  ReferenceHarness h;
  const Problem& pr = kProblems[4];
  const auto x = random_values(count(pr.x_shape()), 300),
             w = random_values(count(pr.w_shape()), 301),
             dy = random_values(count(pr.y_shape()), 302);
  auto f64_result = [&](strata_op op, const std::vector<int64_t>& shape, const TestTensor& a,
                        const TestTensor& b) {
    TestTensor out = h.make(STRATA_F64, shape, std::vector<double>(count(shape), 0));
    EXPECT_TRUE(h.run(op, 0, &pr.p, {&a, &b}, {&out}).ok());
    return h.read(out);
  };
  TestTensor x64 = h.make(STRATA_F64, pr.x_shape(), x), w64 = h.make(STRATA_F64, pr.w_shape(), w),
             dy64 = h.make(STRATA_F64, pr.y_shape(), dy);
  const auto dx_expected = f64_result(STRATA_OP_CONV2D_BACKWARD_DATA, pr.x_shape(), dy64, w64);
  const auto dw_expected = f64_result(STRATA_OP_CONV2D_BACKWARD_FILTER, pr.w_shape(), x64, dy64);

  TestTensor x32 = h.make(STRATA_F32, pr.x_shape(), x), w32 = h.make(STRATA_F32, pr.w_shape(), w),
             dy32 = h.make(STRATA_F32, pr.y_shape(), dy);
  const int64_t nx = count(pr.x_shape()), nw = count(pr.w_shape());
  const auto xs = pr.x_shape(), ws = pr.w_shape();
  TestTensor dx = h.make_view(STRATA_F32, xs, {xs[1] * xs[2] * xs[3], xs[2] * xs[3], xs[3], 1}, 5,
                              nx + 9, {}, sentinel_for(STRATA_F32));
  TestTensor dw = h.make_view(STRATA_F32, ws, {ws[1] * ws[2] * ws[3], ws[2] * ws[3], ws[3], 1}, 1,
                              nw + 2, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &pr.p, {&dy32, &w32}, {&dx}).ok());
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &pr.p, {&x32, &dy32}, {&dw}).ok());
  EXPECT_LT(nmse(h.read(dx), dx_expected), 1e-12);
  EXPECT_LT(nmse(h.read(dw), dw_expected), 1e-12);
  expect_guards_intact(h, dx);
  expect_guards_intact(h, dw);
}

TEST(Conv2d, EmptyBatchTouchesNothing) {
  ReferenceHarness h;
  const auto p = params(1, 1, 0, 0, 0, 0, 1, 1, 1);
  TestTensor x = h.make(STRATA_F32, {0, 3, 3, 2}, {});
  TestTensor w = h.make(STRATA_F32, {2, 2, 2, 3}, std::vector<double>(24, 1));
  TestTensor y =
      h.make_view(STRATA_F32, {0, 2, 2, 3}, {12, 6, 3, 1}, 0, 3, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y}).ok());
  expect_guards_intact(h, y);
  // No input channels: every output is an empty sum, 0.
  TestTensor x0 = h.make(STRATA_F32, {1, 3, 3, 0}, {});
  TestTensor w0 = h.make(STRATA_F32, {2, 2, 0, 2}, {});
  TestTensor y0 = h.make(STRATA_F32, {1, 2, 2, 2}, std::vector<double>(8, 5));
  ASSERT_TRUE(h.run(STRATA_OP_CONV2D, 0, &p, {&x0, &w0}, {&y0}).ok());
  EXPECT_EQ(h.read(y0), std::vector<double>(8, 0));
}

TEST(Conv2d, RejectsInconsistentShapes) {
  ReferenceHarness h;
  auto p = params(1, 1, 0, 0, 0, 0, 1, 1, 1);
  TestTensor x = h.make(STRATA_F32, {1, 5, 5, 3}, std::vector<double>(75, 1));
  TestTensor w = h.make(STRATA_F32, {3, 3, 3, 8}, std::vector<double>(216, 1));
  TestTensor y_wrong = h.make(STRATA_F32, {1, 4, 4, 8}, std::vector<double>(128, 0));
  CallResult r = h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  for (const char* part : {"f32[1,5,5,3]", "f32[3,3,3,8]", "f32[1,4,4,8]", "[1,3,3,8]"}) {
    EXPECT_NE(r.message.find(part), std::string::npos) << part << " in " << r.message;
  }

  TestTensor y = h.make(STRATA_F32, {1, 3, 3, 8}, std::vector<double>(72, 0));
  p.groups = 2;  // 2 does not divide C = 3
  r = h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("groups"), std::string::npos) << r.message;

  p.groups = 3;  // divides C and... not F = 8
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y}).code, STRATA_INVALID_ARGUMENT);

  p.groups = 1;
  TestTensor w_bad = h.make(STRATA_F32, {3, 3, 2, 8}, std::vector<double>(144, 1));
  r = h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w_bad}, {&y});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("C/groups"), std::string::npos) << r.message;

  TestTensor w_big = h.make(STRATA_F32, {7, 3, 3, 8}, std::vector<double>(504, 1));
  TestTensor y_any = h.make(STRATA_F32, {1, 1, 3, 8}, std::vector<double>(24, 0));
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w_big}, {&y_any}).code, STRATA_INVALID_ARGUMENT);

  // Backward ops validate the same geometry from their own roles.
  TestTensor dy_wrong = h.make(STRATA_F32, {1, 4, 4, 8}, std::vector<double>(128, 0));
  TestTensor dx = h.make(STRATA_F32, {1, 5, 5, 3}, std::vector<double>(75, 0));
  TestTensor dw = h.make(STRATA_F32, {3, 3, 3, 8}, std::vector<double>(216, 0));
  EXPECT_EQ(h.run(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &p, {&dy_wrong, &w}, {&dx}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_EQ(h.run(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &p, {&x, &dy_wrong}, {&dw}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_TRUE(h.supports(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &p, {&x, &y}, {&dw}).ok());
}

TEST(Conv2d, RejectsBadParamsAndDtypes) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F32, {1, 3, 3, 1}, std::vector<double>(9, 1));
  TestTensor w = h.make(STRATA_F32, {2, 2, 1, 1}, std::vector<double>(4, 1));
  TestTensor y = h.make(STRATA_F32, {1, 2, 2, 1}, std::vector<double>(4, 0));
  for (auto p : {params(0, 1, 0, 0, 0, 0, 1, 1, 1), params(1, 1, -1, 0, 0, 0, 1, 1, 1),
                 params(1, 1, 0, 0, 0, 0, 1, 0, 1), params(1, 1, 0, 0, 0, 0, 1, 1, 0)}) {
    EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &w}, {&y}).code, STRATA_INVALID_ARGUMENT);
  }
  const auto p = params(1, 1, 0, 0, 0, 0, 1, 1, 1);
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, nullptr, {&x, &w}, {&y}).code, STRATA_INVALID_ARGUMENT);
  TestTensor xi = h.make(STRATA_I32, {1, 3, 3, 1}, std::vector<double>(9, 1));
  TestTensor wi = h.make(STRATA_I32, {2, 2, 1, 1}, std::vector<double>(4, 1));
  TestTensor yi = h.make(STRATA_I32, {1, 2, 2, 1}, std::vector<double>(4, 0));
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&xi, &wi}, {&yi}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&x, &wi}, {&y}).code, STRATA_INVALID_ARGUMENT);
  TestTensor x3 = h.make(STRATA_F32, {3, 3, 1}, std::vector<double>(9, 1));
  EXPECT_EQ(h.run(STRATA_OP_CONV2D, 0, &p, {&x3, &w}, {&y}).code, STRATA_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace strata_test
