// Shared fixtures for the layer tests: a reference-backend context with fixed settings, host
// data, comparisons, and a finite-difference gradient check.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../support/reference_context.hpp"
#include "strata/autodiff.hpp"
#include "strata/context.hpp"
#include "strata/keras/layer.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace layers_test {

using strata::DType;
using strata::Shape;
using strata::Tensor;

// The reference backend's context, opened once per process.
using strata_test_support::reference_context;

// Every test runs on the reference backend with seed 1234, float32 and channels_last.
class LayersTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

 private:
  std::optional<strata::BackendScope> scope_;
};

// Sets floatx for its lifetime.
class FloatxScope {
 public:
  explicit FloatxScope(DType dtype);
  ~FloatxScope();
  FloatxScope(const FloatxScope&) = delete;
  FloatxScope& operator=(const FloatxScope&) = delete;

 private:
  DType previous_;
};

// `count` values uniform in [lo, hi) from a host generator (independent of the backend's).
std::vector<double> host_values(size_t count, uint32_t seed, double lo = -1, double hi = 1);
// The same, rounded to float so that float32 tensors hold them exactly.
std::vector<double> host_floats(size_t count, uint32_t seed);
// A shape with unknown (-1) sizes, as symbolic calls hand to layers.
Shape symbolic(std::initializer_list<int64_t> sizes);
// A tensor of those values in `dtype` (floatx by default).
Tensor tensor_of(const std::vector<double>& values, const Shape& shape,
                 std::optional<DType> dtype = std::nullopt);
Tensor random_tensor(const Shape& shape, uint32_t seed, std::optional<DType> dtype = std::nullopt);
std::vector<double> values_of(const Tensor& tensor);

// Elementwise |actual - expected| <= atol + rtol * |expected|, reporting the first few misses.
void expect_close(const std::vector<double>& actual, const std::vector<double>& expected,
                  double atol = 1e-5, double rtol = 1e-5, const std::string& what = "");

// Row-major index helper for host loops.
inline size_t at(const Shape& shape, std::initializer_list<int64_t> index) {
  size_t offset = 0;
  int axis = 0;
  for (const int64_t i : index) offset = offset * size_t(shape[axis++]) + size_t(i);
  return offset;
}

// Checks the gradients of sum(layer(inputs) * R), R a fixed random tensor, with respect to each
// float input and each trainable weight against central differences, in float64. `inputs` must
// be float64 (or integer, which are not differentiated); the layer must compute in float64.
void expect_gradients_match_fd(const strata::LayerRef& layer, const std::vector<Tensor>& inputs,
                               bool training = false, double tolerance = 1e-6);

}  // namespace layers_test
