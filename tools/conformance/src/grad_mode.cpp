// --mode grad: each backward op against central finite differences of the plugin's own
// forward op, through the directional identity
//     <dy, f(x + h e) - f(x - h e)>  ~=  <backward(dy), (x + h e) - (x - h e)>
// for random directions e, with x +- h e rounded to the dtype and the right-hand side using the
// rounded difference. f64 where the plugin runs both ops in f64, else f32 with a larger step.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bounds.hpp"
#include "case_registry.hpp"
#include "case_runner.hpp"
#include "dtype.hpp"
#include "modes.hpp"

namespace strata::conformance {
namespace {

constexpr int kDirections = 3;

// A step of the check that went wrong; the case fails with it.
struct GradFailure {
  std::string check;
  std::string message;
};

using Values = std::vector<double>;

// The values `t` really holds once `values` are stored in it (rounded, broadcast).
Values as_stored(const TensorSpec& t, const Values& values) {
  return unstage(t, stage(t, values));
}

// Runs `c` with the given input values; returns output 0's values.
Values run_values(Backend& plugin, const Case& c, const std::vector<Values>& inputs) {
  StagedCase staged;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    staged.inputs.push_back(stage(c.inputs[i], inputs[i]));
  }
  // Outputs start as their domain says: sentinels, or the zeroed table scatter_add adds into.
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    staged.outputs.push_back(stage(c.outputs[i], generate_values(c, c.outputs[i], 0, 0)));
  }
  RunResult run = run_case(plugin, c, staged);
  if (run.status != RunStatus::kOk) {
    throw GradFailure{run.check.empty() ? "error" : run.check,
                      fmt::format("{}: {}", c.op->name, run.message)};
  }
  return unstage(c.outputs[0], run.outputs[0]);
}

// Both sides of the identity, and the sum of the absolute values of their terms.
struct Directional {
  double lhs = 0, rhs = 0, scale = 0;
  // Relative to the larger side; a direction whose terms cancel almost exactly is measured
  // against 10% of its terms instead, so rounding in a near-zero sum cannot fail a correct op.
  // Both sides exactly zero (a zero derivative) is no error.
  double error() const {
    const double size = std::max({std::fabs(lhs), std::fabs(rhs), 0.1 * scale});
    return size > 0 ? std::fabs(lhs - rhs) / size : 0;
  }
};

class GradCheck {
 public:
  GradCheck(Backend& plugin, const GradCase& gc, uint64_t seed)
      : plugin_(plugin), gc_(gc), seed_(seed) {}

  // The worst directional error over kDirections directions.
  Directional run() {
    draw_inputs();
    const Values gradient = backward();
    Directional worst;
    for (int d = 0; d < kDirections; ++d) {
      const Directional found = along(gradient, d);
      if (d == 0 || found.error() > worst.error()) worst = found;
    }
    return worst;
  }

 private:
  const TensorSpec& wrt() const { return gc_.forward.inputs[gc_.wrt]; }
  strata_dtype dtype() const { return wrt().dtype; }

  void draw_inputs() {
    for (size_t i = 0; i < gc_.forward.inputs.size(); ++i) {
      const TensorSpec& t = gc_.forward.inputs[i];
      x_.push_back(as_stored(t, generate_values(gc_.backward, t, i, seed_)));
    }
    for (size_t i = 0; i < gc_.sources.size(); ++i) {
      if (gc_.sources[i].kind != GradSource::Kind::kDy) continue;
      const TensorSpec& t = gc_.backward.inputs[i];
      dy_ = as_stored(t, generate_values(gc_.backward, t, gc_.forward.inputs.size() + i, seed_));
    }
  }

  Values backward() {
    const Values y = run_values(plugin_, gc_.forward, x_);
    std::vector<Values> inputs;
    for (size_t i = 0; i < gc_.sources.size(); ++i) {
      const GradSource& s = gc_.sources[i];
      const Values& v = s.kind == GradSource::Kind::kDy             ? dy_
                        : s.kind == GradSource::Kind::kForwardInput ? x_[s.index]
                                                                    : y;
      inputs.push_back(as_stored(gc_.backward.inputs[i], v));
    }
    Values gradient = run_values(plugin_, gc_.backward, inputs);
    const TensorSpec& out = gc_.backward.outputs[0];
    for (size_t i = 0; i < gradient.size(); ++i) {
      if (std::isfinite(gradient[i])) continue;
      throw GradFailure{"nan", fmt::format("{}{} = {}: the gradient is not finite", out.role,
                                           out.index_text(static_cast<int64_t>(i)), gradient[i])};
    }
    return gradient;
  }

  Directional along(const Values& gradient, int direction) {
    Generator g =
        generator_for(seed_, gc_.backward.key() + "|direction", static_cast<size_t>(direction));
    const Values e = generate(Domain::uniform(-1, 1), wrt().elements(), g);
    const double h = grad_step(dtype());
    Values plus = x_[gc_.wrt], minus = x_[gc_.wrt];
    for (size_t i = 0; i < e.size(); ++i) {
      plus[i] += h * e[i];
      minus[i] -= h * e[i];
    }
    plus = as_stored(wrt(), plus);
    minus = as_stored(wrt(), minus);
    const Values f_plus = forward_at(plus), f_minus = forward_at(minus);
    Directional r;
    for (size_t i = 0; i < dy_.size(); ++i) {
      const double term = dy_[i] * (f_plus[i] - f_minus[i]);
      r.lhs += term;
      r.scale += std::fabs(term);
    }
    for (size_t i = 0; i < gradient.size(); ++i) {
      const double term = gradient[i] * (plus[i] - minus[i]);
      r.rhs += term;
      r.scale += std::fabs(term);
    }
    return r;
  }

  Values forward_at(const Values& wrt_values) {
    std::vector<Values> inputs = x_;
    inputs[gc_.wrt] = wrt_values;
    return run_values(plugin_, gc_.forward, inputs);
  }

  Backend& plugin_;
  const GradCase& gc_;
  uint64_t seed_;
  std::vector<Values> x_;  // the forward inputs
  Values dy_;
};

std::optional<Refusal> refusal_of(Backend& plugin, const GradCase& gc) {
  if (auto r = query_support(plugin, gc.forward)) {
    r->message = fmt::format("forward {}: {}", gc.forward.op->name, r->message);
    return r;
  }
  return query_support(plugin, gc.backward);
}

CaseResult check(Backend& plugin, const GradCase& gc, uint64_t seed) {
  CaseResult r = result_for(gc.backward);
  r.metric = "grad error";
  r.bound = grad_bound(gc.backward.dtype);
  if (auto refusal = refusal_of(plugin, gc)) {
    mark_refused(r, *refusal);
    return r;
  }
  try {
    const Directional d = GradCheck(plugin, gc, seed).run();
    r.value = d.error();
    if (r.value > r.bound) {
      mark_failed(
          r, "grad",
          fmt::format("along a random direction e, <dy, f(x+he) - f(x-he)> = {:.9g} but "
                      "<{}, (x+he) - (x-he)> = {:.9g}: relative error {:.3g} > bound {:.0e} "
                      "({}, h = {:.0e}, forward op {})",
                      d.lhs, gc.backward.outputs[0].role, d.rhs, r.value, r.bound,
                      dtype_name(gc.backward.dtype), grad_step(gc.backward.dtype),
                      gc.forward.op->name));
    }
  } catch (const GradFailure& f) {
    mark_failed(r, f.check, f.message);
  }
  return r;
}

// The dtypes to differentiate in: those --dtype names among f64 and f32 (none: see below).
std::vector<strata_dtype> grad_dtypes(const ModeContext& context) {
  std::vector<strata_dtype> dtypes;
  for (strata_dtype d : context.options().dtypes) {
    if (d == STRATA_F64 || d == STRATA_F32) dtypes.push_back(d);
  }
  return dtypes;
}

void emit_check(ModeContext& context, const GradCase& gc) {
  context.emit_timed([&] { return check(context.plugin(), gc, context.options().seed); });
}

}  // namespace

void run_grad_mode(ModeContext& context) {
  const std::vector<strata_dtype> chosen = grad_dtypes(context);
  for (const OpInfo* op : context.ops()) {
    if (!op->has_grad) continue;
    if (!chosen.empty()) {
      for (strata_dtype d : chosen) {
        for (const GradCase& gc : grad_cases(*op, d)) emit_check(context, gc);
      }
      continue;
    }
    // Unasked, each case runs in f64 where the plugin supports both of its ops in f64.
    const std::vector<GradCase> f64 = grad_cases(*op, STRATA_F64);
    const std::vector<GradCase> f32 = grad_cases(*op, STRATA_F32);
    for (size_t i = 0; i < f64.size(); ++i) {
      emit_check(context, refusal_of(context.plugin(), f64[i]) ? f32[i] : f64[i]);
    }
  }
}

}  // namespace strata::conformance
