// 2-D convolution and pooling in NHWC, forward and the kernels of their backward passes.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "kernels.hpp"
#include "op_support.hpp"

namespace strata {
namespace {

using namespace ops_detail;

void require_rank4(const char* op, const char* role, const Tensor& t, const char* layout) {
  if (t.rank() == 4) return;
  throw ShapeError(
      fmt::format("{}: {} is {}, expected rank 4 {}", op, role, t.shape().to_string(), layout));
}

void require_at_least(const char* op, const char* what, int64_t value, int64_t least) {
  if (value >= least) return;
  throw ValueError(fmt::format("{}: {} is {}; it must be at least {}", op, what, value, least));
}

void check_padding(const char* op, const ops::Padding2D& p) {
  require_at_least(op, "padding.top", p.top, 0);
  require_at_least(op, "padding.bottom", p.bottom, 0);
  require_at_least(op, "padding.left", p.left, 0);
  require_at_least(op, "padding.right", p.right, 0);
}

// Output positions along one axis; ShapeError when the (dilated) window does not fit.
int64_t output_size(const char* op, const Shape& x, const char* axis_name, int64_t size,
                    int64_t pad_before, int64_t pad_after, int64_t window, int64_t stride,
                    int64_t dilation) {
  const int64_t span = dilation * (window - 1) + 1;
  const int64_t room = size + pad_before + pad_after - span;
  if (room < 0) {
    throw ShapeError(
        fmt::format("{}: x is {}: the window spans {} pixels along {}, but the padded "
                    "input has {}",
                    op, x.to_string(), span, axis_name, size + pad_before + pad_after));
  }
  return room / stride + 1;
}

strata_conv2d_params conv_params(const ops::Conv2DOptions& o) {
  return strata_conv2d_params{sizeof(strata_conv2d_params),
                              o.stride_h,
                              o.stride_w,
                              o.padding.top,
                              o.padding.bottom,
                              o.padding.left,
                              o.padding.right,
                              o.dilation_h,
                              o.dilation_w,
                              o.groups};
}

// The options with strides resolved (0 means the window size).
ops::Pool2DOptions resolved(const ops::Pool2DOptions& o) {
  ops::Pool2DOptions r = o;
  if (r.stride_h == 0) r.stride_h = r.window_h;
  if (r.stride_w == 0) r.stride_w = r.window_w;
  return r;
}

strata_pool2d_params pool_params(const ops::Pool2DOptions& o) {
  return strata_pool2d_params{sizeof(strata_pool2d_params),
                              o.window_h,
                              o.window_w,
                              o.stride_h,
                              o.stride_w,
                              o.padding.top,
                              o.padding.bottom,
                              o.padding.left,
                              o.padding.right};
}

Shape conv_output_shape(const Tensor& x, const Tensor& w, const ops::Conv2DOptions& o) {
  const char* op = "conv2d";
  require_rank4(op, "x", x, "(N,H,W,C)");
  require_rank4(op, "kernel", w, "(KH,KW,C/groups,F)");
  require_at_least(op, "stride_h", o.stride_h, 1);
  require_at_least(op, "stride_w", o.stride_w, 1);
  require_at_least(op, "dilation_h", o.dilation_h, 1);
  require_at_least(op, "dilation_w", o.dilation_w, 1);
  require_at_least(op, "groups", o.groups, 1);
  check_padding(op, o.padding);
  const Shape& xs = x.shape();
  const Shape& ws = w.shape();
  const int64_t channels = xs[3], filters = ws[3];
  if (channels % o.groups != 0 || filters % o.groups != 0 || ws[2] * o.groups != channels) {
    throw ShapeError(
        fmt::format("conv2d: x is {}, kernel is {}, groups {}: the kernel takes {} "
                    "input channels per group, so x needs {} channels (and {} "
                    "filters must divide by the groups)",
                    xs.to_string(), ws.to_string(), o.groups, ws[2], ws[2] * o.groups, filters));
  }
  const int64_t oh = output_size(op, xs, "the height", xs[1], o.padding.top, o.padding.bottom,
                                 ws[0], o.stride_h, o.dilation_h);
  const int64_t ow = output_size(op, xs, "the width", xs[2], o.padding.left, o.padding.right, ws[1],
                                 o.stride_w, o.dilation_w);
  return Shape{xs[0], oh, ow, filters};
}

Shape pool_output_shape(const char* op, const Tensor& x, const ops::Pool2DOptions& o) {
  require_rank4(op, "x", x, "(N,H,W,C)");
  require_at_least(op, "window_h", o.window_h, 1);
  require_at_least(op, "window_w", o.window_w, 1);
  require_at_least(op, "stride_h", o.stride_h, 1);
  require_at_least(op, "stride_w", o.stride_w, 1);
  check_padding(op, o.padding);
  const Shape& xs = x.shape();
  const int64_t oh = output_size(op, xs, "the height", xs[1], o.padding.top, o.padding.bottom,
                                 o.window_h, o.stride_h, 1);
  const int64_t ow = output_size(op, xs, "the width", xs[2], o.padding.left, o.padding.right,
                                 o.window_w, o.stride_w, 1);
  return Shape{xs[0], oh, ow, xs[3]};
}

Tensor pool(strata_pool_op op, const char* name, const Tensor& x,
            const ops::Pool2DOptions& options) {
  ContextState& context = common_context(name, {&x});
  require_float(name, "x", x);
  const ops::Pool2DOptions o = resolved(options);
  Tensor y = detail::allocate_like(x, pool_output_shape(name, x, o), x.dtype());
  const strata_pool2d_params params = pool_params(o);
  launch(context, name, STRATA_OP_POOL2D, op, &params, {operand(x)}, {operand(y)});
  autodiff::record_pool2d(y, op, x, o);
  return y;
}

}  // namespace

namespace ops {

Padding2D same_padding(int64_t in_h, int64_t in_w, int32_t kernel_h, int32_t kernel_w,
                       int32_t stride_h, int32_t stride_w, int32_t dilation_h, int32_t dilation_w) {
  auto along = [](int64_t size, int64_t kernel, int64_t stride, int64_t dilation) {
    const int64_t out = (size + stride - 1) / stride;
    const int64_t span = dilation * (kernel - 1) + 1;
    const int64_t total = std::max<int64_t>((out - 1) * stride + span - size, 0);
    return std::pair<int32_t, int32_t>(static_cast<int32_t>(total / 2),
                                       static_cast<int32_t>(total - total / 2));
  };
  const auto [top, bottom] = along(in_h, kernel_h, stride_h, dilation_h);
  const auto [left, right] = along(in_w, kernel_w, stride_w, dilation_w);
  return Padding2D{top, bottom, left, right};
}

Tensor conv2d(const Tensor& x, const Tensor& kernel, const Conv2DOptions& options) {
  ContextState& context = common_context("conv2d", {&x, &kernel});
  require_float("conv2d", "x", x);
  require_same_dtype("conv2d", x, kernel);
  Tensor y = detail::allocate_like(x, conv_output_shape(x, kernel, options), x.dtype());
  const strata_conv2d_params params = conv_params(options);
  launch(context, "conv2d", STRATA_OP_CONV2D, 0, &params, {operand(x), operand(kernel)},
         {operand(y)});
  autodiff::record_conv2d(y, x, kernel, options);
  return y;
}

Tensor max_pool2d(const Tensor& x, const Pool2DOptions& options) {
  return pool(STRATA_POOL_MAX, "max_pool2d", x, options);
}

Tensor avg_pool2d(const Tensor& x, const Pool2DOptions& options) {
  return pool(STRATA_POOL_AVG, "avg_pool2d", x, options);
}

}  // namespace ops

namespace kernels {

Tensor conv2d_backward_data(const Tensor& dy, const Tensor& w, const Shape& x_shape,
                            const ops::Conv2DOptions& options) {
  Tensor dx = detail::allocate_like(dy, x_shape, dy.dtype());
  const strata_conv2d_params params = conv_params(options);
  launch(dy.impl()->context(), "conv2d_backward_data", STRATA_OP_CONV2D_BACKWARD_DATA, 0, &params,
         {operand(dy), operand(w)}, {operand(dx)});
  return dx;
}

Tensor conv2d_backward_filter(const Tensor& x, const Tensor& dy, const Shape& w_shape,
                              const ops::Conv2DOptions& options) {
  Tensor dw = detail::allocate_like(dy, w_shape, dy.dtype());
  const strata_conv2d_params params = conv_params(options);
  launch(dy.impl()->context(), "conv2d_backward_filter", STRATA_OP_CONV2D_BACKWARD_FILTER, 0,
         &params, {operand(x), operand(dy)}, {operand(dw)});
  return dw;
}

Tensor pool2d_backward(strata_pool_op op, const Tensor& dy, const Tensor& x,
                       const ops::Pool2DOptions& options) {
  Tensor dx = detail::allocate_like(x, x.shape(), x.dtype());
  const strata_pool2d_params params = pool_params(options);
  launch(x.impl()->context(), "pool2d_backward", STRATA_OP_POOL2D_BACKWARD, op, &params,
         {operand(dy), operand(x)}, {operand(dx)});
  return dx;
}

}  // namespace kernels
}  // namespace strata
