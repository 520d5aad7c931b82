// Cases of the fused optimizer steps: every sub-code with the hyper-parameters that change its
// path (momentum, Nesterov, AdamW's weight decay and a later step, RMSprop's momentum), on
// every elementwise view, with slots in their natural ranges.
#include "cases.hpp"

namespace strata::conformance {
namespace {

struct Slot {
  std::string role;
  Domain domain;
};

struct Variant {
  std::string label;
  strata_optimizer_params params;
  std::vector<Slot> slots;  // out[1...], after w
};

strata_optimizer_params base_params(double learning_rate) {
  auto p = make_params<strata_optimizer_params>();
  p.learning_rate = learning_rate;
  p.epsilon = 1e-7;
  return p;
}

std::vector<Variant> variants(int32_t sub_op) {
  const Slot velocity{"velocity", Domain::uniform(-0.1, 0.1)};
  const Slot mean_square{"mean square", Domain::uniform(0, 0.01)};
  auto p = base_params(0.05);
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD: {
      auto momentum = p;
      momentum.momentum = 0.9;
      auto nesterov = momentum;
      nesterov.nesterov = 1;
      return {{"momentum 0", p, {}},
              {"momentum 0.9", momentum, {velocity}},
              {"Nesterov momentum 0.9", nesterov, {velocity}}};
    }
    case STRATA_OPTIMIZER_ADAM: {
      p.beta1 = 0.9;
      p.beta2 = 0.999;
      p.step = 1;
      auto adamw = p;
      adamw.weight_decay = 0.01;
      adamw.step = 7;
      const std::vector<Slot> slots = {{"m", Domain::uniform(-0.1, 0.1)}, mean_square};
      return {{"step 1", p, slots}, {"AdamW, weight decay 0.01, step 7", adamw, slots}};
    }
    case STRATA_OPTIMIZER_RMSPROP: {
      p.rho = 0.9;
      auto momentum = p;
      momentum.momentum = 0.5;
      return {{"momentum 0", p, {mean_square}},
              {"momentum 0.5", momentum, {mean_square, {"momentum buffer", velocity.domain}}}};
    }
    default:
      return {{"accumulator", p, {{"accumulator", Domain::uniform(0, 1)}}}};
  }
}

// g takes the view (broadcast included: a gradient may arrive broadcast); w and the slots take
// the view's output layout.
Case optimizer_case(const OpInfo& op, strata_dtype dtype, const Variant& v, const View& view) {
  std::vector<TensorSpec> outputs = {view_output(view, "w", dtype, Domain::uniform(-1, 1))};
  for (const Slot& s : v.slots) outputs.push_back(view_output(view, s.role, dtype, s.domain));
  return make_case(op, dtype, view.label + ", " + v.label, Tolerance::kElementwise, v.params,
                   {view_input(view, "g", dtype, Domain::uniform(-1, 1))}, std::move(outputs));
}

}  // namespace

std::vector<Case> optimizer_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const Variant& v : variants(op.sub_op)) {
    for (const View& view : elementwise_views())
      cases.push_back(optimizer_case(op, dtype, v, view));
  }
  return cases;
}

Case optimizer_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return optimizer_case(op, dtype, variants(op.sub_op).back(), {"large", kLargeShape});
}

}  // namespace strata::conformance
