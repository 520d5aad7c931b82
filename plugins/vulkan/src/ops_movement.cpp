// STRATA_OP_FILL, STRATA_OP_COPY, STRATA_OP_CAST and STRATA_OP_WHERE. Fill, copy and where
// move raw bits (so they work for every dtype, f64 included); cast converts in the shader.
#include <fmt/format.h>

#include "dtypes.hpp"
#include "host_float.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {

void op_fill(const OpCall& op) {
  constexpr std::string_view kOp = "fill";
  check_op(op, kOp, 0, 1);
  if (op.call.params == nullptr) {
    invalid("{}: params are NULL; fill needs strata_fill_params (value)", kOp);
  }
  const strata_tensor& y = op.out(0);
  require_dtype(op.features, y.dtype, DtypeUse::kMove, kOp);
  if (!op.running() || is_empty(y)) return;
  const uint64_t bits = fill_bits(y.dtype, read_params<strata_fill_params>(op.call.params).value);
  Launch launch(*op.instance, fmt::format("fill_{}", raw_token(y.dtype)), 256);
  launch.params().ip[0] = static_cast<int32_t>(static_cast<uint32_t>(bits));
  launch.params().ip[1] = static_cast<int32_t>(static_cast<uint32_t>(bits >> 32));
  run_elementwise(launch, {{1, &y, true}});
}

void op_copy(const OpCall& op) {
  constexpr std::string_view kOp = "copy";
  check_op(op, kOp, 1, 1);
  const strata_tensor& x = op.in(0);
  const strata_tensor& y = op.out(0);
  if (x.dtype != y.dtype) {
    invalid("{}: in {}, out {}: dtypes differ (use cast to convert)", kOp, shape_text(x),
            shape_text(y));
  }
  check_same_shapes(op.call, kOp);
  require_dtype(op.features, y.dtype, DtypeUse::kMove, kOp);
  if (!op.running()) return;
  Launch launch(*op.instance, fmt::format("copy_{}", raw_token(y.dtype)), 256);
  run_elementwise(launch, {{1, &x, false}, {2, &y, true}});
}

void op_cast(const OpCall& op) {
  constexpr std::string_view kOp = "cast";
  check_op(op, kOp, 1, 1);
  check_same_shapes(op.call, kOp);
  const strata_tensor& x = op.in(0);
  const strata_tensor& y = op.out(0);
  if (x.dtype == y.dtype) return op_copy(op);
  require_dtype(op.features, x.dtype, DtypeUse::kCompute, kOp);
  require_dtype(op.features, y.dtype, DtypeUse::kCompute, kOp);
  if (!op.running()) return;
  Launch launch(*op.instance, fmt::format("cast_{}_{}", kind_token(x.dtype), kind_token(y.dtype)),
                256);
  run_elementwise(launch, {{1, &x, false}, {2, &y, true}});
}

void op_where(const OpCall& op) {
  constexpr std::string_view kOp = "where";
  check_op(op, kOp, 3, 1);
  const strata_tensor& cond = op.in(0);
  const strata_tensor& a = op.in(1);
  const strata_tensor& b = op.in(2);
  const strata_tensor& y = op.out(0);
  if (cond.dtype != STRATA_U8) {
    invalid("{}: cond is {}; it must be u8", kOp, shape_text(cond));
  }
  if (a.dtype != y.dtype || b.dtype != y.dtype) {
    invalid("{}: a {}, b {}, out {}: a, b and out need one dtype", kOp, shape_text(a),
            shape_text(b), shape_text(y));
  }
  check_same_shapes(op.call, kOp);
  require_dtype(op.features, STRATA_U8, DtypeUse::kMove, kOp);
  require_dtype(op.features, y.dtype, DtypeUse::kMove, kOp);
  if (!op.running()) return;
  Launch launch(*op.instance, fmt::format("where_{}", raw_token(y.dtype)), 256);
  run_elementwise(launch, {{1, &cond, false}, {2, &a, false}, {3, &b, false}, {4, &y, true}});
}

}  // namespace strata_vk
