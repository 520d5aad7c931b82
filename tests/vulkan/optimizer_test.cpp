// OPTIMIZER on Vulkan against the reference: every rule and variant (momentum, Nesterov,
// AdamW, RMSprop with momentum), in place on strided variables, over several steps.
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

strata_optimizer_params params(double lr, double momentum, int nesterov, double wd, int64_t step) {
  strata_optimizer_params p{};
  p.struct_size = sizeof p;
  p.learning_rate = lr;
  p.momentum = momentum;
  p.nesterov = nesterov;
  p.beta1 = 0.9;
  p.beta2 = 0.999;
  p.rho = 0.9;
  p.epsilon = 1e-7;
  p.weight_decay = wd;
  p.step = step;
  return p;
}

size_t slots(int sub, const strata_optimizer_params& p) {
  switch (sub) {
    case STRATA_OPTIMIZER_SGD:
      return p.momentum != 0 ? 1 : 0;
    case STRATA_OPTIMIZER_ADAM:
      return 2;
    case STRATA_OPTIMIZER_RMSPROP:
      return p.momentum != 0 ? 2 : 1;
    default:
      return 1;
  }
}

TEST(VulkanOptimizer, EveryRuleAndVariant) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(60);
  struct Case {
    int sub;
    strata_optimizer_params p;
  };
  const Case cases[] = {
      {STRATA_OPTIMIZER_SGD, params(0.1, 0, 0, 0, 1)},
      {STRATA_OPTIMIZER_SGD, params(0.1, 0.9, 0, 0, 1)},
      {STRATA_OPTIMIZER_SGD, params(0.1, 0.9, 1, 0, 1)},
      {STRATA_OPTIMIZER_ADAM, params(0.01, 0, 0, 0, 1)},
      {STRATA_OPTIMIZER_ADAM, params(0.01, 0, 0, 0.05, 7)},
      {STRATA_OPTIMIZER_RMSPROP, params(0.01, 0, 0, 0, 1)},
      {STRATA_OPTIMIZER_RMSPROP, params(0.01, 0.5, 0, 0, 1)},
      {STRATA_OPTIMIZER_ADAGRAD, params(0.05, 0, 0, 0, 1)},
  };
  const std::vector<int64_t> shape = {5, 6};
  for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " rule " << c.sub << " momentum "
                                      << c.p.momentum << " step " << c.p.step);
      const View g = broadcast(dtype, shape, {0});
      OpRun run(STRATA_OP_OPTIMIZER, c.sub, &c.p);
      run.in(g, random_bytes(dtype, g.buffer_elements, -1, 1, rng));
      const View w = gapped(dtype, shape);
      run.out(w, random_bytes(dtype, w.buffer_elements, -1, 1, rng));
      for (size_t k = 0; k < slots(c.sub, c.p); ++k) {
        const View slot = permuted(dtype, shape, {1, 0});
        // Accumulators of squares are non-negative.
        run.out(slot, random_bytes(dtype, slot.buffer_elements, 0, 0.5, rng));
      }
      run.check(Match::kElementwise);
    }
  }
}

TEST(VulkanOptimizer, BadHyperparametersAreRejected) {
  SKIP_WITHOUT_VULKAN();
  const strata_optimizer_params p = params(0.1, 0, 0, 0, 0);  // ADAM needs step >= 1
  OpRun run(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &p);
  run.in(dense(STRATA_F32, {2}), Bytes(8)).out(dense(STRATA_F32, {2}));
  run.out(dense(STRATA_F32, {2})).out(dense(STRATA_F32, {2}));
  std::string message;
  EXPECT_EQ(status_of([&] { run.run(); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("step"), std::string::npos) << message;
}

}  // namespace
}  // namespace strata_vk_test
