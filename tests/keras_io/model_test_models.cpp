#include "model_test_models.hpp"

#include <cmath>

namespace strata::io_testing {

Sequential small_classifier(int64_t hidden) {
  Sequential model({Input({4}), Dense(hidden, "relu"), Dense(3, "softmax")});
  model.compile(Adam(0.01), "sparse_categorical_crossentropy", {"accuracy"});
  return model;
}

Model two_input_model() {
  const KerasTensor a = Input({4});
  const KerasTensor b = Input({4});
  const Dense shared(5, "tanh");
  const KerasTensor joined = Concatenate()({shared(a), shared(b)});
  const KerasTensor out = Add()({Dense(2)(joined), Dense(2)(b)});
  return Model({a, b}, {out});
}

Tensor features(int64_t samples, int64_t width) {
  std::vector<float> v;
  for (int64_t i = 0; i < samples * width; ++i) v.push_back(std::sin(0.7f * float(i) + 0.3f));
  return Tensor::from(v, Shape{samples, width});
}

Tensor labels(int64_t samples) {
  std::vector<int32_t> v;
  for (int64_t i = 0; i < samples; ++i) v.push_back(int32_t((i * 7) % 3));
  return Tensor::from(v, Shape{samples});
}

std::vector<float> values(const Tensor& t) {
  return t.to_vector<float>();
}

std::vector<std::vector<float>> weight_values(const Model& model) {
  std::vector<std::vector<float>> out;
  for (const Variable& w : model->weights()) out.push_back(values(w.value()));
  return out;
}

}  // namespace strata::io_testing
