// Embedding lookups and Dropout's statistics.
#include <cmath>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using EmbeddingTest = LayersTest;
using DropoutTest = LayersTest;

TEST_F(EmbeddingTest, GathersRowsForInt32AndInt64Indices) {
  Embedding embedding(6, 3);
  embedding->ensure_built(std::vector<Shape>{Shape{2, 2}});
  const std::vector<double> table = host_values(18, 51);
  embedding->weights()[0].assign(tensor_of(table, {6, 3}));
  const std::vector<int64_t> ids{5, 0, 2, 2};
  std::vector<double> expected;
  for (int64_t id : ids)
    for (int64_t j = 0; j < 3; ++j) expected.push_back(table[size_t(id * 3 + j)]);
  const Tensor y64 = embedding(Tensor::from(ids, {2, 2}));
  EXPECT_EQ(y64.shape(), Shape({2, 2, 3}));
  expect_close(values_of(y64), expected, 0, 1e-7, "int64");
  const std::vector<int32_t> ids32(ids.begin(), ids.end());
  expect_close(values_of(embedding(Tensor::from(ids32, {2, 2}))), expected, 0, 1e-7, "int32");
  // Float indices are cast to int32, as Keras does.
  expect_close(values_of(embedding(Tensor::from(std::vector<float>{5, 0, 2, 2}, {2, 2}))), expected,
               0, 1e-7, "float");
}

TEST_F(EmbeddingTest, DefaultInitializerIsUniformWithinFiveHundredths) {
  Embedding embedding(100, 20);
  embedding(Tensor::from(std::vector<int32_t>{0}, {1}));
  double largest = 0;
  for (double w : values_of(embedding->weights()[0].value()))
    largest = std::max(largest, std::abs(w));
  EXPECT_LT(largest, 0.05);
  EXPECT_GT(largest, 0.045);
  EXPECT_THROW(Embedding(0, 3), ValueError);
}

TEST_F(DropoutTest, IsTheIdentityOutsideTraining) {
  const Tensor x = random_tensor({4, 5}, 52);
  expect_close(values_of(Dropout(0.5)(x)), values_of(x), 0, 0);
  expect_close(values_of(Dropout(0.0)(x, true)), values_of(x), 0, 0);
}

TEST_F(DropoutTest, DropsAtTheRateAndScalesTheRestInTraining) {
  const double rate = 0.3;
  const int64_t n = 20000;
  const Tensor x = Tensor::full({n}, 2.0);
  const std::vector<double> y = values_of(Dropout(rate)(x, true));
  int64_t dropped = 0;
  double total = 0;
  for (double v : y) {
    if (v == 0) {
      ++dropped;
    } else {
      EXPECT_NEAR(v, 2.0 / (1 - rate), 1e-6);
    }
    total += v;
  }
  const double fraction = double(dropped) / double(n);
  // Binomial standard deviation: sqrt(0.3 * 0.7 / 20000) = 0.0032; allow 5 of them.
  EXPECT_NEAR(fraction, rate, 0.017);
  EXPECT_NEAR(total / double(n), 2.0, 0.05);  // inverted dropout keeps the mean
}

TEST_F(DropoutTest, SeededLayersRepeatTheirSequenceAndCallsDiffer) {
  const Tensor x = Tensor::ones({64});
  Dropout a(0.5, {.seed = 7}), b(0.5, {.seed = 7});
  const std::vector<double> a1 = values_of(a(x, true)), a2 = values_of(a(x, true));
  EXPECT_EQ(a1, values_of(b(x, true)));
  EXPECT_EQ(a2, values_of(b(x, true)));
  EXPECT_NE(a1, a2);
  EXPECT_THROW(Dropout(1.5), ValueError);
  EXPECT_EQ(values_of(Dropout(1.0)(x, true)), std::vector<double>(64, 0.0));
}

}  // namespace
}  // namespace layers_test
