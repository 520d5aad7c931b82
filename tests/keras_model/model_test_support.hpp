// Shared fixture and data for the model tests: every test runs on the reference backend with a
// fixed seed and a private config folder.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "../support/reference_context.hpp"
#include "strata/context.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/tensor.hpp"

namespace model_test {

using strata::DType;
using strata::Shape;
using strata::Tensor;

using strata_test_support::reference_context;

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

 private:
  std::optional<strata::BackendScope> scope_;
};

// Two Gaussian blobs in the plane, centred at (-2, -2) (label 0) and (2, 2) (label 1), with
// unit variance, interleaved: x is [n, 2] float32, y is [n, 1] float32.
struct Blobs {
  Tensor x;
  Tensor y;
  std::vector<float> labels;
};
Blobs two_blobs(int64_t n, uint32_t seed);

// Uniform host values in [lo, hi) from a seeded generator.
std::vector<float> host_uniform(size_t count, uint32_t seed, float lo = -1, float hi = 1);

// Every weight's values, concatenated in weight order.
std::vector<float> weight_values(const strata::Model& model);

// Sets $COLUMNS for one test (summary() and Keras size the table from it).
class ColumnsScope {
 public:
  explicit ColumnsScope(const char* columns);
  ~ColumnsScope();

 private:
  std::optional<std::string> previous_;
};

}  // namespace model_test
