// Each optimizer's first steps against Keras 3's update rules worked on the host, plus slots,
// iterations, learning-rate changes, names and configs.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

#include "strata/keras/optimizers.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Optimizer;
using strata::Tensor;
using strata::Variable;
using training_test::error_of;
using training_test::f64;

class OptimizerTest : public training_test::ReferenceTest {
 protected:
  Variable weight(const std::vector<double>& values, const std::string& name = "w") {
    return Variable(f64(values, {int64_t(values.size())}), name);
  }
  void step(Optimizer& optimizer, const Variable& w, const std::vector<double>& g) {
    const std::vector<Tensor> grads{f64(g, {int64_t(g.size())})};
    const std::vector<Variable> vars{w};
    optimizer->apply(grads, vars);
  }
};

constexpr double kTight = 1e-12;

TEST_F(OptimizerTest, KerasDefaults) {
  EXPECT_DOUBLE_EQ(strata::SGD()->learning_rate(), 0.01);
  EXPECT_DOUBLE_EQ(strata::Adam()->learning_rate(), 0.001);
  EXPECT_DOUBLE_EQ(strata::AdamW()->learning_rate(), 0.001);
  EXPECT_DOUBLE_EQ(strata::RMSprop()->learning_rate(), 0.001);
  EXPECT_DOUBLE_EQ(strata::Adagrad()->learning_rate(), 0.001);
  const auto adamw = strata::AdamW()->get_config();
  EXPECT_DOUBLE_EQ(adamw.at("weight_decay").as_double(), 0.004);
  EXPECT_DOUBLE_EQ(adamw.at("epsilon").as_double(), 1e-7);
  const auto adagrad = strata::Adagrad()->get_config();
  EXPECT_DOUBLE_EQ(adagrad.at("initial_accumulator_value").as_double(), 0.1);
  EXPECT_DOUBLE_EQ(adagrad.at("epsilon").as_double(), 1e-7);
  const auto rmsprop = strata::RMSprop()->get_config();
  EXPECT_DOUBLE_EQ(rmsprop.at("rho").as_double(), 0.9);
  EXPECT_DOUBLE_EQ(rmsprop.at("momentum").as_double(), 0.0);
  const auto adam = strata::Adam()->get_config();
  EXPECT_DOUBLE_EQ(adam.at("beta_1").as_double(), 0.9);
  EXPECT_DOUBLE_EQ(adam.at("beta_2").as_double(), 0.999);
}

TEST_F(OptimizerTest, PlainSgdSubtractsLearningRateTimesGradient) {
  Optimizer sgd = strata::SGD(0.1);
  Variable w = weight({1.0, -2.0});
  step(sgd, w, {0.5, -1.0});
  training_test::expect_values(w, {0.95, -1.9}, kTight);
  EXPECT_TRUE(sgd->variables().empty());  // no momentum, no slot
}

TEST_F(OptimizerTest, SgdMomentumAccumulatesVelocity) {
  // v = 0.9 v - 0.1 g; w += v: with g = 1, w is -0.1 then -0.29.
  Optimizer sgd = strata::SGD(0.1, {.momentum = 0.9});
  Variable w = weight({0.0});
  step(sgd, w, {1.0});
  training_test::expect_values(w, {-0.1}, kTight);
  step(sgd, w, {1.0});
  training_test::expect_values(w, {-0.29}, kTight);
}

TEST_F(OptimizerTest, SgdNesterovLooksAhead) {
  // v = 0.9 v - 0.1 g; w += 0.9 v - 0.1 g: -0.19, then v = -0.19 and w -= 0.271.
  Optimizer sgd = strata::SGD(0.1, {.momentum = 0.9, .nesterov = true});
  Variable w = weight({0.0});
  step(sgd, w, {1.0});
  training_test::expect_values(w, {-0.19}, kTight);
  step(sgd, w, {1.0});
  training_test::expect_values(w, {-0.461}, kTight);
}

// Keras 3's Adam, one step, on the host.
struct HostAdam {
  explicit HostAdam(double learning_rate) : lr(learning_rate) {}
  double lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weight_decay = 0;
  std::vector<double> m, v;
  int t = 0;
  void step(std::vector<double>& w, const std::vector<double>& g) {
    if (m.empty()) m.assign(w.size(), 0), v.assign(w.size(), 0);
    ++t;
    const double lr_t = lr * std::sqrt(1 - std::pow(beta2, t)) / (1 - std::pow(beta1, t));
    for (size_t i = 0; i < w.size(); ++i) {
      w[i] -= lr * weight_decay * w[i];
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + epsilon);
    }
  }
};

TEST_F(OptimizerTest, AdamFirstTwoStepsFollowKerasWithBiasCorrection) {
  Optimizer adam = strata::Adam(0.01);
  Variable w = weight({1.0, -0.5, 0.25});
  std::vector<double> expected{1.0, -0.5, 0.25};
  HostAdam host{0.01};
  const std::vector<std::vector<double>> grads{{0.3, -2.0, 0.0}, {-0.1, 1.5, 4.0}};
  for (const auto& g : grads) {
    step(adam, w, g);
    host.step(expected, g);
    training_test::expect_values(w, expected, kTight);
  }
  // Step 1 moves each weight with a non-zero gradient by about lr against the gradient's sign.
  EXPECT_EQ(adam->iterations(), 2);
  ASSERT_EQ(adam->variables().size(), 2u);
  EXPECT_EQ(adam->variables()[0].name(), "w_momentum");
  EXPECT_EQ(adam->variables()[1].name(), "w_velocity");
  EXPECT_FALSE(adam->variables()[0].trainable());
  training_test::expect_values(adam->variables()[0], host.m, kTight);
  training_test::expect_values(adam->variables()[1], host.v, kTight);
}

TEST_F(OptimizerTest, AdamFirstStepIsAboutLearningRateAgainstTheGradient) {
  Optimizer adam = strata::Adam(0.001);
  Variable w = weight({0.0, 0.0});
  step(adam, w, {3.0, -0.2});
  // m = 0.1 g, v = 0.001 g^2, lr_t = lr sqrt(0.001) / 0.1: the step is lr |g| / (|g| +
  // eps/sqrt(.001)).
  const double eps_scaled = 1e-7 / std::sqrt(0.001);
  training_test::expect_values(
      w, {-0.001 * 3.0 / (3.0 + eps_scaled), 0.001 * 0.2 / (0.2 + eps_scaled)}, kTight);
}

TEST_F(OptimizerTest, AdamWDecaysTheWeightBeforeTheAdamStep) {
  Optimizer adamw = strata::AdamW(0.01, {.weight_decay = 0.1});
  Variable w = weight({2.0, -3.0});
  std::vector<double> expected{2.0, -3.0};
  HostAdam host{0.01};
  host.weight_decay = 0.1;
  for (const auto& g : std::vector<std::vector<double>>{{0.5, 0.5}, {-1.0, 2.0}}) {
    step(adamw, w, g);
    host.step(expected, g);
    training_test::expect_values(w, expected, kTight);
  }
  // With a zero gradient only the decay moves the weight: w (1 - lr wd).
  Optimizer decay_only = strata::AdamW(0.01, {.weight_decay = 0.1});
  Variable still = weight({5.0});
  step(decay_only, still, {0.0});
  training_test::expect_values(still, {5.0 * (1 - 0.01 * 0.1)}, kTight);
}

TEST_F(OptimizerTest, RmspropDividesByTheRootMeanSquare) {
  Optimizer rmsprop = strata::RMSprop(0.01);
  Variable w = weight({1.0});
  // v = 0.1 g^2 = 0.4; w -= 0.01 * 2 / sqrt(0.4 + 1e-7).
  step(rmsprop, w, {2.0});
  const double v1 = 0.1 * 4.0;
  const double w1 = 1.0 - 0.01 * 2.0 / std::sqrt(v1 + 1e-7);
  training_test::expect_values(w, {w1}, kTight);
  // v = 0.9 * 0.4 + 0.1 * 1 = 0.46; w -= 0.01 * (-1) / sqrt(0.46 + 1e-7).
  step(rmsprop, w, {-1.0});
  const double v2 = 0.9 * v1 + 0.1;
  training_test::expect_values(w, {w1 + 0.01 / std::sqrt(v2 + 1e-7)}, kTight);
  ASSERT_EQ(rmsprop->variables().size(), 1u);
  training_test::expect_values(rmsprop->variables()[0], {v2}, kTight);
}

TEST_F(OptimizerTest, RmspropWithMomentumAccumulatesIncrements) {
  Optimizer rmsprop = strata::RMSprop(0.01, {.momentum = 0.5});
  Variable w = weight({0.0});
  step(rmsprop, w, {1.0});
  const double inc1 = 0.01 / std::sqrt(0.1 + 1e-7);
  training_test::expect_values(w, {-inc1}, kTight);
  step(rmsprop, w, {1.0});
  const double inc2 = 0.01 / std::sqrt(0.9 * 0.1 + 0.1 + 1e-7);
  training_test::expect_values(w, {-inc1 - (0.5 * inc1 + inc2)}, kTight);
  EXPECT_EQ(rmsprop->variables().size(), 2u);
}

TEST_F(OptimizerTest, AdagradStartsItsAccumulatorAtPointOne) {
  Optimizer adagrad = strata::Adagrad(0.1);
  Variable w = weight({1.0, 1.0});
  step(adagrad, w, {1.0, -0.5});
  // acc = 0.1 + g^2; w -= 0.1 g / sqrt(acc + 1e-7).
  const double a0 = 1.1, a1 = 0.35;
  training_test::expect_values(
      w, {1.0 - 0.1 / std::sqrt(a0 + 1e-7), 1.0 + 0.05 / std::sqrt(a1 + 1e-7)}, kTight);
  step(adagrad, w, {1.0, -0.5});
  training_test::expect_values(adagrad->variables()[0], {a0 + 1.0, a1 + 0.25}, kTight);
}

TEST_F(OptimizerTest, LearningRateChangesApplyToTheNextStep) {
  Optimizer sgd = strata::SGD(0.1);
  Variable w = weight({0.0});
  step(sgd, w, {1.0});
  sgd->set_learning_rate(0.5);
  EXPECT_DOUBLE_EQ(sgd->learning_rate(), 0.5);
  step(sgd, w, {1.0});
  training_test::expect_values(w, {-0.6}, kTight);
  EXPECT_EQ(sgd->iterations(), 2);
  EXPECT_NE(error_of([&] { sgd->set_learning_rate(NAN); }).find("not a finite number"),
            std::string::npos);
}

TEST_F(OptimizerTest, UndefinedGradientsLeaveTheirVariableAlone) {
  Optimizer adam = strata::Adam(0.1);
  Variable a = weight({1.0}, "a");
  Variable b = weight({1.0}, "b");
  const std::vector<Tensor> grads{Tensor(), f64({1.0}, {1})};
  const std::vector<Variable> vars{a, b};
  adam->apply(grads, vars);
  training_test::expect_values(a, {1.0}, 0);
  EXPECT_LT(b.value().item<double>(), 1.0);
  ASSERT_EQ(adam->variables().size(), 2u);  // b's slots only
  EXPECT_EQ(adam->variables()[0].name(), "b_momentum");
}

TEST_F(OptimizerTest, BuildCreatesSlotsInOrderBeforeTheFirstStep) {
  Optimizer adam = strata::Adam();
  Variable a = weight({1.0, 2.0}, "dense/kernel");
  Variable b = weight({3.0}, "dense/bias");
  const std::vector<Variable> vars{a, b};
  adam->build(vars);
  adam->build(vars);  // idempotent
  const std::vector<Variable> slots = adam->variables();
  ASSERT_EQ(slots.size(), 4u);
  EXPECT_EQ(slots[0].name(), "dense_kernel_momentum");
  EXPECT_EQ(slots[3].name(), "dense_bias_velocity");
  EXPECT_EQ(slots[0].shape(), a.shape());
  training_test::expect_values(slots[1], {0.0, 0.0}, 0);
  // A restored iteration count drives the bias correction of the next step.
  adam->set_iterations(9);
  const std::vector<Tensor> grads{f64({1.0, 1.0}, {2}), f64({1.0}, {1})};
  adam->apply(grads, vars);
  EXPECT_EQ(adam->iterations(), 10);
  HostAdam host{0.001};
  host.t = 9;
  std::vector<double> expected{1.0, 2.0};
  host.step(expected, {1.0, 1.0});
  training_test::expect_values(a, expected, kTight);
}

TEST_F(OptimizerTest, MismatchedListsAreRefused) {
  Optimizer sgd = strata::SGD();
  Variable w = weight({1.0});
  const std::vector<Tensor> grads{f64({1.0}, {1}), f64({1.0}, {1})};
  const std::vector<Variable> vars{w};
  EXPECT_NE(error_of([&] { sgd->apply(grads, vars); }).find("2 gradients for 1 variables"),
            std::string::npos);
  const std::vector<Tensor> wrong_shape{f64({1.0, 2.0}, {2})};
  EXPECT_NE(error_of([&] { sgd->apply(wrong_shape, vars); }).find("(2,)"), std::string::npos);
}

TEST_F(OptimizerTest, NamesGiveTheDefaults) {
  EXPECT_EQ(Optimizer("adam")->class_name(), "Adam");
  EXPECT_EQ(Optimizer("Adam")->class_name(), "Adam");
  EXPECT_EQ(Optimizer("sgd")->class_name(), "SGD");
  EXPECT_EQ(Optimizer("adamw")->class_name(), "AdamW");
  EXPECT_EQ(Optimizer("rmsprop")->class_name(), "RMSprop");
  EXPECT_EQ(Optimizer("adagrad")->class_name(), "Adagrad");
  EXPECT_DOUBLE_EQ(Optimizer("sgd")->learning_rate(), 0.01);
  const std::string message = error_of([] { Optimizer("adom"); });
  EXPECT_NE(message.find("\"adom\""), std::string::npos);
  EXPECT_NE(message.find("adamw"), std::string::npos);
}

TEST_F(OptimizerTest, BadHyperParametersAreRefusedAtConstruction) {
  EXPECT_NE(error_of([] { strata::SGD(0.1, {.momentum = 1.5}); }).find("momentum is 1.5"),
            std::string::npos);
  EXPECT_NE(error_of([] { strata::Adam(0.1, {.beta_1 = 1.0}); }).find("beta_1"), std::string::npos);
  EXPECT_NE(error_of([] { strata::Adam(INFINITY); }).find("learning_rate"), std::string::npos);
  EXPECT_NE(error_of([] {
              strata::SGD(0.1, {.clip = {.clipnorm = 1.0, .clipvalue = 1.0}});
            }).find("only one of clipnorm, clipvalue and global_clipnorm"),
            std::string::npos);
  EXPECT_NE(error_of([] { strata::SGD(0.1, {.clip = {.clipnorm = -1.0}}); }).find("clipnorm is -1"),
            std::string::npos);
}

TEST_F(OptimizerTest, ConfigsRoundTrip) {
  const std::vector<Optimizer> optimizers{
      strata::SGD(0.05, {.momentum = 0.8, .nesterov = true, .clip = {.clipvalue = 0.5}}),
      strata::Adam(0.002,
                   {.beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-6, .clip = {.clipnorm = 2.0}}),
      strata::AdamW(0.003, {.weight_decay = 0.01, .clip = {.global_clipnorm = 1.0}}),
      strata::RMSprop(0.004, {.rho = 0.8, .momentum = 0.1}),
      strata::Adagrad(0.005, {.initial_accumulator_value = 0.2})};
  for (const Optimizer& original : optimizers) {
    const boost::json::object config = original->get_config();
    const Optimizer rebuilt = strata::optimizer_from_config(original->class_name(), config);
    EXPECT_EQ(rebuilt->class_name(), original->class_name());
    EXPECT_EQ(boost::json::serialize(rebuilt->get_config()), boost::json::serialize(config));
  }
}

TEST_F(OptimizerTest, ReadsAKeras3Config) {
  const auto config = boost::json::parse(R"({"name": "adam", "learning_rate": 0.01,
      "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null,
      "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null,
      "loss_scale_factor": null, "gradient_accumulation_steps": null, "beta_1": 0.85,
      "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false})")
                          .as_object();
  const Optimizer adam = strata::optimizer_from_config("Adam", config);
  EXPECT_DOUBLE_EQ(adam->learning_rate(), 0.01);
  EXPECT_DOUBLE_EQ(adam->get_config().at("beta_1").as_double(), 0.85);

  boost::json::object amsgrad = config;
  amsgrad["amsgrad"] = true;
  EXPECT_NE(error_of([&] {
              strata::optimizer_from_config("Adam", amsgrad);
            }).find("\"amsgrad\" is true, which Strata does not support"),
            std::string::npos);
  boost::json::object typo = config;
  typo["beta1"] = 0.9;
  EXPECT_NE(error_of([&] { strata::optimizer_from_config("Adam", typo); }).find("\"beta1\""),
            std::string::npos);
  EXPECT_NE(error_of([&] { strata::optimizer_from_config("Adamax", config); }).find("Adamax"),
            std::string::npos);
}

}  // namespace
