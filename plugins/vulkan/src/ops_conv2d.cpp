// STRATA_OP_CONV2D and its two gradients on shaders/conv2d.comp: each element of the op's
// output (y, dx or dw) sums its own taps, so no two invocations write the same element. The
// filter gradient, which sums over the whole batch and image, gives each dw element a workgroup,
// or an invocation when there are many elements and few positions.
#include <fmt/format.h>

#include <algorithm>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"
#include "window.hpp"

namespace strata_vk {
namespace {

// Which role the op writes: y (forward), x (backward data) or w (backward filter); the value
// is the shader's MODE.
enum class Target { kY = 0, kX = 1, kW = 2 };
constexpr uint32_t kFilterByInvocations = 3;  // the filter gradient's other MODE

// A filter gradient whose weights each sum at most kFewPositions positions (loops well inside
// lavapipe's budget of 65535 iterations per invocation) gives each weight one invocation, on a
// CPU device always (barriers cost it dearly), on a GPU when there are enough weights to fill
// it. Otherwise each weight gets a workgroup.
constexpr int64_t kManyWeights = 4096;
constexpr int64_t kFewPositions = 32768;

bool filter_by_invocations(const strata_instance& instance, int64_t weights, int64_t positions) {
  const bool cpu = instance.device.physical().properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  return positions <= kFewPositions && (cpu || weights >= kManyWeights);
}

struct ConvTensors {
  const strata_tensor* x;
  const strata_tensor* w;
  const strata_tensor* y;
  const char* x_name;  // "x" or "dx", for messages
  const char* w_name;
  const char* y_name;
};

struct ConvShape {
  int64_t n, h, w, c, kh, kw, f, oh, ow;
};

void check_params(std::string_view op, const strata_conv2d_params& p) {
  if (p.stride_h < 1 || p.stride_w < 1 || p.dilation_h < 1 || p.dilation_w < 1 || p.groups < 1 ||
      p.pad_top < 0 || p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    invalid(
        "{}: stride ({}, {}), dilation ({}, {}), groups {} must be >= 1 and padding (top {}, "
        "bottom {}, left {}, right {}) >= 0",
        op, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.groups, p.pad_top, p.pad_bottom,
        p.pad_left, p.pad_right);
  }
}

ConvShape check_conv(std::string_view op, const ConvTensors& t, const strata_conv2d_params& p) {
  check_params(op, p);
  const strata_tensor &x = *t.x, &w = *t.w, &y = *t.y;
  if (!is_float(y.dtype)) {
    unsupported("{}: {} is {}: convolution takes float dtypes only", op, t.y_name, shape_text(y));
  }
  if (x.dtype != y.dtype || w.dtype != y.dtype) {
    invalid("{}: {} is {}, {} is {}, {} is {}: all three need one dtype", op, t.x_name,
            shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y));
  }
  if (x.rank != 4 || w.rank != 4 || y.rank != 4) {
    invalid("{}: {} is {}, {} is {}, {} is {}: need rank 4 (NHWC, HWIO, NHWC)", op, t.x_name,
            shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y));
  }
  ConvShape s{x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0],
              w.shape[1], w.shape[3], 0,          0};
  if (s.c % p.groups != 0 || s.f % p.groups != 0) {
    invalid("{}: {} is {}, {} is {}: groups {} must divide C = {} and F = {}", op, t.x_name,
            shape_text(x), t.w_name, shape_text(w), p.groups, s.c, s.f);
  }
  if (w.shape[2] != s.c / p.groups) {
    invalid("{}: {} is {}, {} is {}: the weight's third dimension must be C/groups = {}", op,
            t.x_name, shape_text(x), t.w_name, shape_text(w), s.c / p.groups);
  }
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, s.kh, p.dilation_h, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, s.kw, p.dilation_w, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    invalid(
        "{}: {} is {}, {} is {}: the dilated kernel does not fit the padded image (output "
        "size {}x{})",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.f};
  if (!std::equal(expected, expected + 4, y.shape)) {
    invalid("{}: {} is {}, {} is {}: {} is {} but stride, padding and dilation give [{},{},{},{}]",
            op, t.x_name, shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y), s.n,
            s.oh, s.ow, s.f);
  }
  return s;
}

void run_conv(const OpCall& op, std::string_view name, Target target) {
  check_op(op, name, 2, 1);
  const strata_tensor* in0 = op.call.inputs[0];
  const strata_tensor* in1 = op.call.inputs[1];
  const strata_tensor* out = op.call.outputs[0];
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
  if (op.call.params == nullptr) {
    invalid("{}: params are NULL; convolution needs strata_conv2d_params", name);
  }
  const auto p = read_params<strata_conv2d_params>(op.call.params);
  const ConvShape s = check_conv(name, t, p);
  require_dtype(op.features, out->dtype, DtypeUse::kCompute, name);
  if (!op.running() || is_empty(*out)) return;

  const bool by_invocations =
      target == Target::kW &&
      filter_by_invocations(*op.instance, element_count(*out), s.n * s.oh * s.ow);
  const bool per_workgroup = target == Target::kW && !by_invocations;
  const uint32_t mode = by_invocations ? kFilterByInvocations : static_cast<uint32_t>(target);
  Launch launch(*op.instance, fmt::format("conv2d_{}", kind_token(out->dtype)),
                per_workgroup ? row_workgroup(*op.instance) : 256, {mode});
  // The shader declares all three tensors writable (which one it writes depends on MODE, a
  // specialization constant), so the validation layer counts each as written, and so does the
  // stream's ordering: inputs too wait for earlier readers.
  launch.bind(1, *t.x, true);
  launch.bind(2, *t.w, true);
  launch.bind(3, *t.y, true);
  // Each tensor's own strides; the iteration space is the output's shape, axes kept as given.
  launch.space(4, out->shape, {{1, t.x->strides}, {2, t.w->strides}, {3, t.y->strides}}, false);
  const int64_t ints[] = {s.n,        s.h,          s.w,          s.c,        s.kh,       s.kw,
                          s.f,        s.oh,         s.ow,         p.stride_h, p.stride_w, p.pad_top,
                          p.pad_left, p.dilation_h, p.dilation_w, p.groups};
  for (size_t i = 0; i < std::size(ints); ++i) {
    launch.params().ip[i] = static_cast<int32_t>(ints[i]);
  }
  if (per_workgroup) {
    launch.run_groups(launch.params().count);
  } else {
    launch.run_items();
  }
}

}  // namespace

void op_conv2d(const OpCall& op) {
  run_conv(op, "conv2d", Target::kY);
}

void op_conv2d_backward_data(const OpCall& op) {
  run_conv(op, "conv2d_backward_data", Target::kX);
}

void op_conv2d_backward_filter(const OpCall& op) {
  run_conv(op, "conv2d_backward_filter", Target::kW);
}

}  // namespace strata_vk
