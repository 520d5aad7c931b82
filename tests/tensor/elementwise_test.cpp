// Elementwise ops against host formulas: every unary function, binary arithmetic and
// comparisons with broadcasting, where, cast and the C++ operators.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
namespace ops = strata::ops;

class ElementwiseTest : public strata_test::ReferenceTest {};

struct UnaryCase {
  const char* name;
  std::function<Tensor(const Tensor&)> op;
  std::function<double(double)> host;
  bool positive_only = false;
};

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}

std::vector<UnaryCase> unary_cases() {
  const double selu_a = 1.6732632423543772848170429916717;
  const double selu_s = 1.0507009873554804934193349852946;
  return {
      {"negative", ops::negative, [](double x) { return -x; }},
      {"abs", ops::abs, [](double x) { return std::fabs(x); }},
      {"sign", ops::sign, [](double x) { return double((x > 0) - (x < 0)); }},
      {"square", ops::square, [](double x) { return x * x; }},
      {"sqrt", ops::sqrt, [](double x) { return std::sqrt(x); }, true},
      {"rsqrt", ops::rsqrt, [](double x) { return 1 / std::sqrt(x); }, true},
      {"reciprocal", ops::reciprocal, [](double x) { return 1 / x; }},
      {"exp", ops::exp, [](double x) { return std::exp(x); }},
      {"log", ops::log, [](double x) { return std::log(x); }, true},
      {"tanh", ops::tanh, [](double x) { return std::tanh(x); }},
      {"sigmoid", ops::sigmoid, sigmoid},
      {"relu", ops::relu, [](double x) { return x > 0 ? x : 0; }},
      {"leaky_relu", [](const Tensor& x) { return ops::leaky_relu(x, 0.1); },
       [](double x) { return x > 0 ? x : 0.1 * x; }},
      {"elu", [](const Tensor& x) { return ops::elu(x, 0.5); },
       [](double x) { return x > 0 ? x : 0.5 * (std::exp(x) - 1); }},
      {"selu", ops::selu,
       [=](double x) { return selu_s * (x > 0 ? x : selu_a * (std::exp(x) - 1)); }},
      {"gelu exact", [](const Tensor& x) { return ops::gelu(x, false); },
       [](double x) { return x / 2 * (1 + std::erf(x / std::numbers::sqrt2)); }},
      {"gelu tanh", [](const Tensor& x) { return ops::gelu(x); },
       [](double x) {
         const double c = std::sqrt(2 / std::numbers::pi);
         return x / 2 * (1 + std::tanh(c * (x + 0.044715 * x * x * x)));
       }},
      {"silu", ops::silu, [](double x) { return x * sigmoid(x); }},
      {"softplus", ops::softplus, [](double x) { return std::log1p(std::exp(x)); }},
      {"softsign", ops::softsign, [](double x) { return x / (1 + std::fabs(x)); }},
      {"clip", [](const Tensor& x) { return ops::clip(x, -1, 2); },
       [](double x) { return std::min(std::max(x, -1.0), 2.0); }},
  };
}

TEST_F(ElementwiseTest, EveryUnaryFunctionMatchesItsFormula) {
  const std::vector<double> mixed{-2, -0.5, 0.25, 1.5, 3};
  const std::vector<double> positive{0.25, 1.5, 3, 7};
  for (const UnaryCase& c : unary_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<double>& in = c.positive_only ? positive : mixed;
    std::vector<double> expected;
    for (double v : in) expected.push_back(c.host(v));
    const Tensor x64 = f64(in, {static_cast<int64_t>(in.size())});
    expect_values(c.op(x64), expected, 1e-12);
    // float32 as well, within its rounding
    const Tensor y32 = c.op(x64.astype(DType::float32));
    EXPECT_EQ(y32.dtype(), DType::float32);
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(y32.to_vector<double>()[i], expected[i],
                  1e-5 * std::max(1.0, std::fabs(expected[i])));
    }
  }
}

TEST_F(ElementwiseTest, UnaryFunctionsTakeFloatsOnly) {
  EXPECT_EQ(error_of([] {
              ops::relu(Tensor::from({1, 2}, {2}));
            }),
            "relu: x is int32; relu takes float dtypes (cast it with ops::cast)");
  EXPECT_EQ(error_of([] { ops::clip(Tensor::zeros({1}), 2, 1); }),
            "clip: the lower bound 2 is above the upper bound 1");
}

TEST_F(ElementwiseTest, ArithmeticBroadcastsLikeNumpy) {
  const Tensor a = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  const Tensor row = f64({10, 20, 30}, {3});
  const Tensor column = f64({100, 200}, {2, 1});
  expect_values(ops::add(a, row), {11, 22, 33, 14, 25, 36});
  expect_values(ops::subtract(a, column), {-99, -98, -97, -196, -195, -194});
  expect_values(ops::multiply(row, column), {1000, 2000, 3000, 2000, 4000, 6000});
  expect_values(ops::divide(a, row), {0.1, 0.1, 0.1, 0.4, 0.25, 0.2}, 1e-15);
  expect_values(ops::power(a, f64({2}, {1})), {1, 4, 9, 16, 25, 36});
  expect_values(ops::maximum(a, f64({3.5}, {})), {3.5, 3.5, 3.5, 4, 5, 6});
  expect_values(ops::minimum(a, f64({3.5}, {})), {1, 2, 3, 3.5, 3.5, 3.5});
  EXPECT_EQ(ops::add(row, column).shape(), Shape({2, 3}));
}

TEST_F(ElementwiseTest, BroadcastErrorsNameBothShapesAndTheOp) {
  const Tensor a = Tensor::zeros({32, 10});
  const Tensor b = Tensor::zeros({32, 5});
  EXPECT_EQ(error_of([&] { ops::add(a, b); }), "add: cannot broadcast (32,10) with (32,5)");
  EXPECT_EQ(error_of([&] { (void)(a * b); }), "multiply: cannot broadcast (32,10) with (32,5)");
  EXPECT_EQ(error_of([&] { ops::less(a, b); }), "less: cannot broadcast (32,10) with (32,5)");
  EXPECT_THROW(ops::add(a, b), strata::ShapeError);
}

TEST_F(ElementwiseTest, DtypeRules) {
  const Tensor f = Tensor::zeros({2});
  const Tensor i = Tensor::from({1, 2}, {2});
  EXPECT_EQ(error_of([&] { ops::add(f, i); }),
            "add: dtypes differ: float32 and int32; cast one with ops::cast");
  EXPECT_THROW(ops::add(f, i), strata::DTypeError);
  EXPECT_EQ(error_of([&] { ops::divide(i, i); }),
            "divide: operands are int32; divide takes float dtypes (cast with ops::cast)");
  const Tensor u = Tensor::from(std::vector<uint8_t>{1}, {1});
  EXPECT_EQ(
      error_of([&] { ops::add(u, u); }),
      "add: operands are uint8; add takes float dtypes, int32 or int64 (cast with ops::cast)");
}

TEST_F(ElementwiseTest, IntegerArithmeticSaturates) {
  const Tensor big = Tensor::from({2147483600, -5}, {2});
  expect_values(ops::add(big, Tensor::from({100, 7}, {2})), {2147483647, 2});
  expect_values(ops::multiply(Tensor::from(std::vector<int64_t>{3, -4}, {2}),
                              Tensor::from(std::vector<int64_t>{5}, {1})),
                {15, -20});
}

TEST_F(ElementwiseTest, ComparisonsGiveUint8) {
  const Tensor a = f64({1, 2, 3}, {3});
  const Tensor b = f64({2}, {});
  const Tensor lt = ops::less(a, b);
  EXPECT_EQ(lt.dtype(), DType::uint8);
  expect_values(lt, {1, 0, 0});
  expect_values(ops::less_equal(a, b), {1, 1, 0});
  expect_values(ops::greater(a, b), {0, 0, 1});
  expect_values(ops::greater_equal(a, b), {0, 1, 1});
  expect_values(ops::equal(a, b), {0, 1, 0});
  expect_values(ops::not_equal(a, b), {1, 0, 1});
  expect_values(ops::equal(Tensor::from({1, 5}, {2}), Tensor::from({1, 4}, {2})), {1, 0});
}

TEST_F(ElementwiseTest, WhereBroadcastsAllThree) {
  const Tensor cond = Tensor::from(std::vector<uint8_t>{1, 0, 1}, {3});
  const Tensor a = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  const Tensor b = f64({-1}, {});
  expect_values(ops::where(cond, a, b), {1, -1, 3, 4, -1, 6});
  EXPECT_EQ(error_of([&] { ops::where(a, a, b); }),
            "where: cond is float64; it must be uint8 (what comparisons return)");
  EXPECT_EQ(error_of([&] {
              ops::where(cond, f64({1, 2}, {2}), b);
            }),
            "where: cannot broadcast (3,) with (2,)");
}

TEST_F(ElementwiseTest, CastConvertsAsTheAbiSays) {
  const Tensor x = f64({-1.7, 2.9, 300, std::nan("")}, {4});
  expect_values(ops::cast(x, DType::int32), {-1, 2, 300, 0});
  expect_values(ops::cast(x, DType::uint8), {0, 2, 255, 0});
  const Tensor same = ops::cast(x, DType::float64);
  EXPECT_TRUE(same.shares_storage_with(x));
  expect_values(ops::cast(Tensor::from({1, 2}, {2}), DType::float32), {1, 2});
}

TEST_F(ElementwiseTest, OperatorsWithScalarsKeepTheTensorDtype) {
  const Tensor x = f64({1, 2, 4}, {3});
  expect_values(x + 1.0, {2, 3, 5});
  expect_values(1.0 - x, {0, -1, -3});
  expect_values(x * 3.0, {3, 6, 12});
  expect_values(2.0 / x, {2, 1, 0.5});
  expect_values(x / 2.0, {0.5, 1, 2});
  expect_values(-x, {-1, -2, -4});
  expect_values(x - x, {0, 0, 0});
  expect_values(ops::power(x, 0.5), {1, std::sqrt(2.0), 2}, 1e-15);
  const Tensor i = Tensor::from({1, 2}, {2});
  EXPECT_EQ((i * 3.0).dtype(), DType::int32);
  expect_values(i * 3.0, {3, 6});
}

}  // namespace
