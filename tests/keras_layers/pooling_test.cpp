// MaxPooling2D, AveragePooling2D and GlobalAveragePooling2D against host loops.
#include <limits>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;

struct PoolCase {
  const char* label;
  bool max;
  int64_t h, w;
  int32_t ph, pw;
  std::optional<std::array<int32_t, 2>> strides;
  const char* padding;
};
void PrintTo(const PoolCase& c, std::ostream* os) {
  *os << c.label;
}

// NHWC pooling; padded positions are skipped (never the max, not counted in the average).
std::vector<double> host_pool(const std::vector<double>& x, int64_t n, int64_t h, int64_t w,
                              int64_t c, const PoolCase& p, int64_t sh, int64_t sw, int64_t oh,
                              int64_t ow, int64_t top, int64_t left) {
  std::vector<double> y;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t ch = 0; ch < c; ++ch) {
          double best = -std::numeric_limits<double>::infinity(), total = 0;
          int count = 0;
          for (int64_t ky = 0; ky < p.ph; ++ky)
            for (int64_t kx = 0; kx < p.pw; ++kx) {
              const int64_t iy = oy * sh + ky - top, ix = ox * sw + kx - left;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              const double v = x[size_t(((b * h + iy) * w + ix) * c + ch)];
              best = std::max(best, v);
              total += v;
              ++count;
            }
          y.push_back(p.max ? best : total / count);
        }
  return y;
}

class PoolForward : public LayersTest, public ::testing::WithParamInterface<PoolCase> {};

TEST_P(PoolForward, MatchesNaiveLoop) {
  const PoolCase& p = GetParam();
  const Pooling2DOptions options{.strides = p.strides, .padding = p.padding};
  const LayerRef layer = p.max ? LayerRef(MaxPooling2D({p.ph, p.pw}, options))
                               : LayerRef(AveragePooling2D({p.ph, p.pw}, options));
  const int64_t n = 2, c = 3;
  const std::vector<double> x = host_values(size_t(n * p.h * p.w * c), 21);
  const Tensor y = layer(tensor_of(x, {n, p.h, p.w, c}));
  const int64_t sh = p.strides ? (*p.strides)[0] : p.ph, sw = p.strides ? (*p.strides)[1] : p.pw;
  const bool same = std::string(p.padding) == "same";
  const int64_t oh = same ? (p.h + sh - 1) / sh : (p.h - p.ph) / sh + 1;
  const int64_t ow = same ? (p.w + sw - 1) / sw : (p.w - p.pw) / sw + 1;
  // TF's "same": half the total padding before, the odd pixel after.
  const int64_t top = same ? std::max<int64_t>((oh - 1) * sh + p.ph - p.h, 0) / 2 : 0;
  const int64_t left = same ? std::max<int64_t>((ow - 1) * sw + p.pw - p.w, 0) / 2 : 0;
  ASSERT_EQ(y.shape(), Shape({n, oh, ow, c}));
  expect_close(values_of(y), host_pool(x, n, p.h, p.w, c, p, sh, sw, oh, ow, top, left), 1e-6, 1e-6,
               p.label);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, PoolForward,
    ::testing::Values(
        PoolCase{"max_default", true, 4, 6, 2, 2, std::nullopt, "valid"},
        PoolCase{"max_odd_valid", true, 5, 7, 2, 3, std::nullopt, "valid"},
        PoolCase{"max_strided", true, 5, 5, 3, 3, std::array<int32_t, 2>{1, 2}, "valid"},
        PoolCase{"max_same", true, 5, 7, 3, 2, std::array<int32_t, 2>{2, 2}, "same"},
        PoolCase{"avg_default", false, 4, 6, 2, 2, std::nullopt, "valid"},
        PoolCase{"avg_strided", false, 6, 5, 3, 2, std::array<int32_t, 2>{2, 1}, "valid"},
        PoolCase{"avg_same_excludes_padding", false, 5, 5, 3, 3, std::array<int32_t, 2>{2, 2},
                 "same"}),
    [](const auto& info) { return std::string(info.param.label); });

using PoolingTest = LayersTest;

TEST_F(PoolingTest, ChannelsFirstMatchesChannelsLast) {
  const Tensor x = random_tensor({2, 5, 7, 3}, 22);
  const Tensor x_first = ops::copy(x.transpose({0, 3, 1, 2}));
  const Pooling2DOptions last{.strides = std::array<int32_t, 2>{2, 2}, .padding = "same"};
  Pooling2DOptions first = last;
  first.data_format = "channels_first";
  const auto to_first = [](const Tensor& t) {
    return values_of(ops::copy(t.transpose({0, 3, 1, 2})));
  };
  expect_close(values_of(MaxPooling2D({3, 2}, first)(x_first)),
               to_first(MaxPooling2D({3, 2}, last)(x)), 0, 0, "max");
  expect_close(values_of(AveragePooling2D({3, 2}, first)(x_first)),
               to_first(AveragePooling2D({3, 2}, last)(x)), 1e-6, 1e-6, "average");
  expect_close(values_of(GlobalAveragePooling2D("channels_first")(x_first)),
               values_of(GlobalAveragePooling2D("channels_last")(x)), 1e-6, 1e-6, "global");
}

TEST_F(PoolingTest, GlobalAveragePoolingAveragesHeightAndWidth) {
  const std::vector<double> x = host_values(2 * 3 * 4 * 5, 23);
  const Tensor input = tensor_of(x, {2, 3, 4, 5});
  std::vector<double> expected(2 * 5, 0.0);
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t i = 0; i < 12; ++i)
      for (int64_t c = 0; c < 5; ++c)
        expected[size_t(b * 5 + c)] += x[size_t((b * 12 + i) * 5 + c)] / 12;
  const Tensor y = GlobalAveragePooling2D()(input);
  EXPECT_EQ(y.shape(), Shape({2, 5}));
  expect_close(values_of(y), expected, 1e-6, 1e-6);
  const Tensor kept = GlobalAveragePooling2D("", true)(input);
  EXPECT_EQ(kept.shape(), Shape({2, 1, 1, 5}));
  expect_close(values_of(kept), expected, 1e-6, 1e-6);
}

TEST_F(PoolingTest, BadArgumentsAndShapesAreErrors) {
  EXPECT_THROW(MaxPooling2D({0, 2}), ValueError);
  EXPECT_THROW(MaxPooling2D({2, 2}, {.padding = "full"}), ValueError);
  EXPECT_THROW(MaxPooling2D()(Tensor::ones({1, 4, 4})), ShapeError);
  EXPECT_THROW(AveragePooling2D({3, 3})(Tensor::ones({1, 2, 2, 1})), ShapeError);
  EXPECT_THROW(GlobalAveragePooling2D()(Tensor::ones({2, 3})), ShapeError);
}

}  // namespace
}  // namespace layers_test
