// STRATA_OP_CONV2D and its two gradients. All three walk the same set of "taps" (one product
// x[n,ih,iw,c] * w[kh,kw,c',f] that contributes to y[n,oh,ow,f]) and differ only in which two
// tensors they read and which one they accumulate into:
//   forward          y  += x  * w
//   backward data    dx += dy * w
//   backward filter  dw += x  * dy
// so the index arithmetic of the header's formula lives in one place.
#include <vector>

#include "op_common.hpp"
#include "spatial_window.hpp"

namespace strata_ref {
namespace {

// Image, kernel and output sizes of one convolution, in the forward op's terms.
struct ConvShape {
  int64_t n, h, w, c;  // x [N, H, W, C]
  int64_t kh, kw, f;   // w [KH, KW, C/groups, F]
  int64_t oh, ow;      // y [N, OH, OW, F]
  int64_t c_per_group, f_per_group;
};

// The three roles of a convolution, whichever of them are inputs or the output of an op.
struct ConvTensors {
  const strata_tensor* x;
  const strata_tensor* w;
  const strata_tensor* y;
  const char* x_name;  // "x" or "dx", for messages
  const char* w_name;
  const char* y_name;
};

strata_error* check_params(std::string_view op, const strata_conv2d_params& p) {
  if (p.stride_h < 1 || p.stride_w < 1 || p.dilation_h < 1 || p.dilation_w < 1 || p.groups < 1 ||
      p.pad_top < 0 || p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    return invalid(
        "{}: stride ({}, {}), dilation ({}, {}), groups {} must be >= 1 and padding "
        "(top {}, bottom {}, left {}, right {}) >= 0",
        op, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.groups, p.pad_top, p.pad_bottom,
        p.pad_left, p.pad_right);
  }
  return nullptr;
}

strata_error* check_dtypes(std::string_view op, const ConvTensors& t) {
  if (!is_float(t.y->dtype)) {
    return unsupported("{}: {} is {}: convolution takes float dtypes only", op, t.y_name,
                       shape_text(*t.y));
  }
  if (t.x->dtype != t.y->dtype || t.w->dtype != t.y->dtype) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: all three need one dtype", op, t.x_name,
                   shape_text(*t.x), t.w_name, shape_text(*t.w), t.y_name, shape_text(*t.y));
  }
  if (t.x->rank != 4 || t.w->rank != 4 || t.y->rank != 4) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: need rank 4 (NHWC, HWIO, NHWC)", op, t.x_name,
                   shape_text(*t.x), t.w_name, shape_text(*t.w), t.y_name, shape_text(*t.y));
  }
  return nullptr;
}

// Validates the three roles against each other and the params; fills `s` on success.
strata_error* check_conv(std::string_view op, const ConvTensors& t, const strata_conv2d_params& p,
                         ConvShape& s) {
  if (auto* err = check_params(op, p)) return err;
  if (auto* err = check_dtypes(op, t)) return err;
  const strata_tensor &x = *t.x, &w = *t.w, &y = *t.y;
  s = {x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0], w.shape[1],
       w.shape[3], 0,          0,          0,          0};
  if (s.c % p.groups != 0 || s.f % p.groups != 0) {
    return invalid("{}: {} is {}, {} is {}: groups {} must divide C = {} and F = {}", op, t.x_name,
                   shape_text(x), t.w_name, shape_text(w), p.groups, s.c, s.f);
  }
  s.c_per_group = s.c / p.groups;
  s.f_per_group = s.f / p.groups;
  if (w.shape[2] != s.c_per_group) {
    return invalid("{}: {} is {}, {} is {}: the weight's third dimension must be C/groups = {}", op,
                   t.x_name, shape_text(x), t.w_name, shape_text(w), s.c_per_group);
  }
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, s.kh, p.dilation_h, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, s.kw, p.dilation_w, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    return invalid(
        "{}: {} is {}, {} is {}: the dilated kernel does not fit the padded image "
        "(output size {}x{})",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.f};
  if (!std::equal(expected, expected + 4, y.shape)) {
    return invalid(
        "{}: {} is {}, {} is {}: {} is {} but stride, padding and dilation give "
        "[{},{},{},{}]",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y), s.n, s.oh,
        s.ow, s.f);
  }
  return nullptr;
}

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

// Which role an op accumulates into; the other two are read.
enum class Target { kY, kX, kW };

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
  const strata_tensor* in0 = call.inputs[0];
  const strata_tensor* in1 = call.inputs[1];
  const strata_tensor* out = call.outputs[0];
  ConvTensors t{};
  switch (target) {
    case Target::kY:
      t = {in0, in1, out, "x", "w", "y"};
      break;
    case Target::kX:
      t = {out, in1, in0, "dx", "w", "dy"};
      break;
    case Target::kW:
      t = {in0, out, in1, "x", "dw", "dy"};
      break;
  }
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; convolution needs strata_conv2d_params", op);
  }
  const auto params = read_params<strata_conv2d_params>(call.params);
  ConvShape shape{};
  if (auto* err = check_conv(op, t, params, shape)) return err;
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
