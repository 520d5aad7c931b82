// Every layer's gradients, with respect to its inputs and its trainable weights, against
// central finite differences in float64 on the reference backend.
#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;

class Gradients : public LayersTest {
 protected:
  void SetUp() override {
    LayersTest::SetUp();
    floatx_.emplace(DType::float64);
  }
  void TearDown() override {
    floatx_.reset();
    LayersTest::TearDown();
  }
  static Tensor input(const Shape& shape, uint32_t seed) {
    return random_tensor(shape, seed, DType::float64);
  }

 private:
  std::optional<FloatxScope> floatx_;
};

TEST_F(Gradients, Dense) {
  expect_gradients_match_fd(Dense(3, {.activation = "tanh", .bias_initializer = "random_uniform"}),
                            {input({4, 5}, 1)});
  expect_gradients_match_fd(Dense(2, "softmax"), {input({2, 3, 4}, 2)});
}

TEST_F(Gradients, Activations) {
  for (const char* name : {"relu", "sigmoid", "softmax", "log_softmax", "elu", "selu", "gelu",
                           "silu", "softplus", "softsign", "leaky_relu", "exponential", "mish",
                           "hard_sigmoid", "log_sigmoid", "tanh_shrink"}) {
    SCOPED_TRACE(name);
    expect_gradients_match_fd(Activation(name), {input({3, 4}, 3)});
  }
}

TEST_F(Gradients, Conv2D) {
  expect_gradients_match_fd(Conv2D(3, {3, 3}, {.bias_initializer = "random_uniform"}),
                            {input({2, 5, 5, 2}, 4)});
  expect_gradients_match_fd(Conv2D(2, {3, 2}, {.strides = {2, 2}, .padding = "same"}),
                            {input({1, 5, 6, 2}, 5)});
  expect_gradients_match_fd(
      Conv2D(4, {2, 2}, {.padding = "same", .dilation_rate = {2, 2}, .groups = 2}),
      {input({1, 4, 4, 2}, 6)});
  expect_gradients_match_fd(
      Conv2D(2, {2, 2}, {.data_format = "channels_first", .activation = "tanh"}),
      {input({1, 3, 4, 4}, 7)});
}

TEST_F(Gradients, Conv1D) {
  expect_gradients_match_fd(Conv1D(3, 3, {.padding = "causal", .dilation_rate = 2}),
                            {input({2, 7, 2}, 8)});
  expect_gradients_match_fd(
      Conv1D(2, 2, {.strides = 2, .padding = "same", .data_format = "channels_first"}),
      {input({1, 3, 7}, 9)});
}

TEST_F(Gradients, Pooling) {
  expect_gradients_match_fd(MaxPooling2D({2, 2}), {input({2, 4, 4, 2}, 10)});
  expect_gradients_match_fd(
      MaxPooling2D({3, 3}, {.strides = std::array<int32_t, 2>{2, 2}, .padding = "same"}),
      {input({1, 5, 5, 2}, 11)});
  expect_gradients_match_fd(
      AveragePooling2D({3, 2}, {.strides = std::array<int32_t, 2>{2, 1}, .padding = "same"}),
      {input({1, 5, 4, 2}, 12)});
  expect_gradients_match_fd(AveragePooling2D({2, 2}, {.data_format = "channels_first"}),
                            {input({1, 2, 4, 4}, 13)});
  expect_gradients_match_fd(GlobalAveragePooling2D(), {input({2, 3, 3, 2}, 14)});
}

TEST_F(Gradients, BatchNormalization) {
  const BatchNormalizationOptions options{.beta_initializer = "random_uniform",
                                          .gamma_initializer = "random_normal"};
  // Training: the batch statistics depend on the input, and the gradient flows through them.
  expect_gradients_match_fd(BatchNormalization(options), {input({6, 3}, 15)}, true);
  BatchNormalization channels_first({.axis = 1, .gamma_initializer = "random_normal"});
  expect_gradients_match_fd(channels_first, {input({2, 3, 2, 2}, 16)}, true);
  // Inference: an affine map with the moving statistics.
  BatchNormalization inference(options);
  inference->ensure_built(std::vector<Shape>{Shape{4, 3}});
  inference->weights()[2].assign(input({3}, 17));
  inference->weights()[3].assign(Tensor::from(std::vector<double>{0.5, 1.5, 2.0}, {3}));
  expect_gradients_match_fd(inference, {input({4, 3}, 18)}, false);
}

TEST_F(Gradients, LayerNormalization) {
  expect_gradients_match_fd(LayerNormalization({.beta_initializer = "random_normal",
                                                .gamma_initializer = "random_normal"}),
                            {input({3, 5}, 19)});
  expect_gradients_match_fd(LayerNormalization({.axis = {1, 2}}), {input({2, 2, 3}, 20)});
}

TEST_F(Gradients, EmbeddingTable) {
  const Tensor ids = Tensor::from(std::vector<int32_t>{1, 3, 1, 0, 4, 3}, {2, 3});
  expect_gradients_match_fd(Embedding(5, 2), {ids});
}

TEST_F(Gradients, ShapeAndMergeLayers) {
  expect_gradients_match_fd(Flatten("channels_first"), {input({2, 2, 3, 2}, 21)});
  expect_gradients_match_fd(Reshape({2, -1}), {input({2, 6}, 22)});
  expect_gradients_match_fd(Add(), {input({2, 3}, 23), input({2, 1}, 24), input({2, 3}, 25)});
  expect_gradients_match_fd(Concatenate(1), {input({2, 2}, 26), input({2, 3}, 27)});
}

// A dropped element has no gradient; a kept one has 1 / (1 - rate).
TEST_F(Gradients, DropoutPassesGradientThroughKeptElementsOnly) {
  const double rate = 0.25;
  Tensor x = Tensor::from(host_values(200, 28, 0.5, 1.5), {200});
  x.set_requires_grad();
  const Tensor y = Dropout(rate)(x, true);
  const std::vector<double> grad = values_of(gradients(ops::sum(y), std::vector<Tensor>{x})[0]);
  const std::vector<double> out = values_of(y);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(grad[i], out[i] == 0 ? 0.0 : 1 / (1 - rate), 1e-12) << i;
  }
  // Outside training it is the identity, gradient 1.
  const std::vector<double> identity =
      values_of(gradients(ops::sum(Dropout(rate)(x)), std::vector<Tensor>{x})[0]);
  EXPECT_EQ(identity, std::vector<double>(200, 1.0));
}

}  // namespace
}  // namespace layers_test
