// floatx float16 on the Vulkan backend: a Dense model's weights, activations and optimizer
// slots are float16, every op of its training runs on the device (none falls back to the
// reference backend), and its loss falls as a reference-backend run of the same float16 model
// says it should.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "keras_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/optimizers.hpp"
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

using strata::DType;
using strata::Shape;
using strata::Tensor;

constexpr int64_t kSamples = 64;
constexpr int kSteps = 8;

// Three classes in four dimensions: each sample's class is the index of the largest of its
// first three features, so the problem is learnable from scratch in a few steps.
struct Problem {
  std::vector<float> x;
  std::vector<int32_t> y;
};

Problem make_problem() {
  std::mt19937 generator(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  Problem p;
  for (int64_t i = 0; i < kSamples; ++i) {
    float best = -2.0f;
    int32_t label = 0;
    for (int32_t f = 0; f < 4; ++f) {
      const float v = uniform(generator);
      p.x.push_back(v);
      if (f < 3 && v > best) best = v, label = f;
    }
    p.y.push_back(label);
  }
  return p;
}

struct Float16Run {
  std::vector<float> initial_weights;
  std::vector<double> losses;  // one per full-batch step
  std::vector<DType> weight_dtypes;
  std::vector<DType> slot_dtypes;  // the optimizer's variables after training
  uint64_t fallbacks = 0;
};

Float16Run train_float16(strata::Context& context, const Problem& problem) {
  const strata::BackendScope scope(context);
  const DType previous = context.floatx();
  context.set_floatx(DType::float16);
  context.set_seed(11);
  const uint64_t fallbacks_before = context.fallback_count();
  strata::Sequential model(
      {strata::Input({4}), strata::Dense(16, "relu"), strata::Dense(3, "softmax")});
  Float16Run run{weight_values(model), {}, {}, {}, 0};
  model.compile(strata::Adam(0.02), "sparse_categorical_crossentropy");
  const Tensor x = Tensor::from(problem.x, Shape{kSamples, 4}, DType::float16);
  const Tensor y = Tensor::from(problem.y, Shape{kSamples});
  for (int step = 0; step < kSteps; ++step) {
    const strata::Logs logs = model.train_on_batch(x, y);
    for (const auto& [name, value] : logs)
      if (name == "loss") run.losses.push_back(value);
  }
  for (const strata::Variable& w : model->weights()) run.weight_dtypes.push_back(w.value().dtype());
  for (const strata::Variable& v : model.optimizer()->variables())
    run.slot_dtypes.push_back(v.value().dtype());
  run.fallbacks = context.fallback_count() - fallbacks_before;
  context.set_floatx(previous);
  return run;
}

TEST(VulkanFloat16, DenseModelTrainsInFloat16OnTheDevice) {
  SKIP_WITHOUT_VULKAN();
  const Problem problem = make_problem();
  const Float16Run vulkan = train_float16(vulkan_context(), problem);
  const Float16Run reference = train_float16(reference_context(), problem);

  for (DType d : vulkan.weight_dtypes) EXPECT_EQ(d, DType::float16);
  EXPECT_FALSE(vulkan.slot_dtypes.empty());
  for (DType d : vulkan.slot_dtypes) EXPECT_EQ(d, DType::float16);
  EXPECT_EQ(vulkan.fallbacks, 0u) << "ops of a float16 Dense model left to the reference backend";

  EXPECT_EQ(vulkan.initial_weights, reference.initial_weights);
  ASSERT_EQ(vulkan.losses.size(), static_cast<size_t>(kSteps));
  ASSERT_EQ(reference.losses.size(), static_cast<size_t>(kSteps));
  for (int step = 0; step < kSteps; ++step) {
    // Both round every stored value to float16 (eps 2^-11), the device after computing in
    // float32: the losses must agree within about ten float16 ulps, not to float32 precision.
    EXPECT_NEAR(vulkan.losses[step], reference.losses[step], 1e-2 * reference.losses[step])
        << "step " << step;
    EXPECT_TRUE(std::isfinite(vulkan.losses[step])) << "step " << step;
  }
  EXPECT_LT(vulkan.losses.back(), 0.8 * vulkan.losses.front());
}

}  // namespace
}  // namespace strata_vk_test
