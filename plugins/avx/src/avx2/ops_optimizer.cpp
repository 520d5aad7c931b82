// STRATA_OP_OPTIMIZER: one fused, in-place update step (Keras 3's rules, written out in
// backend.h), one pass over the gradient, the variable and its slots, eight lanes at a time.
// Hyperparameters are validated as the reference does; per-step constants (Adam's lr_t) are
// computed in double once.
#include <immintrin.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx {
namespace {

constexpr std::string_view kOp = "optimizer";
constexpr int64_t kGrain = 1 << 15;
constexpr int kMaxOutputs = 3;

// The kit's checks, then this backend's f32-only rule.
strata_error* check_tensors(const strata_op_call& call, const char* name) {
  if (auto* err = make_error(strata::kit::check_optimizer_tensors(call, name))) return err;
  const strata_tensor& w = *call.outputs[0];
  if (w.dtype != STRATA_F32) return dtype_unsupported(kOp, w, "f32");
  return nullptr;
}

using simd::splat;

// Each rule updates s[0] (w) and its slots s[1], s[2] from the gradient g.
struct Sgd {
  __m256 lr, momentum;
  bool has_momentum, nesterov;
  void operator()(__m256 g, __m256* s) const {
    if (!has_momentum) {
      s[0] = _mm256_fnmadd_ps(lr, g, s[0]);
      return;
    }
    s[1] = _mm256_fnmadd_ps(lr, g, _mm256_mul_ps(momentum, s[1]));
    const __m256 step = nesterov ? _mm256_fnmadd_ps(lr, g, _mm256_mul_ps(momentum, s[1])) : s[1];
    s[0] = _mm256_add_ps(s[0], step);
  }
};

struct Adam {
  __m256 decay, one_minus_beta1, one_minus_beta2, lr_t, epsilon;  // decay = lr * weight_decay
  bool has_decay;
  void operator()(__m256 g, __m256* s) const {
    if (has_decay) s[0] = _mm256_fnmadd_ps(decay, s[0], s[0]);
    s[1] = _mm256_fmadd_ps(_mm256_sub_ps(g, s[1]), one_minus_beta1, s[1]);
    s[2] = _mm256_fmadd_ps(_mm256_fmsub_ps(g, g, s[2]), one_minus_beta2, s[2]);
    const __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(s[2]), epsilon);
    s[0] = _mm256_sub_ps(s[0], _mm256_div_ps(_mm256_mul_ps(lr_t, s[1]), denominator));
  }
};

struct Rmsprop {
  __m256 lr, rho, one_minus_rho, epsilon, momentum;
  bool has_momentum;
  void operator()(__m256 g, __m256* s) const {
    s[1] = _mm256_fmadd_ps(rho, s[1], _mm256_mul_ps(one_minus_rho, _mm256_mul_ps(g, g)));
    const __m256 increment =
        _mm256_div_ps(_mm256_mul_ps(lr, g), _mm256_sqrt_ps(_mm256_add_ps(s[1], epsilon)));
    if (!has_momentum) {
      s[0] = _mm256_sub_ps(s[0], increment);
      return;
    }
    s[2] = _mm256_fmadd_ps(momentum, s[2], increment);
    s[0] = _mm256_sub_ps(s[0], s[2]);
  }
};

struct Adagrad {
  __m256 lr, epsilon;
  void operator()(__m256 g, __m256* s) const {
    s[1] = _mm256_fmadd_ps(g, g, s[1]);
    s[0] = _mm256_sub_ps(
        s[0], _mm256_div_ps(_mm256_mul_ps(lr, g), _mm256_sqrt_ps(_mm256_add_ps(s[1], epsilon))));
  }
};

// The rule over contiguous arrays: g, then the kOutputs arrays it updates. kOutputs is a
// constant so the slots stay in registers; whole vectors load and store plainly, and only the
// tail is masked.
template <int kOutputs, typename Rule>
void update_contiguous(const Rule& rule, const float* g, float* const* outputs, int64_t n) {
  float* outs[kOutputs];
  for (int k = 0; k < kOutputs; ++k) outs[k] = outputs[k];
  auto update = [&](int64_t i, int64_t m) {
    __m256 s[kMaxOutputs] = {};
    for (int k = 0; k < kOutputs; ++k) s[k] = simd::load_lanes(outs[k] + i, m);
    rule(simd::load_lanes(g + i, m), s);
    for (int k = 0; k < kOutputs; ++k) simd::store_lanes(outs[k] + i, m, s[k]);
  };
  int64_t i = 0;
  for (; i + simd::kLanes <= n; i += simd::kLanes) update(i, simd::kLanes);
  if (i < n) update(i, n - i);
}

// Walks g and the kOutputs outputs in step; strided runs go through stack buffers.
template <int kOutputs, typename Rule>
void run_rule(ExecContext& ctx, const strata_op_call& call, const Rule& rule) {
  std::array<const strata_tensor*, kOutputs + 1> tensors;
  tensors[0] = call.inputs[0];
  for (int k = 0; k < kOutputs; ++k) tensors[k + 1] = call.outputs[k];
  const Layout<kOutputs + 1> layout = make_layout<kOutputs + 1>(tensors);
  parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
    const float* g = data_ptr<const float>(*tensors[0]) + o[0];
    float* outs[kOutputs];
    bool contiguous = layout.inner_stride(0) == 1;
    for (int k = 0; k < kOutputs; ++k) {
      outs[k] = data_ptr<float>(*tensors[k + 1]) + o[k + 1];
      contiguous = contiguous && layout.inner_stride(k + 1) == 1;
    }
    if (contiguous) return update_contiguous<kOutputs>(rule, g, outs, n);
    alignas(32) float stage[kOutputs + 1][simd::kStage];
    for (int64_t done = 0; done < n; done += simd::kStage) {
      const int64_t m = std::min(simd::kStage, n - done);
      float* staged[kOutputs];
      for (int64_t i = 0; i < m; ++i) stage[0][i] = g[(done + i) * layout.inner_stride(0)];
      for (int k = 0; k < kOutputs; ++k) {
        staged[k] = stage[k + 1];
        const int64_t s = layout.inner_stride(k + 1);
        for (int64_t i = 0; i < m; ++i) staged[k][i] = outs[k][(done + i) * s];
      }
      update_contiguous<kOutputs>(rule, stage[0], staged, m);
      for (int k = 0; k < kOutputs; ++k) {
        const int64_t s = layout.inner_stride(k + 1);
        for (int64_t i = 0; i < m; ++i) outs[k][(done + i) * s] = staged[k][i];
      }
    }
  });
}

// run_rule with the call's number of outputs (1..kMaxOutputs) as a constant.
template <typename Rule>
void run_rule(ExecContext& ctx, const strata_op_call& call, int outputs, const Rule& rule) {
  switch (outputs) {
    case 1:
      return run_rule<1>(ctx, call, rule);
    case 2:
      return run_rule<2>(ctx, call, rule);
    default:
      return run_rule<kMaxOutputs>(ctx, call, rule);
  }
}

void run_optimizer(ExecContext& ctx, const strata_op_call& call, const strata_optimizer_params& p,
                   int outputs) {
  const __m256 lr = splat(static_cast<float>(p.learning_rate));
  const __m256 epsilon = splat(static_cast<float>(p.epsilon));
  switch (call.sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return run_rule(
          ctx, call, outputs,
          Sgd{lr, splat(static_cast<float>(p.momentum)), p.momentum != 0, p.nesterov != 0});
    case STRATA_OPTIMIZER_ADAM: {
      const double t = static_cast<double>(p.step);
      const double lr_t =
          p.learning_rate * std::sqrt(1 - std::pow(p.beta2, t)) / (1 - std::pow(p.beta1, t));
      return run_rule(
          ctx, call, outputs,
          Adam{splat(static_cast<float>(p.learning_rate * p.weight_decay)),
               splat(static_cast<float>(1 - p.beta1)), splat(static_cast<float>(1 - p.beta2)),
               splat(static_cast<float>(lr_t)), epsilon, p.weight_decay != 0});
    }
    case STRATA_OPTIMIZER_RMSPROP:
      return run_rule(
          ctx, call, outputs,
          Rmsprop{lr, splat(static_cast<float>(p.rho)), splat(static_cast<float>(1 - p.rho)),
                  epsilon, splat(static_cast<float>(p.momentum)), p.momentum != 0});
    default:
      return run_rule(ctx, call, outputs, Adagrad{lr, epsilon});
  }
}

}  // namespace

strata_error* op_optimizer(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  strata::kit::OptimizerCall checked{};
  if (auto* err = make_error(strata::kit::read_optimizer_call(call, checked))) return err;
  const strata_optimizer_params& params = checked.params;
  const size_t outputs = checked.num_outputs;
  if (auto* err = check_call(call, kOp, 1, outputs, phase)) return err;
  if (auto* err = check_tensors(call, checked.name)) return err;
  if (phase == Phase::kValidate) return nullptr;
  run_optimizer(ctx, call, params, static_cast<int>(outputs));
  return nullptr;
}

}  // namespace strata_avx
