// STRATA_OP_CONV2D and its two gradients. All three walk the same set of "taps" (one product
// x[n,ih,iw,c] * w[kh,kw,c',f] that contributes to y[n,oh,ow,f]) and differ only in which two
// tensors they read and which one they accumulate into:
//   forward          y  += x  * w
//   backward data    dx += dy * w
//   backward filter  dw += x  * dy
// so the index arithmetic of the header's formula lives in one place.
#include <strata/kit/op_checks.hpp>

#include <vector>

#include "op_common.hpp"
#include "spatial_window.hpp"

namespace strata_ref {
namespace {

using strata::kit::ConvShape;
using strata::kit::ConvTensors;
using Target = strata::kit::ConvTarget;

// Calls fn(x_index, w_index, y_index) for every product of the forward sum whose x element is
// inside the image (padding reads as 0, so its taps contribute nothing).
template <typename Fn>
void for_each_tap(const ConvShape& s, const strata_conv2d_params& p, Fn&& fn) {
  const int64_t out_shape[4] = {s.n, s.oh, s.ow, s.f};
  for_each_index(4, out_shape, [&](const int64_t* yi) {
    const int64_t group = yi[3] / s.f_per_group;
    for (int64_t kh = 0; kh < s.kh; ++kh) {
      const int64_t ih = window_input_coord(yi[1], kh, p.stride_h, p.pad_top, p.dilation_h);
      if (ih < 0 || ih >= s.h) continue;
      for (int64_t kw = 0; kw < s.kw; ++kw) {
        const int64_t iw = window_input_coord(yi[2], kw, p.stride_w, p.pad_left, p.dilation_w);
        if (iw < 0 || iw >= s.w) continue;
        for (int64_t c = 0; c < s.c_per_group; ++c) {
          const int64_t xi[4] = {yi[0], ih, iw, group * s.c_per_group + c};
          const int64_t wi[4] = {kh, kw, c, yi[3]};
          fn(xi, wi, yi);
        }
      }
    }
  });
}

// Sums every tap's product into the target role in double, then overwrites the target once.
void accumulate(const ConvTensors& t, const ConvShape& s, const strata_conv2d_params& p,
                Target target) {
  const strata_tensor& out = target == Target::kY ? *t.y : target == Target::kX ? *t.x : *t.w;
  std::vector<double> sums(static_cast<size_t>(element_count(out)), 0.0);
  for_each_tap(s, p, [&](const int64_t* xi, const int64_t* wi, const int64_t* yi) {
    switch (target) {
      case Target::kY:
        sums[dense_offset(out, yi)] += load_f(*t.x, xi) * load_f(*t.w, wi);
        break;
      case Target::kX:
        sums[dense_offset(out, xi)] += load_f(*t.y, yi) * load_f(*t.w, wi);
        break;
      case Target::kW:
        sums[dense_offset(out, wi)] += load_f(*t.x, xi) * load_f(*t.y, yi);
        break;
    }
  });
  for_each_index(out, [&](const int64_t* i) { store_f(out, i, sums[dense_offset(out, i)]); });
}

// The shared body of the three ops: check the call, validate the roles, run.
strata_error* run_conv(const strata_op_call& call, Phase phase, std::string_view op,
                       Target target) {
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  ConvTensors t{};
  strata_conv2d_params params{};
  ConvShape shape{};
  if (auto* err = make_error(strata::kit::check_conv2d_call(call, op, target, t, params, shape))) {
    return err;
  }
  if (phase == Phase::kValidate) return nullptr;
  accumulate(t, shape, params, target);
  return nullptr;
}

}  // namespace

strata_error* op_conv2d(const strata_op_call& call, Phase phase) {
  return run_conv(call, phase, "conv2d", Target::kY);
}

strata_error* op_conv2d_backward_data(const strata_op_call& call, Phase phase) {
  return run_conv(call, phase, "conv2d_backward_data", Target::kX);
}

strata_error* op_conv2d_backward_filter(const strata_op_call& call, Phase phase) {
  return run_conv(call, phase, "conv2d_backward_filter", Target::kW);
}

}  // namespace strata_ref
