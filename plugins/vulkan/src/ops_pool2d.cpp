// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD on shaders/pool2d.comp: one item per output
// element; the backward op gathers into each dx element from the windows that contain it.
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

using strata::kit::PoolShape;

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
  strata_pool2d_params p{};
  PoolShape s{};
  throw_if_failed(strata::kit::check_pool2d_call(op.call, kOp, false, p, s));
  require_dtype(op.features, op.in(0).dtype, DtypeUse::kCompute, kOp);
  if (op.running()) run_pool(op, op.in(0), op.out(0), nullptr, s, p);
}

void op_pool2d_backward(const OpCall& op) {
  constexpr std::string_view kOp = "pool2d_backward";
  check_op(op, kOp, 2, 1);
  strata_pool2d_params p{};
  PoolShape s{};
  throw_if_failed(strata::kit::check_pool2d_call(op.call, kOp, true, p, s));
  require_dtype(op.features, op.in(1).dtype, DtypeUse::kCompute, kOp);
  if (op.running()) run_pool(op, op.in(1), op.in(0), &op.out(0), s, p);
}

}  // namespace strata_vk
