// The `strata demo` model (the Fashion-MNIST CNN) trained for a few batches on the Vulkan
// backend: the loss must fall clearly, and a reference-backend run from the same seed must
// start from the same weights and see nearly the same losses for the first steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <numeric>
#include <vector>

#include "keras_support.hpp"
#include "strata/keras/datasets.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/optimizers.hpp"
#include "strata/ops.hpp"
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

using strata::Shape;
using strata::Tensor;

// `strata demo` trains on batches of 128; a quarter of that keeps this test short on lavapipe
// (a CPU: about 30 s of CPU time in all) while still learning visibly in 20 steps.
constexpr int64_t kBatch = 32;
constexpr int kSteps = 20;
constexpr int kComparedSteps = 2;  // steps also run on the (slow) reference backend
constexpr uint64_t kSeed = 42;

// Input(28,28,1) -> Conv2D(32,3x3,relu) -> MaxPooling2D -> Conv2D(64,3x3,relu) -> MaxPooling2D
// -> Flatten -> Dropout(0.25) -> Dense(128,relu) -> Dense(10,softmax), as `strata demo`.
strata::Sequential demo_model() {
  using namespace strata;
  return Sequential({Input({28, 28, 1}), Conv2D(32, {3, 3}, {.activation = "relu"}),
                     MaxPooling2D({2, 2}), Conv2D(64, {3, 3}, {.activation = "relu"}),
                     MaxPooling2D({2, 2}), Flatten(), Dropout(0.25), Dense(128, "relu"),
                     Dense(10, "softmax")});
}

// The first kSteps batches of the training set, scaled to [0, 1], as host values.
struct HostBatches {
  std::vector<float> images;    // [kSteps * kBatch, 28, 28, 1]
  std::vector<int32_t> labels;  // [kSteps * kBatch]
};

HostBatches load_batches() {
  const strata::BackendScope scope(reference_context());
  const auto [train, test] = strata::datasets::fashion_mnist::load_data();
  const int64_t n = kSteps * kBatch;
  const std::vector<uint8_t> pixels =
      strata::ops::slice_axis(train.first, 0, 0, n).to_vector<uint8_t>();
  const std::vector<uint8_t> labels =
      strata::ops::slice_axis(train.second, 0, 0, n).to_vector<uint8_t>();
  HostBatches batches;
  for (uint8_t p : pixels) batches.images.push_back(static_cast<float>(p) / 255.0f);
  batches.labels.assign(labels.begin(), labels.end());
  return batches;
}

struct DemoRun {
  std::vector<float> initial_weights;
  std::vector<double> losses;  // one per batch
  uint64_t fallbacks = 0;      // ops the backend left to the reference fallback
};

DemoRun train_demo(strata::Context& context, const HostBatches& data, int steps) {
  const strata::BackendScope scope(context);
  context.set_seed(kSeed);
  const uint64_t fallbacks_before = context.fallback_count();
  strata::Sequential model = demo_model();
  DemoRun run{weight_values(model), {}, 0};
  model.compile(strata::Adam(1e-3), "sparse_categorical_crossentropy");
  constexpr int64_t kImage = 28 * 28;
  for (int step = 0; step < steps; ++step) {
    const auto first_image = data.images.begin() + step * kBatch * kImage;
    const auto first_label = data.labels.begin() + step * kBatch;
    const Tensor x = Tensor::from(std::vector<float>(first_image, first_image + kBatch * kImage),
                                  Shape{kBatch, 28, 28, 1});
    const Tensor y =
        Tensor::from(std::vector<int32_t>(first_label, first_label + kBatch), Shape{kBatch});
    const strata::Logs logs = model.train_on_batch(x, y);
    const auto loss = std::ranges::find(logs, "loss", &std::pair<std::string, double>::first);
    EXPECT_NE(loss, logs.end());
    if (loss != logs.end()) run.losses.push_back(loss->second);
  }
  run.fallbacks = context.fallback_count() - fallbacks_before;
  return run;
}

bool fashion_mnist_installed() {
  return std::filesystem::exists(
      std::filesystem::path(strata::datasets::fashion_mnist::kDefaultFolder) /
      "train-images-idx3-ubyte.gz");
}

TEST(VulkanDemo, FashionMnistCnnLossFallsAndMatchesTheReference) {
  SKIP_WITHOUT_VULKAN();
  if (!fashion_mnist_installed()) {
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  }
  const HostBatches data = load_batches();
  const DemoRun vulkan = train_demo(vulkan_context(), data, kSteps);
  const DemoRun reference = train_demo(reference_context(), data, kComparedSteps);
  ASSERT_EQ(vulkan.losses.size(), static_cast<size_t>(kSteps));

  EXPECT_EQ(vulkan.initial_weights, reference.initial_weights);
  for (int step = 0; step < kComparedSteps; ++step) {
    EXPECT_NEAR(vulkan.losses[step], reference.losses[step], 1e-3 * reference.losses[step])
        << "step " << step;
  }
  // Ten classes from uniform weights: about ln 10 at first; a few Adam steps must cut it.
  const double first = vulkan.losses.front();
  const double last5 = std::accumulate(vulkan.losses.end() - 5, vulkan.losses.end(), 0.0) / 5.0;
  EXPECT_LT(last5, 0.8 * first) << "first loss " << first << ", mean of the last five " << last5;
  // Every op of this model runs on the device: nothing fell back to the reference backend.
  EXPECT_EQ(vulkan.fallbacks, 0u);
}

}  // namespace
}  // namespace strata_vk_test
