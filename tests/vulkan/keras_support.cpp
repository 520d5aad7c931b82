#include "keras_support.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace strata_vk_test {
namespace {

// The developer's config and STRATA_BACKEND must not leak into the tests.
class KerasEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    char pattern[] = "/tmp/strata_vulkan_keras_XXXXXX";
    const char* home = mkdtemp(pattern);
    ASSERT_NE(home, nullptr);
    home_ = home;
    setenv("STRATA_HOME", home, 1);
    setenv("STRATA_QUIET", "1", 1);
    unsetenv("STRATA_BACKEND");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(home_, ignored);
  }

 private:
  std::string home_;
};

[[maybe_unused]] const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new KerasEnvironment);

}  // namespace

strata::Context& vulkan_context() {
  static strata::Context context(STRATA_TEST_VULKAN_PLUGIN);
  return context;
}

strata::Context& reference_context() {
  static strata::Context context(STRATA_TEST_REFERENCE_PLUGIN);
  return context;
}

std::vector<float> weight_values(const strata::Model& model) {
  std::vector<float> out;
  for (const strata::Variable& weight : model->weights()) {
    const std::vector<float> values = weight.value().to_vector<float>();
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

}  // namespace strata_vk_test
