// The gradient of every differentiable op against central finite differences, in float64 on the
// reference backend.
#include <gtest/gtest.h>

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Axes;
using strata::Shape;
using strata::Tensor;
using strata_test::check_gradients;
using strata_test::f64;
using strata_test::sample_values;
using Inputs = std::vector<Tensor>;
namespace ops = strata::ops;

class GradientCheckTest : public strata_test::ReferenceTest {
 protected:
  static Tensor random(const Shape& shape, uint32_t seed, double lo = -1, double hi = 1) {
    return f64(sample_values(size_t(shape.numel()), lo, hi, seed), shape);
  }
};

TEST_F(GradientCheckTest, UnaryFunctions) {
  using F = Tensor (*)(const Tensor&);
  const std::vector<std::pair<const char*, F>> anywhere = {
      {"negative", ops::negative}, {"abs", ops::abs},           {"sign", ops::sign},
      {"square", ops::square},     {"exp", ops::exp},           {"tanh", ops::tanh},
      {"sigmoid", ops::sigmoid},   {"relu", ops::relu},         {"selu", ops::selu},
      {"silu", ops::silu},         {"softplus", ops::softplus}, {"softsign", ops::softsign}};
  for (const auto& [name, f] : anywhere) {
    SCOPED_TRACE(name);
    check_gradients([f](const Inputs& x) { return f(x[0]); }, {random({2, 3}, 1, -2, 2)});
  }
  const std::vector<std::pair<const char*, F>> positive = {{"sqrt", ops::sqrt},
                                                           {"rsqrt", ops::rsqrt},
                                                           {"log", ops::log},
                                                           {"reciprocal", ops::reciprocal}};
  for (const auto& [name, f] : positive) {
    SCOPED_TRACE(name);
    check_gradients([f](const Inputs& x) { return f(x[0]); }, {random({5}, 2, 0.5, 3)});
  }
  const Tensor x = random({6}, 3, -2, 2);
  check_gradients([](const Inputs& v) { return ops::leaky_relu(v[0], 0.3); }, {x});
  check_gradients([](const Inputs& v) { return ops::elu(v[0], 0.7); }, {x});
  check_gradients([](const Inputs& v) { return ops::gelu(v[0], false); }, {x});
  check_gradients([](const Inputs& v) { return ops::gelu(v[0], true); }, {x});
  check_gradients([](const Inputs& v) { return ops::clip(v[0], -0.5, 0.7); }, {x});
}

TEST_F(GradientCheckTest, BinaryArithmeticWithBroadcasting) {
  const Tensor a = random({2, 3}, 4), row = random({3}, 5), column = random({2, 1}, 6);
  check_gradients([](const Inputs& v) { return v[0] + v[1]; }, {a, row});
  check_gradients([](const Inputs& v) { return v[0] - v[1]; }, {column, a});
  check_gradients([](const Inputs& v) { return v[0] * v[1]; }, {row, column});
  check_gradients([](const Inputs& v) { return v[0] / v[1]; }, {a, random({3}, 7, 0.5, 2)});
  check_gradients([](const Inputs& v) { return ops::power(v[0], v[1]); },
                  {random({2, 3}, 8, 0.5, 2), random({2, 1}, 9, -1, 2)});
  check_gradients([](const Inputs& v) { return ops::maximum(v[0], v[1]); }, {a, row});
  check_gradients([](const Inputs& v) { return ops::minimum(v[0], v[1]); }, {column, a});
  check_gradients([](const Inputs& v) { return v[0] * 3.0 - 2.0 / v[0]; },
                  {random({4}, 10, 0.5, 2)});
}

TEST_F(GradientCheckTest, Where) {
  const Tensor cond = Tensor::from(std::vector<uint8_t>{1, 0, 0, 1, 1, 0}, {2, 3});
  check_gradients([cond](const Inputs& v) { return ops::where(cond, v[0], v[1]); },
                  {random({2, 3}, 11), random({3}, 12)});
}

TEST_F(GradientCheckTest, Reductions) {
  const Tensor x = random({2, 3, 4}, 13);
  check_gradients([](const Inputs& v) { return ops::sum(v[0]); }, {x});
  check_gradients([](const Inputs& v) { return ops::sum(v[0], {0, 2}, true); }, {x});
  check_gradients([](const Inputs& v) { return ops::mean(v[0], 1); }, {x});
  check_gradients([](const Inputs& v) { return ops::mean(v[0]); }, {x});
  check_gradients([](const Inputs& v) { return ops::max(v[0], -1); }, {x});
  check_gradients([](const Inputs& v) { return ops::min(v[0], {0, 1}, true); }, {x});
}

TEST_F(GradientCheckTest, Matmul) {
  check_gradients([](const Inputs& v) { return ops::matmul(v[0], v[1]); },
                  {random({3, 4}, 14), random({4, 2}, 15)});
  // batched, with b shared by the batch (the folded "dense on a sequence" path)
  check_gradients([](const Inputs& v) { return ops::matmul(v[0], v[1]); },
                  {random({2, 3, 4}, 16), random({4, 2}, 17)});
  // a shared by b's batch
  check_gradients([](const Inputs& v) { return ops::matmul(v[0], v[1]); },
                  {random({3, 4}, 18), random({2, 4, 2}, 19)});
  check_gradients([](const Inputs& v) { return ops::matmul(v[0], v[1]); },
                  {random({2, 1, 3, 4}, 20), random({3, 4, 2}, 21)});
  // vectors, and transposed views
  check_gradients([](const Inputs& v) { return ops::matmul(v[0], v[1]); },
                  {random({4}, 22), random({4, 3}, 23)});
  check_gradients([](const Inputs& v) { return ops::matmul(v[0].transpose(), v[1].transpose()); },
                  {random({4, 3}, 24), random({2, 4}, 25)});
}

TEST_F(GradientCheckTest, Conv2DAndPooling) {
  strata::ops::Conv2DOptions o;
  o.stride_h = 2;
  o.padding = {1, 1, 0, 1};
  o.dilation_w = 2;
  o.groups = 2;
  check_gradients([o](const Inputs& v) { return ops::conv2d(v[0], v[1], o); },
                  {random({2, 5, 5, 4}, 26), random({3, 2, 2, 4}, 27)});
  strata::ops::Pool2DOptions p;
  p.window_h = p.window_w = 3;
  p.stride_h = p.stride_w = 2;
  p.padding = {1, 1, 1, 1};
  check_gradients([p](const Inputs& v) { return ops::max_pool2d(v[0], p); },
                  {random({1, 5, 5, 2}, 28)});
  check_gradients([p](const Inputs& v) { return ops::avg_pool2d(v[0], p); },
                  {random({1, 5, 5, 2}, 29)});
}

TEST_F(GradientCheckTest, Softmax) {
  const Tensor x = random({2, 3, 4}, 30, -2, 2);
  check_gradients([](const Inputs& v) { return ops::softmax(v[0]); }, {x});
  check_gradients([](const Inputs& v) { return ops::log_softmax(v[0]); }, {x});
  check_gradients([](const Inputs& v) { return ops::softmax(v[0], 1); }, {x});
  check_gradients([](const Inputs& v) { return ops::log_softmax(v[0], 0); }, {x});
}

TEST_F(GradientCheckTest, Take) {
  const Tensor ids = Tensor::from({2, 0, 2, 2, 1, 0}, {2, 3});  // repeats accumulate
  check_gradients([ids](const Inputs& v) { return ops::take(v[0], ids); }, {random({4, 3}, 31)});
  check_gradients([ids](const Inputs& v) { return ops::take(v[0], ids, 1); },
                  {random({2, 3, 2}, 32)});
}

TEST_F(GradientCheckTest, ViewsAndShapes) {
  const Tensor x = random({2, 3, 4}, 33);
  check_gradients([](const Inputs& v) { return v[0].reshape({4, 6}); }, {x});
  check_gradients([](const Inputs& v) { return v[0].transpose({1, 2, 0}); }, {x});
  check_gradients([](const Inputs& v) { return v[0].transpose().reshape({-1}); }, {x});
  check_gradients([](const Inputs& v) { return v[0].expand_dims(1).squeeze(); }, {x});
  check_gradients(
      [](const Inputs& v) {
        return v[0].broadcast_to({3, 2, 3});
      },
      {random({2, 1}, 34)});
  check_gradients(
      [](const Inputs& v) {
        const std::vector<int64_t> starts{1, 0, 1}, sizes{1, 2, 3};
        return ops::slice(v[0], starts, sizes);
      },
      {x});
  check_gradients([](const Inputs& v) { return ops::slice_axis(v[0], 2, 0, 4, 3); }, {x});
  check_gradients([](const Inputs& v) { return ops::copy(v[0].transpose()); }, {x});
}

TEST_F(GradientCheckTest, Assembly) {
  check_gradients([](const Inputs& v) { return ops::concatenate(v, 1); },
                  {random({2, 1, 2}, 35), random({2, 3, 2}, 36)});
  check_gradients([](const Inputs& v) { return ops::stack(v, -1); },
                  {random({2, 3}, 37), random({2, 3}, 38)});
  const std::vector<ops::PadWidth> widths{{1, 2}, {0, 1}};
  check_gradients([widths](const Inputs& v) { return ops::pad(v[0], widths, 3); },
                  {random({2, 3}, 39)});
}

TEST_F(GradientCheckTest, AWholeClassifier) {
  // dense -> relu -> dense -> log_softmax -> picked log-probabilities, all inputs differentiated
  const Tensor labels = Tensor::from({2, 0, 1}, {3});
  check_gradients(
      [labels](const Inputs& v) {
        const Tensor h = ops::relu(ops::matmul(v[0], v[1]) + v[2]);
        const Tensor logits = ops::matmul(h, v[3]);
        const Tensor picked = ops::sum(
            ops::log_softmax(logits) * ops::one_hot(labels, 3, strata::DType::float64), -1);
        return -ops::mean(picked);
      },
      {random({3, 4}, 40), random({4, 5}, 41), random({5}, 42), random({5, 3}, 43)});
}

}  // namespace
