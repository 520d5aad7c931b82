// STRATA_OP_OPTIMIZER: every rule and variant (momentum, Nesterov, AdamW, RMSprop momentum),
// several steps in a row, strided slots, large (threaded) variables, hyper-parameter checks.
#include <gtest/gtest.h>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

struct Case {
  int sub_op;
  strata_optimizer_params p;
  int outputs;
  const char* name;
};

std::vector<Case> cases() {
  auto params = [](double lr, double momentum, int nesterov, double beta1, double beta2, double rho,
                   double eps, double wd, int64_t step) {
    return strata_optimizer_params{sizeof(strata_optimizer_params),
                                   lr,
                                   momentum,
                                   nesterov,
                                   0,
                                   beta1,
                                   beta2,
                                   rho,
                                   eps,
                                   wd,
                                   step};
  };
  return {{STRATA_OPTIMIZER_SGD, params(0.1, 0, 0, 0, 0, 0, 0, 0, 0), 1, "sgd"},
          {STRATA_OPTIMIZER_SGD, params(0.1, 0.9, 0, 0, 0, 0, 0, 0, 0), 2, "momentum"},
          {STRATA_OPTIMIZER_SGD, params(0.1, 0.9, 1, 0, 0, 0, 0, 0, 0), 2, "nesterov"},
          {STRATA_OPTIMIZER_ADAM, params(1e-3, 0, 0, 0.9, 0.999, 0, 1e-7, 0, 3), 3, "adam"},
          {STRATA_OPTIMIZER_ADAM, params(1e-3, 0, 0, 0.9, 0.999, 0, 1e-7, 0.01, 1), 3, "adamw"},
          {STRATA_OPTIMIZER_RMSPROP, params(1e-2, 0, 0, 0, 0, 0.9, 1e-7, 0, 0), 2, "rmsprop"},
          {STRATA_OPTIMIZER_RMSPROP, params(1e-2, 0.5, 0, 0, 0, 0.9, 1e-7, 0, 0), 3,
           "rmsprop momentum"},
          {STRATA_OPTIMIZER_ADAGRAD, params(0.1, 0, 0, 0, 0, 0, 1e-7, 0, 0), 2, "adagrad"}};
}

// Positive slot values (v, accumulators) where the rules need them.
std::vector<HostTensor> initial_state(std::mt19937& rng, const std::vector<int64_t>& shape,
                                      int outputs, bool strided) {
  std::vector<HostTensor> state;
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  for (int k = 0; k < outputs; ++k) {
    HostTensor t = strided ? guarded(STRATA_F32, shape) : dense<float>(STRATA_F32, shape, {});
    const std::vector<float> v = random_floats(rng, n, k == 0 ? -1.0f : 0.0f, 1);
    const std::vector<int64_t> pos = t.positions();
    for (size_t i = 0; i < pos.size(); ++i) std::memcpy(t.bytes.data() + pos[i] * 4, &v[i], 4);
    state.push_back(std::move(t));
  }
  return state;
}

TEST(AvxOptimizer, EveryRuleOverSeveralSteps) {
  std::mt19937 rng(60);
  for (const Case& c : cases()) {
    for (bool strided : {false, true}) {
      std::vector<HostTensor> state = initial_state(rng, {7, 13}, c.outputs, strided);
      for (int step = 0; step < 3; ++step) {
        const HostTensor g = dense<float>(STRATA_F32, {7, 13}, random_floats(rng, 91, -1, 1));
        const Result r = compare(STRATA_OP_OPTIMIZER, c.sub_op, &c.p, {&g}, state, kElementwise,
                                 std::string(c.name) + (strided ? " strided" : ""));
        // Continue from the reference's state so errors do not compound.
        state = run(reference(), STRATA_OP_OPTIMIZER, c.sub_op, &c.p, {&g}, state).outputs;
        (void)r;
      }
    }
  }
}

TEST(AvxOptimizer, LargeVariablesSplitAcrossThreads) {
  std::mt19937 rng(61);
  for (const Case& c : cases()) {
    const std::vector<HostTensor> state = initial_state(rng, {70001}, c.outputs, false);
    const HostTensor g = dense<float>(STRATA_F32, {70001}, random_floats(rng, 70001, -1, 1));
    compare(STRATA_OP_OPTIMIZER, c.sub_op, &c.p, {&g}, state, kElementwise, c.name);
  }
}

TEST(AvxOptimizer, BadHyperparametersAndArityMatchTheReference) {
  std::mt19937 rng(62);
  const HostTensor g = dense<float>(STRATA_F32, {4}, {1, 2, 3, 4});
  const std::vector<HostTensor> one = initial_state(rng, {4}, 1, false);
  const std::vector<HostTensor> three = initial_state(rng, {4}, 3, false);
  strata_optimizer_params p{sizeof p, 0.1, 1.5, 0, 0, 0.9, 0.999, 0.9, 1e-7, 0, 1};
  compare(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, &p, {&g}, one, 0, "momentum 1.5");
  p.momentum = 0;
  p.step = 0;
  compare(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p, {&g}, three, 0, "adam step 0");
  p.step = 1;
  compare(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p, {&g}, one, 0, "adam with one output");
  compare(STRATA_OP_OPTIMIZER, 9, &p, {&g}, one, 0, "sub-code");
  compare(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_SGD, nullptr, {&g}, one, 0, "no params");
}

}  // namespace
}  // namespace avx_test
