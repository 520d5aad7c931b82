// Conv2D and Conv1D against naive host loops, with TF's "same" padding computed here.
#include <gmock/gmock.h>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;

// TF's padding for "same": the output has ceil(in / stride) positions and the extra pixel of an
// odd total goes at the end (bottom/right).
int64_t same_pad_before(int64_t in, int64_t kernel, int64_t stride, int64_t dilation) {
  const int64_t out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
  return total / 2;
}

struct ConvGeometry {
  int64_t n, h, w, c, kh, kw, f, sh, sw, dh, dw, groups, pad_top, pad_left, oh, ow;
};

// Cross-correlation in NHWC, kernel [kh, kw, c/groups, f], zero padding.
std::vector<double> host_conv2d(const std::vector<double>& x, const std::vector<double>& k,
                                const std::vector<double>& bias, const ConvGeometry& g) {
  const int64_t cg = g.c / g.groups, fg = g.f / g.groups;
  std::vector<double> y(size_t(g.n * g.oh * g.ow * g.f));
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t f = 0; f < g.f; ++f) {
          const int64_t group = f / fg;
          double total = bias.empty() ? 0 : bias[size_t(f)];
          for (int64_t ky = 0; ky < g.kh; ++ky)
            for (int64_t kx = 0; kx < g.kw; ++kx) {
              const int64_t iy = oy * g.sh + ky * g.dh - g.pad_top;
              const int64_t ix = ox * g.sw + kx * g.dw - g.pad_left;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              for (int64_t ci = 0; ci < cg; ++ci) {
                const int64_t c = group * cg + ci;
                total += x[size_t(((n * g.h + iy) * g.w + ix) * g.c + c)] *
                         k[size_t(((ky * g.kw + kx) * cg + ci) * g.f + f)];
              }
            }
          y[size_t(((n * g.oh + oy) * g.ow + ox) * g.f + f)] = total;
        }
  return y;
}

struct Conv2DCase {
  const char* label;
  int64_t h, w, c, f;
  int32_t kh, kw, sh, sw, dh, dw, groups;
  const char* padding;
};
void PrintTo(const Conv2DCase& c, std::ostream* os) {
  *os << c.label;
}

class Conv2DForward : public LayersTest, public ::testing::WithParamInterface<Conv2DCase> {};

TEST_P(Conv2DForward, MatchesNaiveLoop) {
  const Conv2DCase& p = GetParam();
  const bool same = std::string(p.padding) == "same";
  Conv2D conv(p.f, {p.kh, p.kw},
              {.strides = {p.sh, p.sw},
               .padding = p.padding,
               .dilation_rate = {p.dh, p.dw},
               .groups = p.groups,
               .bias_initializer = "random_uniform"});
  const int64_t n = 2;
  const std::vector<double> x = host_values(size_t(n * p.h * p.w * p.c), 11);
  const Tensor y = conv(tensor_of(x, {n, p.h, p.w, p.c}));
  ConvGeometry g{n, p.h, p.w, p.c, p.kh, p.kw, p.f, p.sh, p.sw, p.dh, p.dw, p.groups, 0, 0, 0, 0};
  if (same) {
    g.pad_top = same_pad_before(p.h, p.kh, p.sh, p.dh);
    g.pad_left = same_pad_before(p.w, p.kw, p.sw, p.dw);
    g.oh = (p.h + p.sh - 1) / p.sh;
    g.ow = (p.w + p.sw - 1) / p.sw;
  } else {
    g.oh = (p.h - (p.kh - 1) * p.dh - 1) / p.sh + 1;
    g.ow = (p.w - (p.kw - 1) * p.dw - 1) / p.sw + 1;
  }
  ASSERT_EQ(y.shape(), Shape({n, g.oh, g.ow, p.f}));
  const auto weights = conv->weights();
  ASSERT_EQ(weights[0].shape(), Shape({p.kh, p.kw, p.c / p.groups, p.f}));
  expect_close(values_of(y),
               host_conv2d(x, values_of(weights[0].value()), values_of(weights[1].value()), g),
               1e-5, 1e-5, p.label);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Conv2DForward,
    ::testing::Values(Conv2DCase{"valid", 5, 6, 3, 4, 3, 3, 1, 1, 1, 1, 1, "valid"},
                      Conv2DCase{"valid_strided", 7, 6, 2, 3, 3, 2, 2, 3, 1, 1, 1, "valid"},
                      // Odd totals: the extra padding goes to the bottom and right, as TF.
                      Conv2DCase{"same_strided", 5, 6, 2, 3, 3, 3, 2, 2, 1, 1, 1, "same"},
                      Conv2DCase{"same_even_kernel", 4, 5, 2, 2, 2, 4, 1, 1, 1, 1, 1, "same"},
                      Conv2DCase{"same_dilated", 6, 7, 2, 3, 3, 3, 1, 1, 2, 2, 1, "same"},
                      Conv2DCase{"valid_dilated", 7, 7, 1, 2, 3, 2, 1, 1, 2, 3, 1, "valid"},
                      Conv2DCase{"grouped", 4, 4, 4, 6, 3, 3, 1, 1, 1, 1, 2, "same"},
                      Conv2DCase{"depthwise", 4, 5, 3, 3, 2, 2, 1, 1, 1, 1, 3, "valid"}),
    [](const auto& info) { return std::string(info.param.label); });

struct Conv1DCase {
  const char* label;
  int64_t length, c, f;
  int32_t k, stride, dilation;
  const char* padding;
};
void PrintTo(const Conv1DCase& c, std::ostream* os) {
  *os << c.label;
}

class Conv1DForward : public LayersTest, public ::testing::WithParamInterface<Conv1DCase> {};

TEST_P(Conv1DForward, MatchesNaiveLoop) {
  const Conv1DCase& p = GetParam();
  Conv1D conv(p.f, p.k,
              {.strides = p.stride,
               .padding = p.padding,
               .dilation_rate = p.dilation,
               .bias_initializer = "random_uniform"});
  const int64_t n = 2;
  const std::vector<double> x = host_values(size_t(n * p.length * p.c), 12);
  const Tensor y = conv(tensor_of(x, {n, p.length, p.c}));
  const std::string padding = p.padding;
  const int64_t span = (p.k - 1) * p.dilation;
  const int64_t pad_left = padding == "causal" ? span
                           : padding == "same"
                               ? same_pad_before(p.length, p.k, p.stride, p.dilation)
                               : 0;
  const int64_t out_len = padding == "valid" ? (p.length - span - 1) / p.stride + 1
                                             : (p.length + p.stride - 1) / p.stride;
  ASSERT_EQ(y.shape(), Shape({n, out_len, p.f}));
  const auto weights = conv->weights();
  ASSERT_EQ(weights[0].shape(), Shape({p.k, p.c, p.f}));
  ConvGeometry g{n,        1, p.length,   p.c, 1, p.k,      p.f, 1,
                 p.stride, 1, p.dilation, 1,   0, pad_left, 1,   out_len};
  expect_close(values_of(y),
               host_conv2d(x, values_of(weights[0].value()), values_of(weights[1].value()), g),
               1e-5, 1e-5, p.label);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Conv1DForward,
    ::testing::Values(Conv1DCase{"valid", 9, 3, 4, 3, 1, 1, "valid"},
                      Conv1DCase{"same_strided", 9, 2, 3, 4, 2, 1, "same"},
                      Conv1DCase{"causal", 8, 2, 3, 3, 1, 1, "causal"},
                      Conv1DCase{"causal_dilated", 10, 2, 2, 3, 1, 2, "causal"},
                      Conv1DCase{"causal_strided", 9, 1, 2, 2, 2, 1, "causal"}),
    [](const auto& info) { return std::string(info.param.label); });

using ConvTest = LayersTest;

// Causal: output t depends on inputs up to t only.
TEST_F(ConvTest, CausalConv1DNeverLooksAhead) {
  Conv1D conv(1, 3, {.padding = "causal", .dilation_rate = 2});
  std::vector<double> x(10, 0.0);
  const std::vector<double> before = values_of(conv(tensor_of(x, {1, 10, 1})));
  x[6] = 5;
  const std::vector<double> after = values_of(conv(tensor_of(x, {1, 10, 1})));
  for (size_t t = 0; t < 6; ++t) EXPECT_EQ(after[t], before[t]) << t;
  EXPECT_NE(after[6], before[6]);
}

// Copies `from`'s weights into `to`, building `to` for `shape` first.
void copy_weights(const LayerRef& from, const LayerRef& to, const Shape& shape) {
  to->ensure_built(std::vector<Shape>{shape});
  const auto source = from->weights(), target = to->weights();
  ASSERT_EQ(source.size(), target.size());
  for (size_t i = 0; i < source.size(); ++i) {
    strata::Variable(target[i]).assign(source[i].value());
  }
}

TEST_F(ConvTest, ChannelsFirstMatchesChannelsLast) {
  Conv2D last(4, {3, 2},
              {.strides = {2, 1},
               .padding = "same",
               .data_format = "channels_last",
               .bias_initializer = "random_uniform"});
  Conv2D first(4, {3, 2}, {.strides = {2, 1}, .padding = "same", .data_format = "channels_first"});
  const Tensor x = random_tensor({2, 5, 6, 3}, 13);  // NHWC
  const Tensor y_last = last(x);
  const Tensor x_first = ops::copy(x.transpose({0, 3, 1, 2}));
  copy_weights(last, first, x_first.shape());
  const Tensor y_first = first(x_first);
  ASSERT_EQ(y_first.shape(), Shape({2, 4, 3, 6}));
  expect_close(values_of(y_first), values_of(ops::copy(y_last.transpose({0, 3, 1, 2}))), 1e-6,
               1e-6);
}

// As in Keras, the activation sees the output as laid out: softmax runs over the last axis,
// which is the width for channels_first.
TEST_F(ConvTest, ActivationAppliesToTheOutputAsLaidOut) {
  Conv2D linear(3, {2, 2}, {.data_format = "channels_first"});
  Conv2D softmax(3, {2, 2}, {.data_format = "channels_first", .activation = "softmax"});
  const Tensor x = random_tensor({1, 2, 4, 5}, 15);
  const Tensor z = linear(x);
  copy_weights(linear, softmax, x.shape());
  expect_close(values_of(softmax(x)), values_of(ops::softmax(z, -1)), 1e-6, 1e-6);
}

TEST_F(ConvTest, Conv1DChannelsFirstMatchesChannelsLast) {
  Conv1D last(3, 3, {.padding = "causal", .bias_initializer = "random_uniform"});
  Conv1D first(3, 3, {.padding = "causal", .data_format = "channels_first"});
  const Tensor x = random_tensor({2, 7, 2}, 14);
  const Tensor y_last = last(x);
  const Tensor x_first = ops::copy(x.transpose({0, 2, 1}));
  copy_weights(last, first, x_first.shape());
  expect_close(values_of(first(x_first)), values_of(ops::copy(y_last.transpose({0, 2, 1}))), 1e-6,
               1e-6);
}

TEST_F(ConvTest, DataFormatDefaultsToTheConfigsImageDataFormat) {
  set_image_data_format("channels_first");
  Conv2D conv(2, {3, 3});
  EXPECT_EQ(conv->get_config().at("data_format").as_string(), "channels_first");
  EXPECT_EQ(conv(Tensor::ones({1, 3, 5, 5})).shape(), Shape({1, 2, 3, 3}));
  set_image_data_format("channels_last");
  EXPECT_EQ(Conv2D(2, {3, 3})->get_config().at("data_format").as_string(), "channels_last");
}

TEST_F(ConvTest, BadArgumentsAndTooSmallInputsAreErrors) {
  EXPECT_THROW(Conv2D(4, {0, 3}), ValueError);
  EXPECT_THROW(Conv2D(4, {3, 3}, {.padding = "causal"}), ValueError);
  EXPECT_THROW(Conv2D(4, {3, 3}, {.data_format = "nhwc"}), ValueError);
  EXPECT_THROW(Conv2D(5, {3, 3}, {.groups = 2}), ValueError);
  EXPECT_THROW(Conv2D(4, {3, 3}, {.groups = 2})(Tensor::ones({1, 5, 5, 3})), ShapeError);
  try {
    Conv2D(2, {3, 3}, {.name = "tiny"})(Tensor::ones({1, 2, 2, 1}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), ::testing::AllOf(::testing::HasSubstr("'tiny'"),
                                               ::testing::HasSubstr("(1,2,2,1)")));
  }
}

}  // namespace
}  // namespace layers_test
