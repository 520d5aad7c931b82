// The same seeded model on the reference and the avx backend: identical initial weights (the
// uniform initializers are bit-exact across backends) and training losses that agree closely.
#include <gtest/gtest.h>

#include <filesystem>

#include "model_test_support.hpp"

namespace model_test {
namespace {

using strata::Dense;
using strata::Input;
using strata::Sequential;

struct TrainingRun {
  std::vector<float> initial_weights;
  std::vector<double> losses;
};

TrainingRun train_on(strata::Context& context) {
  const strata::BackendScope scope(context);
  context.set_seed(2024);
  Sequential model({Input({4}), Dense(16, "relu"), Dense(3, "softmax")});
  TrainingRun run{weight_values(model), {}};
  model.compile(strata::Adam(0.01), "sparse_categorical_crossentropy");
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 48; ++i) labels.push_back(i % 3);
  const Tensor x = Tensor::from(host_uniform(48 * 4, 9), Shape{48, 4});
  const Tensor y = Tensor::from(labels, Shape{48});
  run.losses = model.fit(x, y, {.batch_size = 8, .epochs = 4, .verbose = 0, .shuffle = false})
                   .history.at("loss");
  return run;
}

TEST(BackendParity, ReferenceAndAvxTrainAlike) {
  const std::filesystem::path plugin =
      std::filesystem::path(STRATA_TEST_PLUGIN_DIR) / "libstrata-backend-avx.so";
  if (!std::filesystem::exists(plugin)) {
    GTEST_SKIP() << plugin << " is not in this build; the avx comparison needs it";
  }
  std::optional<strata::Context> avx;
  try {
    avx.emplace("avx");
  } catch (const strata::Error& e) {
    GTEST_SKIP() << "the avx backend cannot run here: " << e.what();
  }
  const TrainingRun reference = train_on(reference_context());
  const TrainingRun accelerated = train_on(*avx);
  EXPECT_EQ(accelerated.initial_weights, reference.initial_weights);
  ASSERT_EQ(accelerated.losses.size(), reference.losses.size());
  for (size_t epoch = 0; epoch < reference.losses.size(); ++epoch) {
    EXPECT_NEAR(accelerated.losses[epoch], reference.losses[epoch],
                1e-4 * std::abs(reference.losses[epoch]))
        << "epoch " << epoch;
  }
  EXPECT_LT(reference.losses.back(), reference.losses.front());
}

}  // namespace
}  // namespace model_test
