// Every activation name against its formula computed on the host.
#include <gmock/gmock.h>

#include <cmath>
#include <functional>
#include <numbers>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using Fn = std::function<double(double)>;

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}
double softplus(double x) {
  return std::log1p(std::exp(x));
}
double hard_sigmoid(double x) {
  return std::clamp(x / 6 + 0.5, 0.0, 1.0);
}

struct Case {
  const char* name;
  Fn fn;
};
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class Activations : public LayersTest, public ::testing::WithParamInterface<Case> {};

TEST_P(Activations, MatchTheirFormula) {
  const Case& c = GetParam();
  const std::vector<double> x = host_values(24, 5, -3, 3);
  const Tensor out = Activation(c.name)(tensor_of(x, {4, 6}));
  std::vector<double> expected;
  for (double v : x) expected.push_back(c.fn(v));
  expect_close(values_of(out), expected, 2e-6, 2e-5, c.name);
}

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

INSTANTIATE_TEST_SUITE_P(
    Keras, Activations,
    ::testing::Values(
        Case{"linear", [](double x) { return x; }},
        Case{"relu", [](double x) { return std::max(x, 0.0); }}, Case{"sigmoid", sigmoid},
        Case{"tanh", [](double x) { return std::tanh(x); }},
        Case{"elu", [](double x) { return x > 0 ? x : std::expm1(x); }},
        Case{"selu",
             [](double x) { return kSeluScale * (x > 0 ? x : kSeluAlpha * std::expm1(x)); }},
        Case{"gelu", [](double x) { return x / 2 * (1 + std::erf(x / std::numbers::sqrt2)); }},
        Case{"silu", [](double x) { return x * sigmoid(x); }},
        Case{"swish", [](double x) { return x * sigmoid(x); }}, Case{"softplus", softplus},
        Case{"softsign", [](double x) { return x / (1 + std::abs(x)); }},
        Case{"leaky_relu", [](double x) { return x > 0 ? x : 0.2 * x; }},
        Case{"exponential", [](double x) { return std::exp(x); }},
        Case{"relu6", [](double x) { return std::clamp(x, 0.0, 6.0); }},
        Case{"hard_sigmoid", hard_sigmoid},
        Case{"hard_silu", [](double x) { return x * hard_sigmoid(x); }},
        Case{"hard_tanh", [](double x) { return std::clamp(x, -1.0, 1.0); }},
        Case{"mish", [](double x) { return x * std::tanh(softplus(x)); }},
        Case{"log_sigmoid", [](double x) { return std::log(sigmoid(x)); }},
        Case{"tanh_shrink", [](double x) { return x - std::tanh(x); }},
        Case{"neg", [](double x) { return -x; }}, Case{"abs", [](double x) { return std::abs(x); }},
        Case{"sign", [](double x) { return double((x > 0) - (x < 0)); }},
        Case{"square", [](double x) { return x * x; }},
        Case{"exp", [](double x) { return std::exp(x); }}),
    [](const auto& info) { return std::string(info.param.name); });

using ActivationTest = LayersTest;

// sqrt, rsqrt, reciprocal and log need positive inputs.
TEST_F(ActivationTest, PositiveDomainFunctions) {
  const std::vector<double> x = host_values(12, 6, 0.1, 4);
  const Tensor input = tensor_of(x, {3, 4});
  const std::pair<const char*, Fn> cases[] = {
      {"sqrt", [](double v) { return std::sqrt(v); }},
      {"rsqrt", [](double v) { return 1 / std::sqrt(v); }},
      {"reciprocal", [](double v) { return 1 / v; }},
      {"log", [](double v) { return std::log(v); }},
  };
  for (const auto& [name, fn] : cases) {
    std::vector<double> expected;
    for (double v : x) expected.push_back(fn(v));
    expect_close(values_of(Activation(name)(input)), expected, 1e-6, 1e-5, name);
  }
}

TEST_F(ActivationTest, SoftmaxAndLogSoftmaxUseTheLastAxis) {
  const std::vector<double> x = host_values(12, 7, -2, 2);
  const Tensor input = tensor_of(x, {3, 4});
  std::vector<double> soft, log_soft;
  for (int r = 0; r < 3; ++r) {
    double total = 0;
    for (int c = 0; c < 4; ++c) total += std::exp(x[size_t(r * 4 + c)]);
    for (int c = 0; c < 4; ++c) {
      soft.push_back(std::exp(x[size_t(r * 4 + c)]) / total);
      log_soft.push_back(x[size_t(r * 4 + c)] - std::log(total));
    }
  }
  expect_close(values_of(Activation("softmax")(input)), soft, 1e-6, 1e-5, "softmax");
  expect_close(values_of(Activation("log_softmax")(input)), log_soft, 1e-6, 1e-5, "log_softmax");
}

TEST_F(ActivationTest, UnknownNameListsTheValidOnes) {
  try {
    Activation("relux", "act");
    FAIL() << "expected ValueError";
  } catch (const ValueError& error) {
    EXPECT_THAT(error.what(),
                ::testing::AllOf(::testing::HasSubstr("relux"), ::testing::HasSubstr("'act'"),
                                 ::testing::HasSubstr("relu, sigmoid"),
                                 ::testing::HasSubstr("log_softmax")));
  }
  EXPECT_THROW(Dense(2, "sigmoidal"), ValueError);
  EXPECT_THROW(Conv2D(2, {1, 1}, {.activation = "nope"}), ValueError);
}

TEST_F(ActivationTest, AliasesSerializeUnderTheirKerasName) {
  EXPECT_EQ(Activation("swish")->get_config().at("activation").as_string(), "silu");
  EXPECT_EQ(Dense(2, "")->get_config().at("activation").as_string(), "linear");
}

}  // namespace
}  // namespace layers_test
