// STRATA_OP_UNARY and STRATA_OP_UNARY_BACKWARD on the reference backend. Forward values are
// checked against textbook formulas built from std:: functions; derivatives against formulas
// derived by hand here and against central finite differences of the plugin's own forward.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSeluA = 1.6732632423543772;
constexpr double kSeluScale = 1.0507009873554805;
const double kGeluK = std::sqrt(2 / std::numbers::pi);

double logistic(double x) {
  return 1 / (1 + std::exp(-x));
}

// One sub-code with its parameters, the function and derivative written out plainly (valid
// for the moderate sample points used here), and points away from kinks and poles.
struct UnaryCase {
  const char* name;
  strata_unary_op op;
  double alpha, beta;
  double (*f)(double x, double alpha, double beta);
  double (*df)(double x, double alpha, double beta);
  std::vector<double> points;
};

const std::vector<double> kAnywhere = {-2.5, -1.3, -0.4, 0.3, 0.9, 2.2};
const std::vector<double> kPositive = {0.2, 0.7, 1.5, 3.1};

const std::vector<UnaryCase>& unary_cases() {
  static const std::vector<UnaryCase> cases = {
      {"neg", STRATA_UNARY_NEG, 0, 0, [](double x, double, double) { return -x; },
       [](double, double, double) { return -1.0; }, kAnywhere},
      {"abs", STRATA_UNARY_ABS, 0, 0, [](double x, double, double) { return x < 0 ? -x : x; },
       [](double x, double, double) { return x < 0 ? -1.0 : 1.0; }, kAnywhere},
      {"sign", STRATA_UNARY_SIGN, 0, 0, [](double x, double, double) { return x < 0 ? -1.0 : 1.0; },
       [](double, double, double) { return 0.0; }, kAnywhere},
      {"square", STRATA_UNARY_SQUARE, 0, 0, [](double x, double, double) { return x * x; },
       [](double x, double, double) { return 2 * x; }, kAnywhere},
      {"sqrt", STRATA_UNARY_SQRT, 0, 0, [](double x, double, double) { return std::sqrt(x); },
       [](double x, double, double) { return 1 / (2 * std::sqrt(x)); }, kPositive},
      {"rsqrt", STRATA_UNARY_RSQRT, 0, 0,
       [](double x, double, double) { return std::pow(x, -0.5); },
       [](double x, double, double) { return -0.5 * std::pow(x, -1.5); }, kPositive},
      {"reciprocal", STRATA_UNARY_RECIPROCAL, 0, 0, [](double x, double, double) { return 1 / x; },
       [](double x, double, double) { return -1 / (x * x); }, kAnywhere},
      {"exp", STRATA_UNARY_EXP, 0, 0, [](double x, double, double) { return std::exp(x); },
       [](double x, double, double) { return std::exp(x); }, kAnywhere},
      {"log", STRATA_UNARY_LOG, 0, 0, [](double x, double, double) { return std::log(x); },
       [](double x, double, double) { return 1 / x; }, kPositive},
      {"tanh", STRATA_UNARY_TANH, 0, 0, [](double x, double, double) { return std::tanh(x); },
       [](double x, double, double) { return 1 - std::tanh(x) * std::tanh(x); }, kAnywhere},
      {"sigmoid", STRATA_UNARY_SIGMOID, 0, 0, [](double x, double, double) { return logistic(x); },
       [](double x, double, double) { return logistic(x) * (1 - logistic(x)); }, kAnywhere},
      {"relu", STRATA_UNARY_RELU, 0, 0, [](double x, double, double) { return x > 0 ? x : 0.0; },
       [](double x, double, double) { return x > 0 ? 1.0 : 0.0; }, kAnywhere},
      {"leaky_relu", STRATA_UNARY_LEAKY_RELU, 0.2, 0,
       [](double x, double a, double) { return x > 0 ? x : a * x; },
       [](double x, double a, double) { return x > 0 ? 1.0 : a; }, kAnywhere},
      {"elu", STRATA_UNARY_ELU, 1.5, 0,
       [](double x, double a, double) { return x > 0 ? x : a * (std::exp(x) - 1); },
       [](double x, double a, double) { return x > 0 ? 1.0 : a * std::exp(x); }, kAnywhere},
      {"selu", STRATA_UNARY_SELU, 0, 0,
       [](double x, double, double) {
         return kSeluScale * (x > 0 ? x : kSeluA * (std::exp(x) - 1));
       },
       [](double x, double, double) { return kSeluScale * (x > 0 ? 1.0 : kSeluA * std::exp(x)); },
       kAnywhere},
      {"gelu", STRATA_UNARY_GELU, 0, 0,
       [](double x, double, double) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); },
       [](double x, double, double) {
         return 0.5 * (1 + std::erf(x / std::sqrt(2.0))) +
                x * std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi);
       },
       kAnywhere},
      {"gelu_tanh", STRATA_UNARY_GELU, 0, 1,
       [](double x, double, double) {
         return 0.5 * x * (1 + std::tanh(kGeluK * (x + 0.044715 * x * x * x)));
       },
       [](double x, double, double) {
         const double t = std::tanh(kGeluK * (x + 0.044715 * x * x * x));
         return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * kGeluK * (1 + 3 * 0.044715 * x * x);
       },
       kAnywhere},
      {"silu", STRATA_UNARY_SILU, 0, 0,
       [](double x, double, double) { return x / (1 + std::exp(-x)); },
       [](double x, double, double) { return logistic(x) + x * logistic(x) * (1 - logistic(x)); },
       kAnywhere},
      {"softplus", STRATA_UNARY_SOFTPLUS, 0, 0,
       [](double x, double, double) { return std::log(1 + std::exp(x)); },
       [](double x, double, double) { return logistic(x); }, kAnywhere},
      {"softsign", STRATA_UNARY_SOFTSIGN, 0, 0,
       [](double x, double, double) { return x / (1 + std::fabs(x)); },
       [](double x, double, double) { return 1 / ((1 + std::fabs(x)) * (1 + std::fabs(x))); },
       kAnywhere},
      {"clip", STRATA_UNARY_CLIP, -0.5, 0.8,
       [](double x, double lo, double hi) { return x < lo   ? lo
                                                   : x > hi ? hi
                                                            : x; },
       [](double x, double lo, double hi) { return lo < x && x < hi ? 1.0 : 0.0; }, kAnywhere},
  };
  return cases;
}

const UnaryCase& case_named(std::string_view name) {
  for (const UnaryCase& c : unary_cases()) {
    if (c.name == name) return c;
  }
  throw std::invalid_argument("no unary case named " + std::string(name));
}

std::vector<double> apply(const UnaryCase& c, double (*fn)(double, double, double),
                          const std::vector<double>& xs) {
  std::vector<double> out;
  for (double x : xs) out.push_back(fn(x, c.alpha, c.beta));
  return out;
}

strata_unary_params params_of(const UnaryCase& c) {
  return {sizeof(strata_unary_params), c.alpha, c.beta};
}

CallResult forward(ReferenceHarness& h, strata_unary_op op, const strata_unary_params* p,
                   const TestTensor& x, const TestTensor& out) {
  return h.run(STRATA_OP_UNARY, op, p, {&x}, {&out});
}

CallResult backward(ReferenceHarness& h, strata_unary_op op, const strata_unary_params* p,
                    const TestTensor& dy, const TestTensor& x, const TestTensor& dx) {
  return h.run(STRATA_OP_UNARY_BACKWARD, op, p, {&dy, &x}, {&dx});
}

// The plugin's forward in F64 at `xs`.
std::vector<double> plugin_forward(ReferenceHarness& h, const UnaryCase& c,
                                   const std::vector<double>& xs) {
  const int64_t n = static_cast<int64_t>(xs.size());
  const strata_unary_params p = params_of(c);
  TestTensor x = h.make(STRATA_F64, {n}, xs);
  TestTensor out = h.make(STRATA_F64, {n}, {});
  const CallResult r = forward(h, c.op, &p, x, out);
  EXPECT_TRUE(r.ok()) << r.message;
  return h.read(out);
}

// dy * f'(x) from the plugin's backward, for one x and dy per element.
std::vector<double> plugin_backward(ReferenceHarness& h, strata_unary_op op,
                                    const strata_unary_params* p, strata_dtype dtype,
                                    const std::vector<double>& dys, const std::vector<double>& xs,
                                    std::vector<double>* xs_stored = nullptr,
                                    std::vector<double>* dys_stored = nullptr) {
  const int64_t n = static_cast<int64_t>(xs.size());
  TestTensor x = h.make(dtype, {n}, xs);
  TestTensor dy = h.make(dtype, {n}, dys);
  TestTensor dx = h.make(dtype, {n}, {});
  const CallResult r = backward(h, op, p, dy, x, dx);
  EXPECT_TRUE(r.ok()) << r.message;
  if (xs_stored != nullptr) *xs_stored = h.read(x);
  if (dys_stored != nullptr) *dys_stored = h.read(dy);
  return h.read(dx);
}

// ---- forward ---------------------------------------------------------------------------------

TEST(Unary, ForwardMatchesStdFormulasInEveryFloatDtype) {
  ReferenceHarness h;
  for (const UnaryCase& c : unary_cases()) {
    const strata_unary_params p = params_of(c);
    for (strata_dtype dtype : {STRATA_F64, STRATA_F32, STRATA_F16, STRATA_BF16}) {
      SCOPED_TRACE(std::string(c.name) + " dtype " + std::to_string(dtype));
      const int64_t n = static_cast<int64_t>(c.points.size());
      TestTensor x = h.make(dtype, {n}, c.points);
      TestTensor out = guarded_output(h, dtype, {n});
      ASSERT_TRUE(forward(h, c.op, &p, x, out).ok());
      // The expectation starts from x as the dtype stores it.
      expect_all_near(h.read(out), apply(c, c.f, h.read(x)), rounding_tolerance(dtype));
      expect_guards_intact(h, out);
    }
  }
}

TEST(Unary, SigmoidAndSoftplusAreStableForLargeMagnitudes) {
  ReferenceHarness h;
  const UnaryCase& sigmoid = case_named("sigmoid");
  const UnaryCase& softplus = case_named("softplus");
  expect_all_near(plugin_forward(h, sigmoid, {800, -800, -700, 40}),
                  {1, 0, std::exp(-700), 1 / (1 + std::exp(-40))}, 1e-13);
  expect_all_near(plugin_forward(h, softplus, {800, -800, -700, 40}),
                  {800, 0, std::exp(-700), 40 + std::log1p(std::exp(-40))}, 1e-13);
  // The derivatives stay finite and keep their tails: sigmoid'(x) = e^-|x| / (1+e^-|x|)^2.
  const strata_unary_params none{sizeof none, 0, 0};
  expect_all_near(
      plugin_backward(h, STRATA_UNARY_SIGMOID, &none, STRATA_F64, {1, 1, 1}, {800, -800, 40}),
      {0, 0, std::exp(-40) / ((1 + std::exp(-40)) * (1 + std::exp(-40)))}, 1e-12);
  expect_all_near(plugin_backward(h, STRATA_UNARY_SOFTPLUS, &none, STRATA_F64, {1, 1}, {800, -800}),
                  {1, 0}, 0);
  // f16 and bf16 inputs at the edge of their range.
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16}) {
    TestTensor x = h.make(dtype, {2}, {-60000, 60000});
    TestTensor out = h.make(dtype, {2}, {});
    ASSERT_TRUE(forward(h, STRATA_UNARY_SIGMOID, &none, x, out).ok());
    EXPECT_EQ(h.read(out), (std::vector<double>{0, 1}));
  }
}

TEST(Unary, LimitsAtInfinity) {
  ReferenceHarness h;
  auto at = [&](strata_unary_op op, double beta) {
    const UnaryCase c{"", op, 0, beta, nullptr, nullptr, {}};
    return plugin_forward(h, c, {-kInf, kInf});
  };
  EXPECT_EQ(at(STRATA_UNARY_GELU, 0), (std::vector<double>{0, kInf}));
  EXPECT_EQ(at(STRATA_UNARY_GELU, 1), (std::vector<double>{0, kInf}));
  EXPECT_EQ(at(STRATA_UNARY_SILU, 0), (std::vector<double>{0, kInf}));
  EXPECT_EQ(at(STRATA_UNARY_SOFTSIGN, 0), (std::vector<double>{-1, 1}));
  EXPECT_EQ(at(STRATA_UNARY_SIGMOID, 0), (std::vector<double>{0, 1}));
  EXPECT_EQ(at(STRATA_UNARY_SOFTPLUS, 0), (std::vector<double>{0, kInf}));
  EXPECT_EQ(at(STRATA_UNARY_ELU, 0), (std::vector<double>{0, kInf}));
  // The tanh form's cube overflows long before x does.
  const UnaryCase gelu_tanh{"", STRATA_UNARY_GELU, 0, 1, nullptr, nullptr, {}};
  EXPECT_EQ(plugin_forward(h, gelu_tanh, {-1e103, 1e103}), (std::vector<double>{0, 1e103}));
  for (strata_unary_op op : {STRATA_UNARY_GELU, STRATA_UNARY_SILU}) {
    for (double beta : {0.0, 1.0}) {
      const strata_unary_params p{sizeof p, 0, beta};
      EXPECT_EQ(plugin_backward(h, op, &p, STRATA_F64, {2, 2}, {-kInf, kInf}),
                (std::vector<double>{0, 2}));
    }
  }
}

TEST(Unary, NaNPropagatesThroughEveryFunction) {
  ReferenceHarness h;
  for (const UnaryCase& c : unary_cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(std::isnan(plugin_forward(h, c, {kNaN})[0]));
    const strata_unary_params p = params_of(c);
    EXPECT_TRUE(std::isnan(plugin_backward(h, c.op, &p, STRATA_F64, {1}, {kNaN})[0]));
  }
}

TEST(Unary, ParamsDefaultToZero) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F64, {3}, {-2, 0.5, 3});
  TestTensor out = h.make(STRATA_F64, {3}, {});
  // NULL params: leaky_relu has slope 0, clip clamps to [0, 0], gelu is the exact form.
  ASSERT_TRUE(forward(h, STRATA_UNARY_LEAKY_RELU, nullptr, x, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{0, 0.5, 3}));
  ASSERT_TRUE(forward(h, STRATA_UNARY_CLIP, nullptr, x, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{0, 0, 0}));
  // A caller's older, shorter struct: beta lies beyond its struct_size and reads as zero.
  strata_unary_params short_params{offsetof(strata_unary_params, beta), 0, 1};
  ASSERT_TRUE(forward(h, STRATA_UNARY_GELU, &short_params, x, out).ok());
  const UnaryCase& exact = case_named("gelu");
  expect_all_near(h.read(out), apply(exact, exact.f, {-2, 0.5, 3}), 1e-13);
}

// ---- backward --------------------------------------------------------------------------------

TEST(UnaryBackward, F64MatchesHandDerivativesAndFiniteDifferences) {
  ReferenceHarness h;
  for (const UnaryCase& c : unary_cases()) {
    SCOPED_TRACE(c.name);
    const strata_unary_params p = params_of(c);
    const std::vector<double> dys = random_values(c.points.size(), 7, 0.5, 2.0);
    const std::vector<double> dx = plugin_backward(h, c.op, &p, STRATA_F64, dys, c.points);
    const std::vector<double> slopes = apply(c, c.df, c.points);
    std::vector<double> by_hand, by_differences, plus, minus;
    for (size_t i = 0; i < c.points.size(); ++i) {
      by_hand.push_back(dys[i] * slopes[i]);
      const double step = 1e-5 * std::max(1.0, std::fabs(c.points[i]));
      plus.push_back(c.points[i] + step);
      minus.push_back(c.points[i] - step);
    }
    const std::vector<double> f_plus = plugin_forward(h, c, plus);
    const std::vector<double> f_minus = plugin_forward(h, c, minus);
    for (size_t i = 0; i < c.points.size(); ++i) {
      by_differences.push_back(dys[i] * (f_plus[i] - f_minus[i]) / (plus[i] - minus[i]));
    }
    expect_all_near(dx, by_hand, 1e-12, 1e-15);
    expect_all_near(dx, by_differences, 1e-6, 1e-9);
  }
}

TEST(UnaryBackward, LowerPrecisionDtypesMatchHandDerivatives) {
  ReferenceHarness h;
  for (const UnaryCase& c : unary_cases()) {
    const strata_unary_params p = params_of(c);
    for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
      SCOPED_TRACE(std::string(c.name) + " dtype " + std::to_string(dtype));
      std::vector<double> xs, dys;
      const std::vector<double> dx = plugin_backward(
          h, c.op, &p, dtype, random_values(c.points.size(), 8, 0.5, 2.0), c.points, &xs, &dys);
      std::vector<double> expected = apply(c, c.df, xs);
      for (size_t i = 0; i < expected.size(); ++i) expected[i] *= dys[i];
      expect_all_near(dx, expected, rounding_tolerance(dtype));
    }
  }
}

TEST(UnaryBackward, KinkConventions) {
  ReferenceHarness h;
  const double lo = -0.5, hi = 0.8;
  struct Kink {
    strata_unary_op op;
    double alpha, beta, x, slope;
  };
  const std::vector<Kink> kinks = {
      {STRATA_UNARY_ABS, 0, 0, 0.0, 0.0},    {STRATA_UNARY_ABS, 0, 0, -0.0, 0.0},
      {STRATA_UNARY_RELU, 0, 0, 0.0, 0.0},   {STRATA_UNARY_SIGN, 0, 0, 0.0, 0.0},
      {STRATA_UNARY_SIGN, 0, 0, 2.0, 0.0},   {STRATA_UNARY_LEAKY_RELU, 0.2, 0, 0.0, 0.2},
      {STRATA_UNARY_ELU, 1.5, 0, 0.0, 1.5},  {STRATA_UNARY_SELU, 0, 0, 0.0, kSeluScale * kSeluA},
      {STRATA_UNARY_CLIP, lo, hi, lo, 0.0},  {STRATA_UNARY_CLIP, lo, hi, hi, 0.0},
      {STRATA_UNARY_CLIP, lo, hi, 0.0, 1.0}, {STRATA_UNARY_CLIP, lo, hi, 5.0, 0.0},
  };
  for (const Kink& k : kinks) {
    SCOPED_TRACE(testing::Message() << "sub-code " << k.op << " at " << k.x);
    const strata_unary_params p{sizeof p, k.alpha, k.beta};
    EXPECT_NEAR(plugin_backward(h, k.op, &p, STRATA_F64, {3}, {k.x})[0], 3 * k.slope, 1e-15);
  }
}

TEST(UnaryBackward, BroadcastDyStridedXIntoAGuardedView) {
  ReferenceHarness h;
  // x is a 3x2 block read as its 2x3 transpose; dy is one row broadcast over both rows.
  const std::vector<double> xs = {-1, 2, 0.5, -3, 4, 1.5};  // logical order
  TestTensor x = h.make_view(STRATA_F32, {2, 3}, {1, 2}, 0, 6, xs);
  TestTensor dy = h.make_view(STRATA_F32, {2, 3}, {0, 1}, 1, 4, {1, 2, 3, 1, 2, 3});
  TestTensor dx = guarded_output(h, STRATA_F32, {2, 3});
  const strata_unary_params p{sizeof p, 0.1, 0};
  ASSERT_TRUE(backward(h, STRATA_UNARY_LEAKY_RELU, &p, dy, x, dx).ok());
  expect_all_near(h.read(dx), {1 * 0.1, 2, 3, 1 * 0.1, 2, 3}, 1e-7);
  expect_guards_intact(h, dx);

  TestTensor out = guarded_output(h, STRATA_F32, {2, 3});
  ASSERT_TRUE(forward(h, STRATA_UNARY_SQUARE, nullptr, x, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, 4, 0.25, 9, 16, 2.25}));
  expect_guards_intact(h, out);
}

TEST(Unary, RankZeroAndEmpty) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F64, {}, {4});
  TestTensor out = guarded_output(h, STRATA_F64, {});
  ASSERT_TRUE(forward(h, STRATA_UNARY_SQRT, nullptr, x, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{2});
  expect_guards_intact(h, out);
  TestTensor dy = h.make(STRATA_F64, {}, {3});
  ASSERT_TRUE(backward(h, STRATA_UNARY_SQUARE, nullptr, dy, x, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{24});

  TestTensor ex = h.make(STRATA_F32, {2, 0, 3}, {});
  TestTensor eout = guarded_output(h, STRATA_F32, {2, 0, 3});
  ASSERT_TRUE(forward(h, STRATA_UNARY_EXP, nullptr, ex, eout).ok());
  ASSERT_TRUE(backward(h, STRATA_UNARY_EXP, nullptr, ex, ex, eout).ok());
  expect_guards_intact(h, eout);
}

TEST(Unary, RejectsIntegersUnknownSubCodesAndMismatches) {
  ReferenceHarness h;
  TestTensor ix = h.make(STRATA_I32, {2}, {1, 2});
  TestTensor iout = h.make(STRATA_I32, {2}, {});
  expect_error(forward(h, STRATA_UNARY_NEG, nullptr, ix, iout), STRATA_UNSUPPORTED,
               {"unary neg", "i32[2]", "float"});
  expect_error(backward(h, STRATA_UNARY_RELU, nullptr, ix, ix, iout), STRATA_UNSUPPORTED,
               {"unary_backward relu", "i32[2]"});
  TestTensor x = h.make(STRATA_F32, {2, 3}, {});
  TestTensor out = h.make(STRATA_F32, {2, 3}, {});
  expect_error(forward(h, static_cast<strata_unary_op>(20), nullptr, x, out), STRATA_UNSUPPORTED,
               {"unknown sub-code 20"});
  expect_error(backward(h, static_cast<strata_unary_op>(-1), nullptr, x, x, out),
               STRATA_UNSUPPORTED, {"unknown sub-code -1"});
  TestTensor wrong = h.make(STRATA_F32, {3, 2}, {});
  expect_error(forward(h, STRATA_UNARY_EXP, nullptr, x, wrong), STRATA_INVALID_ARGUMENT,
               {"unary exp", "x f32[2,3]", "out f32[3,2]", "shapes differ"});
  expect_error(backward(h, STRATA_UNARY_EXP, nullptr, wrong, x, out), STRATA_INVALID_ARGUMENT,
               {"dy f32[3,2]", "x f32[2,3]"});
  TestTensor x64 = h.make(STRATA_F64, {2, 3}, {});
  expect_error(forward(h, STRATA_UNARY_EXP, nullptr, x64, out), STRATA_INVALID_ARGUMENT,
               {"x f64[2,3]", "out f32[2,3]", "one dtype"});
  expect_error(backward(h, STRATA_UNARY_EXP, nullptr, x64, x, out), STRATA_INVALID_ARGUMENT,
               {"dy f64[2,3]", "one dtype"});
  expect_error(h.run(STRATA_OP_UNARY_BACKWARD, STRATA_UNARY_EXP, nullptr, {&x}, {&out}),
               STRATA_INVALID_ARGUMENT, {"takes 2 inputs"});
}

}  // namespace
}  // namespace strata_test
