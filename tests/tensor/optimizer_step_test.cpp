// The fused optimiser hook against the update rules of strata/backend.h, computed here by hand
// in double over two steps (so the slots' state carries over).
#include <gtest/gtest.h>

#include <cmath>

#include "strata/optimizer_step.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::OptimizerStep;
using strata::Tensor;
using strata::Variable;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
using Vec = std::vector<double>;

class OptimizerStepTest : public strata_test::ReferenceTest {
 protected:
  const Vec w0{1, -2, 0.5};
  const Vec g1{0.3, -1, 2}, g2{-0.5, 0.25, 1};

  Variable variable() const { return Variable(f64(w0, {3}), "w"); }
  static Variable slot(const char* name) { return Variable(f64({0, 0, 0}, {3}), name, false); }

  // Applies `step` for g1 then g2 (step.step counting 1, 2) and checks w after each against
  // `host`, which updates w and its own copy of the slots.
  template <typename Host>
  void run(OptimizerStep step, int slots, Host host) {
    const Variable w = variable();
    std::vector<Variable> state;
    for (int i = 0; i < slots; ++i) state.push_back(slot("slot"));
    ASSERT_EQ(strata::optimizer_slot_count(step), slots);
    Vec expected = w0;
    std::vector<Vec> host_slots(size_t(slots), Vec(3, 0.0));
    for (const Vec& g : {g1, g2}) {
      strata::apply_optimizer_step(step, w, f64(g, {3}), state);
      for (size_t i = 0; i < 3; ++i) host(step, expected[i], g[i], host_slots, i);
      expect_values(w, expected, 1e-12);
      ++step.step;
    }
  }
};

TEST_F(OptimizerStepTest, PlainSgd) {
  OptimizerStep s;
  s.learning_rate = 0.1;
  run(s, 0, [](const OptimizerStep& p, double& w, double g, std::vector<Vec>&, size_t) {
    w -= p.learning_rate * g;
  });
}

TEST_F(OptimizerStepTest, SgdWithMomentumAndNesterov) {
  for (bool nesterov : {false, true}) {
    SCOPED_TRACE(nesterov ? "nesterov" : "momentum");
    OptimizerStep s;
    s.learning_rate = 0.1;
    s.momentum = 0.9;
    s.nesterov = nesterov;
    run(s, 1, [](const OptimizerStep& p, double& w, double g, std::vector<Vec>& slots, size_t i) {
      double& v = slots[0][i];
      v = p.momentum * v - p.learning_rate * g;
      w += p.nesterov ? p.momentum * v - p.learning_rate * g : v;
    });
  }
}

TEST_F(OptimizerStepTest, AdamAndAdamW) {
  for (double decay : {0.0, 0.01}) {
    SCOPED_TRACE(decay);
    OptimizerStep s;
    s.kind = STRATA_OPTIMIZER_ADAM;
    s.learning_rate = 0.05;
    s.weight_decay = decay;
    run(s, 2, [](const OptimizerStep& p, double& w, double g, std::vector<Vec>& slots, size_t i) {
      double &m = slots[0][i], &v = slots[1][i];
      if (p.weight_decay != 0) w -= p.learning_rate * p.weight_decay * w;
      m += (g - m) * (1 - p.beta1);
      v += (g * g - v) * (1 - p.beta2);
      const double t = double(p.step);
      const double lr_t =
          p.learning_rate * std::sqrt(1 - std::pow(p.beta2, t)) / (1 - std::pow(p.beta1, t));
      w -= lr_t * m / (std::sqrt(v) + p.epsilon);
    });
  }
}

TEST_F(OptimizerStepTest, RmspropWithAndWithoutMomentum) {
  for (double momentum : {0.0, 0.5}) {
    SCOPED_TRACE(momentum);
    OptimizerStep s;
    s.kind = STRATA_OPTIMIZER_RMSPROP;
    s.learning_rate = 0.01;
    s.momentum = momentum;
    run(s, momentum != 0 ? 2 : 1,
        [](const OptimizerStep& p, double& w, double g, std::vector<Vec>& slots, size_t i) {
          double& v = slots[0][i];
          v = p.rho * v + (1 - p.rho) * g * g;
          const double inc = p.learning_rate * g / std::sqrt(v + p.epsilon);
          if (p.momentum == 0) {
            w -= inc;
          } else {
            double& mom = slots[1][i];
            mom = p.momentum * mom + inc;
            w -= mom;
          }
        });
  }
}

TEST_F(OptimizerStepTest, Adagrad) {
  OptimizerStep s;
  s.kind = STRATA_OPTIMIZER_ADAGRAD;
  s.learning_rate = 0.2;
  run(s, 1, [](const OptimizerStep& p, double& w, double g, std::vector<Vec>& slots, size_t i) {
    double& acc = slots[0][i];
    acc += g * g;
    w -= p.learning_rate * g / std::sqrt(acc + p.epsilon);
  });
}

TEST_F(OptimizerStepTest, AFloat32GradientIsCastToTheVariable) {
  const Variable w = variable();
  OptimizerStep s;
  s.learning_rate = 1;
  strata::apply_optimizer_step(s, w, Tensor::from({1.f, 1.f, 1.f}, {3}), {});
  expect_values(w, {0, -3, -0.5});
}

TEST_F(OptimizerStepTest, MisuseIsReported) {
  const Variable w = variable();
  OptimizerStep adam;
  adam.kind = STRATA_OPTIMIZER_ADAM;
  EXPECT_EQ(error_of([&] { strata::apply_optimizer_step(adam, w, f64(g1, {3}), {}); }),
            "adam: variable 'w' comes with 0 slots; this step needs 2");
  const std::vector<Variable> same{slot("m"), slot("m")};
  std::vector<Variable> aliased{same[0], same[0]};
  EXPECT_EQ(error_of([&] { strata::apply_optimizer_step(adam, w, f64(g1, {3}), aliased); }),
            "adam: slot 1 ('m') shares its buffer with slot 0; every slot needs its own variable");
  const std::vector<Variable> wrong{slot("m"), Variable(f64({0, 0}, {2}), "v", false)};
  EXPECT_EQ(error_of([&] { strata::apply_optimizer_step(adam, w, f64(g1, {3}), wrong); }),
            "adam: slot 1 ('v') is float64 (2,), but variable 'w' is float64 (3,)");
  EXPECT_EQ(error_of([&] {
              strata::apply_optimizer_step({}, w, f64({1, 2}, {2}), {});
            }),
            "sgd: the gradient is (2,), but variable 'w' is (3,)");
  OptimizerStep bad;
  bad.momentum = 1.5;
  EXPECT_EQ(
      error_of([&] { strata::apply_optimizer_step(bad, w, f64(g1, {3}), std::vector{slot("v")}); }),
      "sgd: momentum is 1.5; it must lie in [0, 1]");
  adam.step = 0;
  EXPECT_EQ(
      error_of([&] {
        strata::apply_optimizer_step(adam, w, f64(g1, {3}), std::vector{slot("m"), slot("v")});
      }),
      "adam: step is 0; it counts updates from 1");
}

}  // namespace
