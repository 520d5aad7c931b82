// conv2d and pooling (NHWC) against direct host loops over the ABI's formulas.
#include <gtest/gtest.h>

#include <limits>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Shape;
using strata::Tensor;
using strata::ops::Conv2DOptions;
using strata::ops::Padding2D;
using strata::ops::Pool2DOptions;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
using strata_test::sample_values;
namespace ops = strata::ops;

struct Dims {
  int64_t n, h, w, c;
};

std::vector<double> host_conv2d(const std::vector<double>& x, Dims d, const std::vector<double>& k,
                                int64_t kh, int64_t kw, int64_t f, const Conv2DOptions& o) {
  const int64_t cg = d.c / o.groups, fg = f / o.groups;
  const int64_t oh =
      (d.h + o.padding.top + o.padding.bottom - o.dilation_h * (kh - 1) - 1) / o.stride_h + 1;
  const int64_t ow =
      (d.w + o.padding.left + o.padding.right - o.dilation_w * (kw - 1) - 1) / o.stride_w + 1;
  std::vector<double> y;
  for (int64_t n = 0; n < d.n; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t q = 0; q < f; ++q) {
          const int64_t g = q / fg;
          double sum = 0;
          for (int64_t a = 0; a < kh; ++a)
            for (int64_t b = 0; b < kw; ++b)
              for (int64_t c = 0; c < cg; ++c) {
                const int64_t r = i * o.stride_h - o.padding.top + a * o.dilation_h;
                const int64_t s = j * o.stride_w - o.padding.left + b * o.dilation_w;
                if (r < 0 || r >= d.h || s < 0 || s >= d.w) continue;
                sum += x[size_t(((n * d.h + r) * d.w + s) * d.c + g * cg + c)] *
                       k[size_t(((a * kw + b) * cg + c) * f + q)];
              }
          y.push_back(sum);
        }
  return y;
}

std::vector<double> host_pool(bool max, const std::vector<double>& x, Dims d,
                              const Pool2DOptions& o) {
  const int64_t oh = (d.h + o.padding.top + o.padding.bottom - o.window_h) / o.stride_h + 1;
  const int64_t ow = (d.w + o.padding.left + o.padding.right - o.window_w) / o.stride_w + 1;
  std::vector<double> y;
  for (int64_t n = 0; n < d.n; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t c = 0; c < d.c; ++c) {
          double best = -std::numeric_limits<double>::infinity(), sum = 0;
          int count = 0;
          for (int64_t a = 0; a < o.window_h; ++a)
            for (int64_t b = 0; b < o.window_w; ++b) {
              const int64_t r = i * o.stride_h - o.padding.top + a;
              const int64_t s = j * o.stride_w - o.padding.left + b;
              if (r < 0 || r >= d.h || s < 0 || s >= d.w) continue;
              const double v = x[size_t(((n * d.h + r) * d.w + s) * d.c + c)];
              best = std::max(best, v);
              sum += v;
              ++count;
            }
          y.push_back(count == 0 ? 0 : max ? best : sum / count);
        }
  return y;
}

class ConvPoolTest : public strata_test::ReferenceTest {
 protected:
  void check_conv(Dims d, int64_t kh, int64_t kw, int64_t f, const Conv2DOptions& o) {
    const auto x = sample_values(size_t(d.n * d.h * d.w * d.c), -1, 1, 11);
    const auto k = sample_values(size_t(kh * kw * (d.c / o.groups) * f), -1, 1, 12);
    const Tensor y =
        ops::conv2d(f64(x, {d.n, d.h, d.w, d.c}), f64(k, {kh, kw, d.c / o.groups, f}), o);
    expect_values(y, host_conv2d(x, d, k, kh, kw, f, o), 1e-12);
  }
};

TEST_F(ConvPoolTest, Conv2DValid) {
  check_conv({2, 5, 4, 3}, 3, 2, 4, {});
  const Tensor y = ops::conv2d(Tensor::zeros({2, 5, 4, 3}), Tensor::zeros({3, 2, 3, 4}));
  EXPECT_EQ(y.shape(), Shape({2, 3, 3, 4}));
}

TEST_F(ConvPoolTest, Conv2DStridePaddingDilation) {
  Conv2DOptions o;
  o.stride_h = 2;
  o.stride_w = 1;
  o.padding = Padding2D{1, 2, 0, 1};
  o.dilation_w = 2;
  check_conv({1, 6, 5, 2}, 3, 2, 3, o);
}

TEST_F(ConvPoolTest, Conv2DGroupsAndDepthwise) {
  Conv2DOptions grouped;
  grouped.groups = 2;
  check_conv({1, 4, 4, 4}, 2, 2, 6, grouped);
  Conv2DOptions depthwise;
  depthwise.groups = 3;
  depthwise.padding = ops::same_padding(5, 5, 3, 3);
  check_conv({2, 5, 5, 3}, 3, 3, 3, depthwise);
}

TEST_F(ConvPoolTest, SamePaddingMatchesKeras) {
  const Padding2D p = ops::same_padding(5, 4, 3, 3, 2, 2);
  EXPECT_EQ(p.top, 1);
  EXPECT_EQ(p.bottom, 1);
  EXPECT_EQ(p.left, 0);  // the extra pixel goes after
  EXPECT_EQ(p.right, 1);
  const Padding2D d = ops::same_padding(7, 7, 3, 3, 1, 1, 2, 2);
  EXPECT_EQ(d.top + d.bottom, 4);
  Conv2DOptions o;
  o.stride_h = o.stride_w = 2;
  o.padding = p;
  EXPECT_EQ(ops::conv2d(Tensor::zeros({1, 5, 4, 1}), Tensor::zeros({3, 3, 1, 1}), o).shape(),
            Shape({1, 3, 2, 1}));
}

TEST_F(ConvPoolTest, Conv2DErrors) {
  EXPECT_EQ(error_of([] {
              ops::conv2d(Tensor::zeros({5, 5, 3}), Tensor::zeros({3, 3, 3, 1}));
            }),
            "conv2d: x is (5,5,3), expected rank 4 (N,H,W,C)");
  EXPECT_EQ(
      error_of([] {
        ops::conv2d(Tensor::zeros({1, 5, 5, 3}), Tensor::zeros({3, 3, 4, 8}));
      }),
      "conv2d: x is (1,5,5,3), kernel is (3,3,4,8), groups 1: the kernel takes 4 input channels "
      "per group, so x needs 4 channels (and 8 filters must divide by the groups)");
  EXPECT_EQ(
      error_of([] {
        ops::conv2d(Tensor::zeros({1, 2, 5, 1}), Tensor::zeros({3, 3, 1, 1}));
      }),
      "conv2d: x is (1,2,5,1): the window spans 3 pixels along the height, but the padded input "
      "has 2");
  Conv2DOptions o;
  o.stride_w = 0;
  EXPECT_EQ(error_of([&] {
              ops::conv2d(Tensor::zeros({1, 5, 5, 1}), Tensor::zeros({3, 3, 1, 1}), o);
            }),
            "conv2d: stride_w is 0; it must be at least 1");
}

TEST_F(ConvPoolTest, MaxAndAveragePooling) {
  const Dims d{2, 5, 6, 3};
  const auto x = sample_values(size_t(2 * 5 * 6 * 3), -1, 1, 13);
  const Tensor t = f64(x, {2, 5, 6, 3});
  Pool2DOptions two;  // 2x2, stride = window
  const Tensor m = ops::max_pool2d(t, two);
  EXPECT_EQ(m.shape(), Shape({2, 2, 3, 3}));
  two.stride_h = two.stride_w = 2;
  expect_values(m, host_pool(true, x, d, two));

  Pool2DOptions padded;
  padded.window_h = padded.window_w = 3;
  padded.stride_h = padded.stride_w = 1;
  padded.padding = Padding2D{1, 1, 1, 1};
  expect_values(ops::avg_pool2d(t, padded), host_pool(false, x, d, padded), 1e-15);
  expect_values(ops::max_pool2d(t, padded), host_pool(true, x, d, padded));
  EXPECT_EQ(error_of([] {
              Pool2DOptions big;
              big.window_h = 4;
              ops::max_pool2d(Tensor::zeros({1, 3, 3, 1}), big);
            }),
            "max_pool2d: x is (1,3,3,1): the window spans 4 pixels along the height, but the "
            "padded input has 3");
}

}  // namespace
