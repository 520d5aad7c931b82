// STRATA_OP_OPTIMIZER on the reference backend: the first steps of each optimiser worked by hand
// from the Keras 3 rules, plus the layout, aliasing and validation rules of the op.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

strata_optimizer_params sgd(double lr, double momentum, bool nesterov = false) {
  strata_optimizer_params p{};
  p.struct_size = sizeof p;
  p.learning_rate = lr;
  p.momentum = momentum;
  p.nesterov = nesterov ? 1 : 0;
  return p;
}

strata_optimizer_params adam(double lr, double weight_decay = 0) {
  strata_optimizer_params p{};
  p.struct_size = sizeof p;
  p.learning_rate = lr;
  p.beta1 = 0.9;
  p.beta2 = 0.999;
  p.epsilon = 1e-7;
  p.weight_decay = weight_decay;
  p.step = 1;
  return p;
}

strata_optimizer_params rmsprop(double lr, double rho, double momentum) {
  strata_optimizer_params p{};
  p.struct_size = sizeof p;
  p.learning_rate = lr;
  p.rho = rho;
  p.momentum = momentum;
  p.epsilon = 1e-7;
  return p;
}

strata_optimizer_params adagrad(double lr) {
  strata_optimizer_params p{};
  p.struct_size = sizeof p;
  p.learning_rate = lr;
  p.epsilon = 1e-7;
  return p;
}

// The variable and its slots after `steps` updates with the same gradient. ADAM's step counts
// 1, 2, ... as the host would pass it. Each output is every other element of a guarded buffer.
std::vector<std::vector<double>> run_steps(ReferenceHarness& h, strata_optimizer_op op,
                                           strata_optimizer_params p, strata_dtype dtype,
                                           const std::vector<double>& g,
                                           const std::vector<std::vector<double>>& state,
                                           int steps) {
  const std::vector<int64_t> shape = {static_cast<int64_t>(g.size())};
  TestTensor gt = h.make(dtype, shape, g);
  std::vector<TestTensor> outs;
  const int64_t n = shape[0];
  for (const auto& values : state) {
    outs.push_back(h.make_view(dtype, shape, {2}, 1, 2 * n + 1, values, sentinel_for(dtype)));
  }
  for (int s = 1; s <= steps; ++s) {
    p.step = s;
    CallResult r;
    switch (outs.size()) {
      case 1:
        r = h.run(STRATA_OP_OPTIMIZER, op, &p, {&gt}, {&outs[0]});
        break;
      case 2:
        r = h.run(STRATA_OP_OPTIMIZER, op, &p, {&gt}, {&outs[0], &outs[1]});
        break;
      default:
        r = h.run(STRATA_OP_OPTIMIZER, op, &p, {&gt}, {&outs[0], &outs[1], &outs[2]});
    }
    EXPECT_TRUE(r.ok()) << r.message;
  }
  std::vector<std::vector<double>> result;
  for (const TestTensor& t : outs) {
    expect_guards_intact(h, t);
    result.push_back(h.read(t));
  }
  return result;
}

TEST(Optimizer, PlainSgd) {
  ReferenceHarness h;
  const auto s = run_steps(h, STRATA_OPTIMIZER_SGD, sgd(0.1, 0), STRATA_F64, {1, -2}, {{0, 1}}, 2);
  expect_all_near(s[0], {-0.2, 1.4}, 0, 1e-15);
}

TEST(Optimizer, SgdMomentum) {
  ReferenceHarness h;
  // v = 0.9 v - 0.1 g, w += v with g = 1: v = -0.1, -0.19, -0.271; w = -0.1, -0.29, -0.561.
  for (int steps : {1, 2, 3}) {
    const auto s =
        run_steps(h, STRATA_OPTIMIZER_SGD, sgd(0.1, 0.9), STRATA_F64, {1}, {{0}, {0}}, steps);
    const double w[] = {-0.1, -0.29, -0.561}, v[] = {-0.1, -0.19, -0.271};
    EXPECT_NEAR(s[0][0], w[steps - 1], 1e-15) << steps;
    EXPECT_NEAR(s[1][0], v[steps - 1], 1e-15) << steps;
  }
  const auto f32 =
      run_steps(h, STRATA_OPTIMIZER_SGD, sgd(0.1, 0.9), STRATA_F32, {1}, {{0}, {0}}, 2);
  EXPECT_NEAR(f32[0][0], -0.29, 1e-7);
}

TEST(Optimizer, SgdNesterov) {
  ReferenceHarness h;
  // v as above; w += 0.9 v - 0.1 g: w = -0.19, then -0.19 + (-0.171 - 0.1) = -0.461.
  const auto s =
      run_steps(h, STRATA_OPTIMIZER_SGD, sgd(0.1, 0.9, true), STRATA_F64, {1}, {{0}, {0}}, 2);
  EXPECT_NEAR(s[0][0], -0.461, 1e-15);
  EXPECT_NEAR(s[1][0], -0.19, 1e-15);
}

TEST(Optimizer, AdamMovesEachWeightByAboutTheLearningRate) {
  ReferenceHarness h;
  // With a constant gradient the bias-corrected m/sqrt(v) is g/|g|: each step moves w by
  // about lr against the gradient's sign, whatever its size.
  const std::vector<double> g = {0.5, -3, 1e-3};
  const auto s1 = run_steps(h, STRATA_OPTIMIZER_ADAM, adam(0.01), STRATA_F64, g,
                            {{1, 1, 1}, {0, 0, 0}, {0, 0, 0}}, 1);
  expect_all_near(s1[0], {0.99, 1.01, 0.99}, 0, 1e-4);
  expect_all_near(s1[1], {0.05, -0.3, 1e-4}, 0, 1e-15);      // m = 0.1 g
  expect_all_near(s1[2], {0.00025, 0.009, 1e-9}, 0, 1e-15);  // v = 0.001 g^2
  const auto s2 = run_steps(h, STRATA_OPTIMIZER_ADAM, adam(0.01), STRATA_F64, g,
                            {{1, 1, 1}, {0, 0, 0}, {0, 0, 0}}, 2);
  expect_all_near(s2[0], {0.98, 1.02, 0.98}, 0, 2e-4);
}

TEST(Optimizer, AdamMatchesTheTextbookFormWithScaledEpsilon) {
  ReferenceHarness h;
  // Keras' lr_t * m / (sqrt(v) + eps) equals lr * m_hat / (sqrt(v_hat) + eps / sqrt(1-b2^t)),
  // the textbook form with bias-corrected moments; computed here that way for three steps.
  const std::vector<double> grads = {0.3, -0.7, 0.2};
  strata_optimizer_params p = adam(0.05);
  TestTensor w = h.make(STRATA_F64, {1}, {0.4});
  TestTensor m = h.make(STRATA_F64, {1}, {0});
  TestTensor v = h.make(STRATA_F64, {1}, {0});
  double ew = 0.4, em = 0, ev = 0;
  for (int t = 1; t <= 3; ++t) {
    const double gv = grads[t - 1];
    TestTensor g = h.make(STRATA_F64, {1}, {gv});
    p.step = t;
    ASSERT_TRUE(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p, {&g}, {&w, &m, &v}).ok());
    em = 0.9 * em + 0.1 * gv;
    ev = 0.999 * ev + 0.001 * gv * gv;
    const double m_hat = em / (1 - std::pow(0.9, t)), v_hat = ev / (1 - std::pow(0.999, t));
    ew -= 0.05 * m_hat / (std::sqrt(v_hat) + 1e-7 / std::sqrt(1 - std::pow(0.999, t)));
    EXPECT_NEAR(h.read(w)[0], ew, 1e-14) << "step " << t;
  }
}

TEST(Optimizer, AdamWDecaysTheWeightFirst) {
  ReferenceHarness h;
  // g = 0 leaves m, v at 0 and the Adam step at 0: only the decay w -= lr * wd * w remains.
  const auto s =
      run_steps(h, STRATA_OPTIMIZER_ADAM, adam(0.01, 0.1), STRATA_F64, {0}, {{2}, {0}, {0}}, 2);
  EXPECT_NEAR(s[0][0], 2 * 0.999 * 0.999, 1e-15);
  // With a gradient: decay of the old w, then the ~lr step.
  const auto d =
      run_steps(h, STRATA_OPTIMIZER_ADAM, adam(0.01, 0.1), STRATA_F64, {4}, {{2}, {0}, {0}}, 1);
  EXPECT_NEAR(d[0][0], 2 * 0.999 - 0.01, 1e-8);
}

TEST(Optimizer, RmspropWithAndWithoutMomentum) {
  ReferenceHarness h;
  // rho 0.9, g = 2: v = 0.4 then 0.76; inc = 0.01 * 2 / sqrt(v + 1e-7).
  const double inc1 = 0.02 / std::sqrt(0.4 + 1e-7), inc2 = 0.02 / std::sqrt(0.76 + 1e-7);
  const auto plain =
      run_steps(h, STRATA_OPTIMIZER_RMSPROP, rmsprop(0.01, 0.9, 0), STRATA_F64, {2}, {{1}, {0}}, 2);
  EXPECT_NEAR(plain[0][0], 1 - inc1 - inc2, 1e-15);
  EXPECT_NEAR(plain[1][0], 0.76, 1e-15);
  // momentum 0.5: mom = inc1, then 0.5 inc1 + inc2; w -= mom each step.
  const auto mom = run_steps(h, STRATA_OPTIMIZER_RMSPROP, rmsprop(0.01, 0.9, 0.5), STRATA_F64, {2},
                             {{1}, {0}, {0}}, 2);
  EXPECT_NEAR(mom[0][0], 1 - inc1 - (0.5 * inc1 + inc2), 1e-15);
  EXPECT_NEAR(mom[2][0], 0.5 * inc1 + inc2, 1e-15);
}

TEST(Optimizer, AdagradStartsFromTheGivenAccumulator) {
  ReferenceHarness h;
  // acc = 0.1 + 1 = 1.1, then 2.1; w -= 0.1 * 1 / sqrt(acc + 1e-7).
  const auto s = run_steps(h, STRATA_OPTIMIZER_ADAGRAD, adagrad(0.1), STRATA_F64, {1, -1},
                           {{0, 0}, {0.1, 0.1}}, 2);
  const double step = 0.1 / std::sqrt(1.1 + 1e-7) + 0.1 / std::sqrt(2.1 + 1e-7);
  expect_all_near(s[0], {-step, step}, 0, 1e-15);
  expect_all_near(s[1], {2.1, 2.1}, 0, 1e-15);
}

TEST(Optimizer, HalfPrecisionVariables) {
  ReferenceHarness h;
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16}) {
    const auto s = run_steps(h, STRATA_OPTIMIZER_SGD, sgd(0.1, 0.9), dtype, {1}, {{0}, {0}}, 2);
    EXPECT_NEAR(s[0][0], -0.29, dtype == STRATA_F16 ? 5e-4 : 4e-3);
  }
}

TEST(Optimizer, StridedVariableBroadcastGradientAndGuards) {
  ReferenceHarness h;
  // w is every other element of a guarded buffer; g is one value broadcast by stride 0.
  TestTensor w = h.make_view(STRATA_F32, {3}, {2}, 1, 8, {1, 2, 3}, sentinel_for(STRATA_F32));
  TestTensor v = h.make_view(STRATA_F32, {3}, {1}, 2, 6, {0, 0, 0}, sentinel_for(STRATA_F32));
  TestTensor g = h.make_view(STRATA_F32, {3}, {0}, 0, 1, {}, 0.5);
  const auto p = sgd(0.1, 0.5);
  ASSERT_TRUE(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &p, {&g}, {&w, &v}).ok());
  expect_all_near(h.read(w), {0.95, 1.95, 2.95}, 0, 1e-7);
  expect_all_near(h.read(v), {-0.05, -0.05, -0.05}, 0, 1e-8);
  expect_guards_intact(h, w);
  expect_guards_intact(h, v);
}

TEST(Optimizer, ScalarAndEmptyVariables) {
  ReferenceHarness h;
  TestTensor g = h.make(STRATA_F64, {}, {2});
  TestTensor w = h.make(STRATA_F64, {}, {1});
  const auto p = sgd(0.25, 0);
  ASSERT_TRUE(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &p, {&g}, {&w}).ok());
  EXPECT_EQ(h.read(w), (std::vector<double>{0.5}));
  TestTensor ge = h.make(STRATA_F32, {0, 3}, {});
  TestTensor we = h.make_view(STRATA_F32, {0, 3}, {3, 1}, 0, 1, {}, sentinel_for(STRATA_F32));
  TestTensor ae = h.make_view(STRATA_F32, {0, 3}, {3, 1}, 0, 1, {}, sentinel_for(STRATA_F32));
  const auto pa = adagrad(0.1);
  ASSERT_TRUE(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAGRAD, &pa, {&ge}, {&we, &ae}).ok());
  expect_guards_intact(h, we);
}

TEST(Optimizer, OutputCountDependsOnSubCodeAndMomentum) {
  ReferenceHarness h;
  TestTensor g = h.make(STRATA_F32, {2}, {1, 1});
  TestTensor a = h.make(STRATA_F32, {2}, {0, 0}), b = h.make(STRATA_F32, {2}, {0, 0}),
             c = h.make(STRATA_F32, {2}, {0, 0});
  auto p = sgd(0.1, 0.9);
  CallResult r = h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &p, {&g}, {&a});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("velocity"), std::string::npos) << r.message;
  p.momentum = 0;
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &p, {&g}, {&a, &b}).code,
            STRATA_INVALID_ARGUMENT);
  const auto pa = adam(0.1);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &pa, {&g}, {&a, &b}).code,
            STRATA_INVALID_ARGUMENT);
  const auto pr = rmsprop(0.1, 0.9, 0);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_RMSPROP, &pr, {&g}, {&a, &b, &c}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_TRUE(h.supports(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_RMSPROP, &pr, {&g}, {&a, &b}).ok());
  const auto pg = adagrad(0.1);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAGRAD, &pg, {&g}, {&a}).code,
            STRATA_INVALID_ARGUMENT);
}

TEST(Optimizer, RejectsMismatchedTensorsAndDtypes) {
  ReferenceHarness h;
  TestTensor g = h.make(STRATA_F32, {2}, {1, 1});
  TestTensor w = h.make(STRATA_F32, {2}, {0, 0});
  TestTensor m = h.make(STRATA_F32, {2}, {0, 0});
  TestTensor v_wrong = h.make(STRATA_F32, {3}, {0, 0, 0});
  const auto p = adam(0.1);
  CallResult r = h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p, {&g}, {&w, &m, &v_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f32[3]"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("f32[2]"), std::string::npos) << r.message;
  TestTensor g64 = h.make(STRATA_F64, {2}, {1, 1});
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p, {&g64}, {&w, &m, &m}).code,
            STRATA_INVALID_ARGUMENT);
  TestTensor gi = h.make(STRATA_I32, {2}, {1, 1}), wi = h.make(STRATA_I32, {2}, {0, 0});
  const auto ps = sgd(0.1, 0);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &ps, {&gi}, {&wi}).code,
            STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, 9, &ps, {&g}, {&w}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, nullptr, {&g}, {&w}).code,
            STRATA_INVALID_ARGUMENT);
}

TEST(Optimizer, RejectsInvalidHyperparameters) {
  ReferenceHarness h;
  TestTensor g = h.make(STRATA_F32, {2}, {1, 1});
  TestTensor w = h.make(STRATA_F32, {2}, {0, 0}), m = h.make(STRATA_F32, {2}, {0, 0}),
             v = h.make(STRATA_F32, {2}, {0, 0});
  auto expect_invalid = [&](strata_optimizer_op op, const strata_optimizer_params& p,
                            std::initializer_list<const TestTensor*> outs, const char* word) {
    CallResult r = h.run(STRATA_OP_OPTIMIZER, op, &p, {&g}, outs);
    EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT) << word;
    EXPECT_NE(r.message.find(word), std::string::npos) << r.message;
  };
  expect_invalid(STRATA_OPTIMIZER_SGD, sgd(NAN, 0), {&w}, "learning_rate");
  expect_invalid(STRATA_OPTIMIZER_SGD, sgd(0.1, -0.5), {&w, &m}, "momentum");
  auto p = adam(0.1);
  p.step = 0;
  expect_invalid(STRATA_OPTIMIZER_ADAM, p, {&w, &m, &v}, "step");
  p = adam(0.1);
  p.beta1 = 1;
  expect_invalid(STRATA_OPTIMIZER_ADAM, p, {&w, &m, &v}, "beta1");
  p = adam(0.1, -1);
  expect_invalid(STRATA_OPTIMIZER_ADAM, p, {&w, &m, &v}, "weight_decay");
  auto pr = rmsprop(0.1, 1.5, 0);
  expect_invalid(STRATA_OPTIMIZER_RMSPROP, pr, {&w, &m}, "rho");
  auto pg = adagrad(0.1);
  pg.epsilon = -1;
  expect_invalid(STRATA_OPTIMIZER_ADAGRAD, pg, {&w, &m}, "epsilon");
  // Nothing was written by the rejected calls.
  EXPECT_EQ(h.read(w), (std::vector<double>{0, 0}));
}

}  // namespace
}  // namespace strata_test
