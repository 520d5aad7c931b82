// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD over the last axis: one workgroup per row
// (shaders/softmax.comp). Rows are the iteration space; the last axis is the second space.
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

void check_softmax(std::string_view op, const OpCall& call) {
  throw_if_failed(strata::kit::check_softmax_sub_op(op, call.call.sub_op));
  throw_if_failed(strata::kit::check_softmax_tensors(op, call.call));
  const strata_tensor& out = call.out(0);
  require_dtype(call.features, out.dtype, DtypeUse::kCompute, op);
}

// Forward: binding 1 x, 2 y. Backward: 1 y, 2 dx, 3 dy.
void run_softmax(const OpCall& op, bool backward) {
  const strata_tensor& out = op.out(0);
  if (is_empty(out)) return;
  const strata_tensor& x = op.in(backward ? 1 : 0);
  const int last = out.rank - 1;
  const bool subgroups = op.features.subgroup_shuffle;
  Launch launch(*op.instance,
                fmt::format("softmax_{}{}", kind_token(out.dtype), subgroups ? "_sg" : ""),
                row_workgroup(*op.instance), {backward ? 1u : 0u});
  launch.params().ip[0] = op.call.sub_op;
  launch.bind(1, x, false);
  launch.bind(2, out, true);
  if (backward) {
    const strata_tensor& dy = op.in(0);
    launch.bind(3, dy, false);
    launch.space(last, out.shape, {{1, x.strides}, {2, out.strides}, {3, dy.strides}});
    launch.space2(1, &out.shape[last],
                  {{1, &x.strides[last]}, {2, &out.strides[last]}, {3, &dy.strides[last]}});
  } else {
    launch.space(last, out.shape, {{1, x.strides}, {2, out.strides}});
    launch.space2(1, &out.shape[last], {{1, &x.strides[last]}, {2, &out.strides[last]}});
  }
  launch.run_groups(launch.params().count);
}

}  // namespace

void op_softmax(const OpCall& op) {
  constexpr std::string_view kOp = "softmax";
  check_op(op, kOp, 1, 1);
  check_softmax(kOp, op);
  if (op.running()) run_softmax(op, false);
}

void op_softmax_backward(const OpCall& op) {
  constexpr std::string_view kOp = "softmax_backward";
  check_op(op, kOp, 2, 1);
  check_softmax(kOp, op);
  if (op.running()) run_softmax(op, true);
}

}  // namespace strata_vk
