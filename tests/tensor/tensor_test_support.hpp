// Shared helpers of the tensor tests: an isolated environment (no STRATA_BACKEND, a private
// STRATA_HOME), contexts on the reference and the partial test plugin, value checks, and a
// central-difference gradient checker.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "../support/error_of.hpp"
#include "strata/context.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace strata_test {

// The private STRATA_HOME every test in this binary runs under.
const std::string& test_home();

// A fresh context on the reference backend.
strata::Context reference_context();
// A fresh context on tests/tensor/plugins/partial_plugin.c (fill, copy, f32 arithmetic only).
strata::Context partial_context();

// Runs each test body with a fresh reference context current.
class ReferenceTest : public ::testing::Test {
 protected:
  ReferenceTest() : context_(reference_context()), scope_(context_) {}
  strata::Context context_;
  strata::BackendScope scope_;
};

// Row-major float64 tensor on the current context.
strata::Tensor f64(std::vector<double> values, const strata::Shape& shape);
strata::Tensor f32(std::vector<float> values, const strata::Shape& shape);

// Every value of `t` (converted to double) is within `tolerance` of `expected`, with the index
// of the first mismatch in the failure message.
void expect_values(const strata::Tensor& t, const std::vector<double>& expected,
                   double tolerance = 0);
// Deterministic values in [lo, hi) from a small LCG, for inputs and loss weights.
std::vector<double> sample_values(size_t count, double lo, double hi, uint32_t seed);

// d/dx_i of sum(f(x) * w), w fixed random weights, computed by strata::gradients, against
// central differences (x_j +- eps) for every element of every input marked in `differentiate`
// (all when empty). Inputs are float64 on the current context.
void check_gradients(const std::function<strata::Tensor(const std::vector<strata::Tensor>&)>& f,
                     const std::vector<strata::Tensor>& inputs,
                     std::vector<bool> differentiate = {}, double eps = 1e-6,
                     double tolerance = 1e-6);

// The message of the strata::Error `fn` throws; fails the test when it throws none.
using strata_test_support::error_of;

}  // namespace strata_test
