// Flatten, Reshape, Add and Concatenate.
#include <gmock/gmock.h>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ShapeLayers = LayersTest;

TEST_F(ShapeLayers, FlattenKeepsRowMajorOrder) {
  const std::vector<double> x = host_floats(2 * 3 * 4, 61);
  const Tensor y = Flatten()(tensor_of(x, {2, 3, 4}));
  EXPECT_EQ(y.shape(), Shape({2, 12}));
  expect_close(values_of(y), x, 0, 0);
}

// Keras's Flatten moves channels last before flattening a channels_first input, so a
// channels_first model flattens in the same order as its channels_last twin.
TEST_F(ShapeLayers, FlattenOfChannelsFirstUsesChannelsLastOrder) {
  const int64_t n = 2, c = 3, h = 2, w = 4;
  const std::vector<double> x = host_floats(size_t(n * c * h * w), 62);
  const Tensor y = Flatten("channels_first")(tensor_of(x, {n, c, h, w}));
  std::vector<double> expected;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t ch = 0; ch < c; ++ch)
          expected.push_back(x[size_t(((b * c + ch) * h + i) * w + j)]);
  EXPECT_EQ(y.shape(), Shape({n, c * h * w}));
  expect_close(values_of(y), expected, 0, 0);
  // The default follows the config.
  set_image_data_format("channels_first");
  expect_close(values_of(Flatten()(tensor_of(x, {n, c, h, w}))), expected, 0, 0, "config");
}

TEST_F(ShapeLayers, ReshapeInfersMinusOneAndRejectsBadSizes) {
  const std::vector<double> x = host_floats(2 * 12, 63);
  const Tensor y = Reshape({3, -1})(tensor_of(x, {2, 12}));
  EXPECT_EQ(y.shape(), Shape({2, 3, 4}));
  expect_close(values_of(y), x, 0, 0);
  EXPECT_EQ(Reshape({2, 2, 3})(tensor_of(x, {2, 3, 4})).shape(), Shape({2, 2, 2, 3}));
  try {
    Reshape({5}, "rs")(tensor_of(x, {2, 12}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'rs'"), HasSubstr("(2,12)"), HasSubstr("(5)")));
  }
  EXPECT_THROW(Reshape({-1, -1}), ValueError);
  EXPECT_THROW(Reshape({5, -1})(tensor_of(x, {2, 12})), ShapeError);
  Shape symbolic{0, 12};
  symbolic[0] = -1;
  const Shape out = Reshape({-1, 6})->compute_output_shapes(std::vector<Shape>{symbolic})[0];
  EXPECT_EQ(out[0], -1);
  EXPECT_EQ(out[1], 2);
}

TEST_F(ShapeLayers, AddSumsItsInputs) {
  const std::vector<double> a = host_floats(6, 64), b = host_floats(6, 65), c = host_floats(6, 66);
  const std::vector<Tensor> inputs{tensor_of(a, {2, 3}), tensor_of(b, {2, 3}),
                                   tensor_of(c, {2, 3})};
  std::vector<double> expected;
  for (size_t i = 0; i < 6; ++i) expected.push_back(a[i] + b[i] + c[i]);
  expect_close(values_of((*Add())(inputs)[0]), expected, 1e-6, 1e-6);
}

TEST_F(ShapeLayers, AddBroadcastsSizeOneAndRejectsMismatches) {
  const std::vector<Tensor> broadcast{Tensor::ones({2, 3}), Tensor::full({2, 1}, 2.0)};
  expect_close(values_of((*Add())(broadcast)[0]), std::vector<double>(6, 3.0), 0, 0);
  const std::vector<Tensor> bad{Tensor::ones({2, 3}), Tensor::ones({2, 4})};
  try {
    (*Add("adder"))(bad);
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'adder'"), HasSubstr("(2,3)"), HasSubstr("(2,4)")));
  }
}

TEST_F(ShapeLayers, ConcatenateJoinsAlongTheAxis) {
  const std::vector<double> a = host_floats(2 * 2, 67), b = host_floats(2 * 3, 68);
  const std::vector<Tensor> inputs{tensor_of(a, {2, 2}), tensor_of(b, {2, 3})};
  const Tensor y = (*Concatenate())(inputs)[0];
  EXPECT_EQ(y.shape(), Shape({2, 5}));
  std::vector<double> expected;
  for (int r = 0; r < 2; ++r) {
    expected.insert(expected.end(), a.begin() + r * 2, a.begin() + r * 2 + 2);
    expected.insert(expected.end(), b.begin() + r * 3, b.begin() + r * 3 + 3);
  }
  expect_close(values_of(y), expected, 0, 0);
  const std::vector<Tensor> rows{tensor_of(a, {2, 2}), tensor_of(a, {2, 2})};
  EXPECT_EQ((*Concatenate(0))(rows)[0].shape(), Shape({4, 2}));
  try {
    (*Concatenate(0, "cat"))(inputs);
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'cat'"), HasSubstr("(2,2)"), HasSubstr("(2,3)")));
  }
}

}  // namespace
}  // namespace layers_test
