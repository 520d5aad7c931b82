// A host program built against an installed Strata that trains a small classifier on the
// backend named on the command line, meant for one that implements only some ops (the SDK
// template: the binary family and matmul, f32): the core runs the rest on the reference
// backend. It checks, with the core's public fallback count, that a Dense layer's own
// computation (matmul, then the bias added) runs on that backend and agrees with values
// computed here; that training needs the fallback for the other ops; that the loss falls and
// the accuracy is high; and that the losses match a reference-backend run from the same seed.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <strata/context.hpp>
#include <strata/keras/layers.hpp>
#include <strata/keras/model.hpp>
#include <strata/keras/optimizers.hpp>
#include <strata/tensor.hpp>

#include <cmath>
#include <exception>
#include <random>
#include <string>
#include <vector>

namespace {

using strata::Shape;
using strata::Tensor;

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (ok) return;
  fmt::print(stderr, "train: {}\n", what);
  ++failures;
}

// The host values of a float32 tensor.
std::vector<float> values(const Tensor& t) {
  return t.to_vector<float>();
}

// A Dense layer called eagerly on the backend: once to build it (its initializers draw random
// numbers, which the template leaves to the fallback), then again with nothing left to the
// fallback, its output checked against x @ kernel + bias computed here.
void check_dense_runs_on_backend(strata::Context& backend) {
  const strata::BackendScope scope(backend);
  const Tensor x = Tensor::from(std::vector<float>{1, 2, -1, 0.5f, 3, -2, 0, 1}, Shape{4, 2});
  strata::Dense dense(3, {.bias_initializer = "ones"});
  dense(x);
  const uint64_t before = backend.fallback_count();
  const std::vector<float> out = values(dense(x));
  const uint64_t fallbacks = backend.fallback_count() - before;
  expect(fallbacks == 0,
         fmt::format("a Dense layer's call left {} ops to the reference fallback; the {} "
                     "backend should run its matmul and bias add itself",
                     fallbacks, backend.backend_name()));

  const std::vector<strata::Variable> weights = dense->weights();
  const std::vector<float> kernel = values(weights.at(0).value());  // [2, 3]
  const std::vector<float> bias = values(weights.at(1).value());    // [3]
  const std::vector<float> in = values(x);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 3; ++j) {
      const double want = in[2 * i] * kernel[j] + in[2 * i + 1] * kernel[3 + j] + bias[j];
      expect(std::abs(out[3 * i + j] - want) <= 1e-5 * (1 + std::abs(want)),
             fmt::format("Dense output [{}, {}] is {}, want {}", i, j, out[3 * i + j], want));
    }
  }
}

// Two Gaussian blobs in the plane, centred at (-2, -2) (label 0) and (2, 2) (label 1).
struct Blobs {
  std::vector<float> x, y;
};

Blobs two_blobs(int n) {
  std::mt19937 generator(7);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  Blobs blobs;
  for (int i = 0; i < n; ++i) {
    const float label = static_cast<float>(i % 2);
    const float centre = label == 1 ? 2.0f : -2.0f;
    blobs.x.push_back(centre + noise(generator));
    blobs.x.push_back(centre + noise(generator));
    blobs.y.push_back(label);
  }
  return blobs;
}

struct Training {
  std::vector<double> loss, accuracy;  // per epoch
  uint64_t fallbacks = 0;
};

Training train(strata::Context& context, const Blobs& data) {
  const strata::BackendScope scope(context);
  context.set_seed(2024);
  const uint64_t before = context.fallback_count();
  strata::Sequential model(
      {strata::Input({2}), strata::Dense(8, "relu"), strata::Dense(1, "sigmoid")});
  model.compile(strata::Adam(0.05), "binary_crossentropy", {"accuracy"});
  const int64_t n = static_cast<int64_t>(data.y.size());
  const strata::History history =
      model.fit(Tensor::from(data.x, Shape{n, 2}), Tensor::from(data.y, Shape{n, 1}),
                {.batch_size = 32, .epochs = 4, .verbose = 0});
  return {history.history.at("loss"), history.history.at("accuracy"),
          context.fallback_count() - before};
}

void check_training(strata::Context& backend, strata::Context& reference) {
  const Blobs data = two_blobs(256);
  const Training run = train(backend, data);
  const Training oracle = train(reference, data);
  expect(run.fallbacks > 0,
         "training used no reference fallback: the template cannot run every op itself");
  expect(run.loss.back() < 0.5 * run.loss.front(),
         fmt::format("the loss did not fall: {}", fmt::join(run.loss, ", ")));
  expect(run.accuracy.back() >= 0.95,
         fmt::format("final accuracy {} is below 0.95", run.accuracy.back()));
  for (size_t epoch = 0; epoch < oracle.loss.size() && epoch < run.loss.size(); ++epoch) {
    expect(std::abs(run.loss[epoch] - oracle.loss[epoch]) <= 1e-4 * oracle.loss[epoch],
           fmt::format("epoch {}: loss {} on {}, {} on the reference backend", epoch,
                       run.loss[epoch], backend.backend_name(), oracle.loss[epoch]));
  }
  fmt::print("train: losses {} (reference {}), {} ops on the fallback\n", fmt::join(run.loss, ", "),
             fmt::join(oracle.loss, ", "), run.fallbacks);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr,
               "usage: strata-train BACKEND (a name such as reference, or a plugin path)\n");
    return 2;
  }
  try {
    strata::Context backend(argv[1]);
    strata::Context reference("reference");
    check_dense_runs_on_backend(backend);
    check_training(backend, reference);
    if (failures != 0) return 1;
    fmt::print("train: ok: a Dense classifier trained on the {} backend\n", backend.backend_name());
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "train: {}\n", e.what());
    return 1;
  }
}
