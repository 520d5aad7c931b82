#include "model_test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "../support/isolated_home.hpp"

namespace model_test {
namespace {

// The developer's config and STRATA_BACKEND must not leak into the tests.
[[maybe_unused]] const auto* const kEnvironment =
    strata_test_support::isolate_home("strata-keras-model-test");

}  // namespace

void ModelTest::SetUp() {
  strata::Context& context = reference_context();
  context.set_floatx(DType::float32);
  context.set_seed(1234);
  scope_.emplace(context);
}

void ModelTest::TearDown() {
  scope_.reset();
}

Blobs two_blobs(int64_t n, uint32_t seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  std::vector<float> x;
  Blobs blobs;
  for (int64_t i = 0; i < n; ++i) {
    const float label = static_cast<float>(i % 2);
    const float centre = label == 1 ? 2.0f : -2.0f;
    x.push_back(centre + noise(generator));
    x.push_back(centre + noise(generator));
    blobs.labels.push_back(label);
  }
  blobs.x = Tensor::from(x, Shape{n, 2});
  blobs.y = Tensor::from(blobs.labels, Shape{n, 1});
  return blobs;
}

std::vector<float> host_uniform(size_t count, uint32_t seed, float lo, float hi) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(lo, hi);
  std::vector<float> out(count);
  for (float& value : out) value = distribution(generator);
  return out;
}

std::vector<float> weight_values(const strata::Model& model) {
  std::vector<float> out;
  for (const strata::Variable& weight : model->weights()) {
    const std::vector<float> values = weight.value().to_vector<float>();
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

ColumnsScope::ColumnsScope(const char* columns) {
  if (const char* old = std::getenv("COLUMNS")) previous_ = old;
  setenv("COLUMNS", columns, 1);
}

ColumnsScope::~ColumnsScope() {
  if (previous_) {
    setenv("COLUMNS", previous_->c_str(), 1);
  } else {
    unsetenv("COLUMNS");
  }
}

}  // namespace model_test
