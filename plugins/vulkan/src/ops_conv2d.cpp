// STRATA_OP_CONV2D and its two gradients on shaders/conv2d.comp: each element of the op's
// output (y, dx or dw) sums its own taps, so no two invocations write the same element. The
// filter gradient, which sums over the whole batch and image, gives each dw element a workgroup,
// or an invocation when there are many elements and few positions.
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

using strata::kit::ConvShape;
using strata::kit::ConvTensors;
using Target = strata::kit::ConvTarget;
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

void run_conv(const OpCall& op, std::string_view name, Target target) {
  check_op(op, name, 2, 1);
  ConvTensors t{};
  strata_conv2d_params p{};
  ConvShape s{};
  throw_if_failed(strata::kit::check_conv2d_call(op.call, name, target, t, p, s));
  const strata_tensor* out = op.call.outputs[0];
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
