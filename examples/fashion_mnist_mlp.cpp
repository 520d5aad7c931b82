// Trains a multilayer perceptron on Fashion-MNIST and prints its test accuracy. The layer
// sizes are those of the data set's published MLP benchmark (256-128-100: 0.883 test
// accuracy); it runs on whichever backend the config or STRATA_BACKEND picks.
#include <strata/keras.hpp>

#include <fmt/format.h>

int main() {
  using namespace strata;

  auto [train, test] = datasets::fashion_mnist::load_data();
  auto [x_train, y_train] = train;
  auto [x_test, y_test] = test;
  // Each 28x28 image becomes 784 values in [0, 1].
  const auto prepare = [](const Tensor& images) {
    const Tensor flat = ops::reshape(images, std::vector<int64_t>{images.shape()[0], 784});
    return ops::divide(ops::cast(flat, floatx()), Tensor::scalar(255.0));
  };
  x_train = prepare(x_train);
  x_test = prepare(x_test);

  Sequential model({
      Input({784}),
      Dense(256, "relu"),
      Dense(128, "relu"),
      Dense(100, "relu"),
      Dense(10, "softmax"),
  });
  model.summary();

  model.compile(Adam(1e-3), "sparse_categorical_crossentropy", {"accuracy"});
  model.fit(x_train, y_train, {.batch_size = 128, .epochs = 10, .validation_split = 0.1});

  const Logs scores = model.evaluate(x_test, y_test, {.verbose = 0});
  fmt::print("Test accuracy: {:.4f}\n", find_log(scores, "accuracy").value());
}
