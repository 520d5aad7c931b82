// STRATA_OP_UNARY and STRATA_OP_UNARY_BACKWARD on f32, eight lanes at a time (the functions are
// in unary_functions.hpp). A NaN input gives a NaN in both directions, as in the reference.
#include <strata/kit/op_checks.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"
#include "avx2/unary_functions.hpp"

namespace strata_avx {
namespace {

constexpr std::string_view kNames[] = {"neg",     "abs",        "sign",       "square",   "sqrt",
                                       "rsqrt",   "reciprocal", "exp",        "log",      "tanh",
                                       "sigmoid", "relu",       "leaky_relu", "elu",      "selu",
                                       "gelu",    "silu",       "softplus",   "softsign", "clip"};
constexpr int kNumFunctions = sizeof kNames / sizeof kNames[0];
static_assert(kNumFunctions == STRATA_UNARY_CLIP + 1, "one name per strata_unary_op");

// Elements per task below which a call stays on one thread.
constexpr int64_t kGrain = 1 << 15;

strata_error* check_sub_op(std::string_view family, int32_t sub_op) {
  if (sub_op < 0 || sub_op >= kNumFunctions) {
    return unsupported("{}: unknown sub-code {} (ABI 1.0 has 0..{})", family, sub_op,
                       kNumFunctions - 1);
  }
  return nullptr;
}

// Float dtypes, one dtype for all tensors, one shape; then this backend's f32-only rule.
strata_error* check_unary(std::string_view op, const strata_op_call& call,
                          std::initializer_list<std::string_view> roles) {
  if (auto* err = make_error(strata::kit::check_unary(op, call, roles))) return err;
  const strata_tensor& out = *call.outputs[0];
  if (out.dtype != STRATA_F32) return dtype_unsupported(op, out, "f32");
  return nullptr;
}

// v rounded to a float toward -inf (down) or +inf.
float round_directed(double v, bool down) {
  float f = static_cast<float>(v);
  if (down && static_cast<double>(f) > v)
    f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  if (!down && static_cast<double>(f) < v)
    f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

unary::Args make_args(const void* params, int32_t sub_op) {
  const auto p = read_params<strata_unary_params>(params);
  return {simd::splat(static_cast<float>(p.alpha)), simd::splat(static_cast<float>(p.beta)),
          simd::splat(round_directed(p.alpha, true)), simd::splat(round_directed(p.beta, false)),
          sub_op == STRATA_UNARY_GELU && p.beta != 0};
}

template <typename Fn>
void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& y,
             const unary::Args& args) {
  const Layout<2> layout = make_layout<2>({&y, &x});
  const float* xs = data_ptr<const float>(x);
  float* ys = data_ptr<float>(y);
  auto kernel = [&](const float* in, float* out, int64_t n) {
    simd::map_contiguous(
        in, out, n, [&](__m256 v) { return simd::select(simd::is_nan(v), v, Fn::value(v, args)); });
  };
  parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
    const float* in[1] = {xs + o[1]};
    const int64_t stride[1] = {layout.inner_stride(1)};
    simd::run_strided<1>(in, stride, ys + o[0], layout.inner_stride(0), n, kernel);
  });
}

template <typename Fn>
void backward(ExecContext& ctx, const strata_tensor& dy, const strata_tensor& x,
              const strata_tensor& dx, const unary::Args& args) {
  const Layout<3> layout = make_layout<3>({&dx, &dy, &x});
  const float* dys = data_ptr<const float>(dy);
  const float* xs = data_ptr<const float>(x);
  float* dxs = data_ptr<float>(dx);
  auto kernel = [&](const float* g, const float* in, float* out, int64_t n) {
    simd::map_contiguous(g, in, out, n, [&](__m256 gv, __m256 v) {
      return simd::select(simd::is_nan(v), v, _mm256_mul_ps(gv, Fn::slope(v, args)));
    });
  };
  parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
    const float* in[2] = {dys + o[1], xs + o[2]};
    const int64_t stride[2] = {layout.inner_stride(1), layout.inner_stride(2)};
    simd::run_strided<2>(in, stride, dxs + o[0], layout.inner_stride(0), n, kernel);
  });
}

}  // namespace

strata_error* op_unary(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  if (auto* err = check_sub_op("unary", call.sub_op)) return err;
  static const OpNames names("unary", kNumFunctions, [](int i) { return kNames[i]; });
  const std::string_view op = names[call.sub_op];
  if (auto* err = check_call(call, op, 1, 1, phase)) return err;
  if (auto* err = check_unary(op, call, {"x", "out"})) return err;
  if (phase == Phase::kValidate) return nullptr;

  const unary::Args args = make_args(call.params, call.sub_op);
  unary::visit_function(call.sub_op, [&](auto fn) {
    forward<decltype(fn)>(ctx, *call.inputs[0], *call.outputs[0], args);
  });
  return nullptr;
}

strata_error* op_unary_backward(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  if (auto* err = check_sub_op("unary_backward", call.sub_op)) return err;
  static const OpNames names("unary_backward", kNumFunctions, [](int i) { return kNames[i]; });
  const std::string_view op = names[call.sub_op];
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  if (auto* err = check_unary(op, call, {"dy", "x", "dx"})) return err;
  if (phase == Phase::kValidate) return nullptr;

  const unary::Args args = make_args(call.params, call.sub_op);
  unary::visit_function(call.sub_op, [&](auto fn) {
    backward<decltype(fn)>(ctx, *call.inputs[0], *call.inputs[1], *call.outputs[0], args);
  });
  return nullptr;
}

}  // namespace strata_avx
