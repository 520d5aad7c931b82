// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD on shaders/pool2d.comp: one item per output
// element; the backward op gathers into each dx element from the windows that contain it.
#include <fmt/format.h>

#include <algorithm>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"
#include "window.hpp"

namespace strata_vk {
namespace {

struct PoolShape {
  int64_t n, h, w, c, oh, ow;
};

strata_pool2d_params read_pool_params(std::string_view op, const strata_op_call& call) {
  if (call.sub_op != STRATA_POOL_MAX && call.sub_op != STRATA_POOL_AVG) {
    unsupported("{}: sub-code {} is neither MAX (0) nor AVG (1)", op, call.sub_op);
  }
  if (call.params == nullptr) {
    invalid("{}: params are NULL; pooling needs strata_pool2d_params", op);
  }
  const auto p = read_params<strata_pool2d_params>(call.params);
  if (p.window_h < 1 || p.window_w < 1 || p.stride_h < 1 || p.stride_w < 1 || p.pad_top < 0 ||
      p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    invalid(
        "{}: window ({}, {}) and stride ({}, {}) must be >= 1 and padding (top {}, bottom "
        "{}, left {}, right {}) >= 0",
        op, p.window_h, p.window_w, p.stride_h, p.stride_w, p.pad_top, p.pad_bottom, p.pad_left,
        p.pad_right);
  }
  return p;
}

// x is the image, y the pooled side (y or dy); dx is null in the forward op.
PoolShape check_pool(std::string_view op, const strata_tensor& x, const strata_tensor& y,
                     std::string_view y_name, const strata_tensor* dx,
                     const strata_pool2d_params& p) {
  if (!is_float(x.dtype)) {
    unsupported("{}: x is {}: pooling takes float dtypes only", op, shape_text(x));
  }
  if (y.dtype != x.dtype || (dx != nullptr && dx->dtype != x.dtype)) {
    invalid("{}: x is {}, {} is {}{}: need one dtype", op, shape_text(x), y_name, shape_text(y),
            dx ? fmt::format(", dx is {}", shape_text(*dx)) : "");
  }
  if (x.rank != 4 || y.rank != 4) {
    invalid("{}: x is {}, {} is {}: need rank 4 (NHWC)", op, shape_text(x), y_name, shape_text(y));
  }
  if (dx != nullptr && !same_shape(*dx, x)) {
    invalid("{}: x is {}, dx is {}: need the same shape", op, shape_text(x), shape_text(*dx));
  }
  PoolShape s{x.shape[0], x.shape[1], x.shape[2], x.shape[3], 0, 0};
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, p.window_h, 1, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, p.window_w, 1, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    invalid("{}: x is {}: the window does not fit the padded image (output size {}x{})", op,
            shape_text(x), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.c};
  if (!std::equal(expected, expected + 4, y.shape)) {
    invalid("{}: x is {}, {} is {}: window, stride and padding give [{},{},{},{}]", op,
            shape_text(x), y_name, shape_text(y), s.n, s.oh, s.ow, s.c);
  }
  return s;
}

void run_pool(const OpCall& op, const strata_tensor& x, const strata_tensor& pooled,
              const strata_tensor* dx, const PoolShape& s, const strata_pool2d_params& p) {
  const bool backward = dx != nullptr;
  const strata_tensor& out = backward ? *dx : pooled;
  if (is_empty(out)) return;
  Launch launch(*op.instance, fmt::format("pool2d_{}", kind_token(x.dtype)), 256,
                {backward ? 1u : 0u});
  launch.bind(1, x, false);
  // Writable in the shader (the forward op writes it), so ordered as written in both modes.
  launch.bind(2, pooled, true);
  if (backward) {
    launch.bind(3, *dx, true);
    launch.space(4, dx->shape, {{1, x.strides}, {2, pooled.strides}, {3, dx->strides}}, false);
  } else {
    launch.space(4, pooled.shape, {{1, x.strides}, {2, pooled.strides}}, false);
  }
  const int64_t ints[] = {s.n,       s.h,        s.w,           s.c,        s.oh,
                          s.ow,      p.window_h, p.window_w,    p.stride_h, p.stride_w,
                          p.pad_top, p.pad_left, op.call.sub_op};
  for (size_t i = 0; i < std::size(ints); ++i) {
    launch.params().ip[i] = static_cast<int32_t>(ints[i]);
  }
  launch.run_items();
}

}  // namespace

void op_pool2d(const OpCall& op) {
  constexpr std::string_view kOp = "pool2d";
  check_op(op, kOp, 1, 1);
  const strata_pool2d_params p = read_pool_params(kOp, op.call);
  const PoolShape s = check_pool(kOp, op.in(0), op.out(0), "y", nullptr, p);
  require_dtype(op.features, op.in(0).dtype, DtypeUse::kCompute, kOp);
  if (op.running()) run_pool(op, op.in(0), op.out(0), nullptr, s, p);
}

void op_pool2d_backward(const OpCall& op) {
  constexpr std::string_view kOp = "pool2d_backward";
  check_op(op, kOp, 2, 1);
  const strata_pool2d_params p = read_pool_params(kOp, op.call);
  const PoolShape s = check_pool(kOp, op.in(1), op.in(0), "dy", &op.out(0), p);
  require_dtype(op.features, op.in(1).dtype, DtypeUse::kCompute, kOp);
  if (op.running()) run_pool(op, op.in(1), op.in(0), &op.out(0), s, p);
}

}  // namespace strata_vk
