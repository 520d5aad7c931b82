// The autodiff engine's behaviour: accumulation over reuse and broadcasts, in-place matmul
// accumulation, which tensors get gradients, no-grad scopes, seeds, and Variables.
#include <gtest/gtest.h>

#include <memory>

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"
#include "strata/variable.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Shape;
using strata::Tensor;
using strata::Variable;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
namespace ops = strata::ops;

class AutodiffTest : public strata_test::ReferenceTest {
 protected:
  static Tensor leaf(std::vector<double> values, const Shape& shape) {
    Tensor t = f64(std::move(values), shape);
    t.set_requires_grad();
    return t;
  }
};

TEST_F(AutodiffTest, ATensorUsedTwiceGetsBothContributions) {
  const Tensor x = leaf({1, -2, 3}, {3});
  const auto g = strata::gradients(ops::sum(x * x + x), std::vector{x});
  expect_values(g[0], {3, -3, 7});  // 2x + 1
  const Tensor y = ops::exp(x);
  const auto h = strata::gradients(ops::sum(y * y), std::vector{x});  // d/dx e^2x = 2 e^2x
  expect_values(h[0], {2 * std::exp(2.0), 2 * std::exp(-4.0), 2 * std::exp(6.0)}, 1e-12);
}

TEST_F(AutodiffTest, BroadcastOperandsGetReducedGradients) {
  const Tensor x = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  const Tensor bias = leaf({0.5, -1, 2}, {3});
  const Tensor scale = leaf({2}, {});
  const auto g = strata::gradients(ops::sum((x + bias) * scale), std::vector{bias, scale});
  EXPECT_EQ(g[0].shape(), Shape({3}));
  expect_values(g[0], {4, 4, 4});  // two rows, times the scale 2
  EXPECT_EQ(g[1].shape(), Shape());
  expect_values(g[1], {21 + 2 * 1.5});  // sum(x + bias)
}

TEST_F(AutodiffTest, ASharedWeightAccumulatesAcrossMatmuls) {
  // loss = sum((x1 @ w) * r1) + sum((x2 @ w) * r2): dw = x1^T r1 + x2^T r2, the second product
  // accumulated into the first's buffer (matmul with beta = 1).
  const Tensor w = leaf({1, 2, 3, 4, 5, 6}, {3, 2});
  const Tensor x1 = f64({1, 0, 2, -1, 1, 0}, {2, 3});
  const Tensor x2 = f64({0, 3, 1}, {1, 3});
  const Tensor r1 = f64({1, 2, 3, 4}, {2, 2});
  const Tensor r2 = f64({-1, 5}, {1, 2});
  const Tensor loss = ops::sum(ops::matmul(x1, w) * r1) + ops::sum(ops::matmul(x2, w) * r2);
  const auto g = strata::gradients(loss, std::vector{w});
  // x1^T r1 = [[1-3, 2-4], [0+3, 0+4], [2, 4]]; x2^T r2 = [[0,0], [-3,15], [-1,5]]
  expect_values(g[0], {-2, -2, 0, 19, 1, 9});
}

TEST_F(AutodiffTest, IntermediateTensorsAndUnconnectedOnes) {
  const Tensor x = leaf({1, 2}, {2});
  const Tensor unused = leaf({5}, {1});
  const Tensor y = x * 3.0;
  const auto g = strata::gradients(ops::sum(y * y), std::vector{y, x, unused});
  expect_values(g[0], {6, 12});   // 2y
  expect_values(g[1], {18, 36});  // 2y * 3
  EXPECT_FALSE(g[2].defined());
}

TEST_F(AutodiffTest, OutputGradientSeedsANonScalarLoss) {
  const Tensor x = leaf({1, 2, 3}, {3});
  const Tensor y = ops::square(x);
  expect_values(strata::gradients(y, std::vector{x})[0], {2, 4, 6});  // as if summed
  const Tensor seed = f64({1, 0, -1}, {3});
  expect_values(strata::gradients(y, std::vector{x}, seed)[0], {2, 0, -6});
  EXPECT_EQ(error_of([&] { strata::gradients(y, std::vector{x}, f64({1}, {1})); }),
            "gradients: output_gradient is float64 (1,), but the loss is float64 (3,)");
}

TEST_F(AutodiffTest, TheGraphCanBeDifferentiatedTwice) {
  const Tensor x = leaf({2}, {1});
  const Tensor loss = ops::sum(ops::exp(x) * x);
  const auto first = strata::gradients(loss, std::vector{x})[0].item<double>();
  const auto second = strata::gradients(loss, std::vector{x})[0].item<double>();
  EXPECT_DOUBLE_EQ(first, 3 * std::exp(2.0));
  EXPECT_EQ(first, second);
}

TEST_F(AutodiffTest, GraphsAreFreedWithTheirTensors) {
  // Nodes that save their own op's output (softmax, divide, max) must not keep it alive.
  const Tensor x = leaf({1, 2, 3}, {3});
  const long uses = x.impl().use_count();
  std::vector<std::weak_ptr<strata::detail::TensorImpl>> outputs;
  {
    const Tensor s = ops::softmax(x);
    const Tensor d = x / s;
    const Tensor m = ops::max(d * x);
    strata::gradients(m, std::vector{x});
    outputs = {s.impl(), d.impl(), m.impl()};
    EXPECT_GT(x.impl().use_count(), uses);  // saved by the nodes
  }
  for (const auto& output : outputs) EXPECT_TRUE(output.expired());
  EXPECT_EQ(x.impl().use_count(), uses);
}

TEST_F(AutodiffTest, NoGradScopesRecordNothing) {
  const Tensor x = leaf({1}, {1});
  EXPECT_TRUE(strata::grad_enabled());
  Tensor y;
  {
    strata::NoGradGuard no_grad;
    EXPECT_FALSE(strata::grad_enabled());
    y = x * 2.0;
  }
  EXPECT_TRUE(strata::grad_enabled());
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE((x * 2.0).requires_grad());
  EXPECT_FALSE(strata::gradients(ops::sum(y), std::vector{x})[0].defined());
  EXPECT_FALSE(ops::less(x, x).requires_grad());
  EXPECT_FALSE(ops::argmax(x).requires_grad());
}

TEST_F(AutodiffTest, OnlyLeavesOfFloatDtypesCanBeMarked) {
  const Tensor x = leaf({1}, {1});
  Tensor y = x + 1.0;
  EXPECT_FALSE(y.is_leaf());
  EXPECT_EQ(error_of([&] { y.set_requires_grad(); }),
            "set_requires_grad: this tensor was produced by add; only leaves can be marked (take "
            "x.detach() first)");
  Tensor d = y.detach();
  EXPECT_TRUE(d.is_leaf());
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.shares_storage_with(y));
  Tensor i = Tensor::from({1}, {1});
  EXPECT_EQ(error_of([&] { i.set_requires_grad(); }),
            "set_requires_grad: int32 tensors have no gradient; only float tensors can require "
            "one");
  const Tensor plain = f64({1}, {1});
  EXPECT_EQ(error_of([&] { strata::gradients(ops::sum(x * plain), std::vector{plain}); }),
            "gradients: wrt[0] (float64 (1,)) does not require a gradient; use a trainable "
            "Variable or call set_requires_grad() before the forward pass");
}

TEST_F(AutodiffTest, VariablesAreTrainableLeavesUpdatedInPlace) {
  const Variable w(f64({1, 2, 3, 4}, {2, 2}), "dense/kernel");
  EXPECT_EQ(w.name(), "dense/kernel");
  EXPECT_TRUE(w.trainable());
  EXPECT_TRUE(w.value().requires_grad());
  const Tensor x = f64({1, 1}, {1, 2});
  const auto g = strata::gradients(ops::sum(ops::matmul(x, w)), std::vector{w});
  expect_values(g[0], {1, 1, 1, 1});

  const Tensor view = w.value().transpose();
  Variable handle = w;
  handle.assign(f64({5, 6, 7, 8}, {2, 2}));
  expect_values(view, {5, 7, 6, 8});  // the same buffer, seen through an earlier view
  handle.assign_add(f64({1}, {}));
  expect_values(w, {6, 7, 8, 9});
  handle.assign_sub(Tensor::from({1.f, 1.f, 1.f, 1.f}, {2, 2}));  // cast to float64
  expect_values(w, {5, 6, 7, 8});
  EXPECT_EQ(error_of([&] {
              handle.assign(f64({1, 2}, {2}));
            }),
            "assign: variable 'dense/kernel' has shape (2,2), the value has (2,)");
}

TEST_F(AutodiffTest, AVariableCopiesItsInitialValue) {
  const Tensor init = f64({1, 2}, {2});
  const Variable v(init);
  EXPECT_FALSE(v.value().shares_storage_with(init));
  Variable(v).assign(f64({9, 9}, {2}));
  expect_values(init, {1, 2});
}

TEST_F(AutodiffTest, NonTrainableVariables) {
  Variable counter(Tensor::from(std::vector<int64_t>{0}, {1}), "step", false);
  EXPECT_FALSE(counter.value().requires_grad());
  counter.assign_add(Tensor::from(std::vector<int64_t>{1}, {1}));
  expect_values(counter, {1});
  EXPECT_EQ(error_of([] { Variable(Tensor::from({1}, {1}), "ids"); }),
            "Variable 'ids': int32 variables cannot be trainable (they have no gradient); pass "
            "trainable = false");
  Variable frozen(f64({1}, {1}), "frozen");
  frozen.set_trainable(false);
  EXPECT_EQ(error_of([&] { strata::gradients(ops::sum(frozen.value()), std::vector{frozen}); }),
            "gradients: variable 'frozen' is not trainable");
}

}  // namespace
