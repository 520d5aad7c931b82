// Shared helpers of the training tests: an isolated environment (no STRATA_BACKEND, a private
// STRATA_HOME), a fixture running each test on a fresh reference context, value checks and a
// central-difference gradient check.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "../support/error_of.hpp"
#include "strata/context.hpp"
#include "strata/tensor.hpp"

namespace training_test {

// A fresh folder under the private STRATA_HOME, removed with the environment.
std::filesystem::path scratch_folder(const std::string& name);

class ReferenceTest : public ::testing::Test {
 protected:
  ReferenceTest() : context_("reference"), scope_(context_) {}
  strata::Context context_;
  strata::BackendScope scope_;
};

strata::Tensor f64(const std::vector<double>& values, const strata::Shape& shape);
strata::Tensor f32(const std::vector<float>& values, const strata::Shape& shape);

// Every value of `t` is within `tolerance` of `expected` (index of the first mismatch shown).
void expect_values(const strata::Tensor& t, const std::vector<double>& expected, double tolerance);

// d loss(y_pred)/d y_pred by strata::gradients against central differences of the scalar
// `loss`, for a float64 `y_pred`.
void expect_gradient_matches_differences(
    const std::function<strata::Tensor(const strata::Tensor&)>& loss, const strata::Tensor& y_pred,
    double tolerance = 1e-6);

// The message of the strata::Error `fn` throws; fails the test when it throws none.
using strata_test_support::error_of;

std::string read_text(const std::filesystem::path& file);

}  // namespace training_test
