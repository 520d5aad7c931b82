// STRATA_OP_MATMUL: batched c = alpha a @ b + beta c with any strides, on the tiled
// shared-memory GEMM of shaders/matmul.comp (64x64 tiles of c per workgroup of 256).
#include <fmt/format.h>

#include <algorithm>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "matmul";
constexpr int64_t kTile = 64;

void check_matmul(const strata_tensor& a, const strata_tensor& b, const strata_tensor& c) {
  if (!is_float(c.dtype)) {
    unsupported("{}: c is {}: matmul takes float dtypes only", kOp, shape_text(c));
  }
  if (a.dtype != c.dtype || b.dtype != c.dtype) {
    invalid("{}: a is {}, b is {}, c is {}: all three need one dtype", kOp, shape_text(a),
            shape_text(b), shape_text(c));
  }
  const int r = c.rank;
  if (r < 2 || a.rank != r || b.rank != r) {
    invalid("{}: a is {}, b is {}, c is {}: all three need the same rank, 2..{}", kOp,
            shape_text(a), shape_text(b), shape_text(c), STRATA_MAX_RANK);
  }
  if (!std::equal(a.shape, a.shape + r - 2, c.shape) ||
      !std::equal(b.shape, b.shape + r - 2, c.shape)) {
    invalid("{}: a is {}, b is {}, c is {}: batch (leading) dimensions differ", kOp, shape_text(a),
            shape_text(b), shape_text(c));
  }
  if (a.shape[r - 1] != b.shape[r - 2]) {
    invalid("{}: a is {}, b is {}: inner dimensions {} and {} differ", kOp, shape_text(a),
            shape_text(b), a.shape[r - 1], b.shape[r - 2]);
  }
  if (c.shape[r - 2] != a.shape[r - 2] || c.shape[r - 1] != b.shape[r - 1]) {
    invalid("{}: a is {}, b is {}, c is {}: c must be [..., {}, {}]", kOp, shape_text(a),
            shape_text(b), shape_text(c), a.shape[r - 2], b.shape[r - 1]);
  }
  if ((c.shape[r - 1] + kTile - 1) / kTile > kMaxGroups ||
      (c.shape[r - 2] + kTile - 1) / kTile > kMaxGroups) {
    unsupported("{}: c is {}: more than {} tiles of {} along a matrix axis", kOp, shape_text(c),
                kMaxGroups, kTile);
  }
}

}  // namespace

void op_matmul(const OpCall& op) {
  check_op(op, kOp, 2, 1);
  const strata_tensor& a = op.in(0);
  const strata_tensor& b = op.in(1);
  const strata_tensor& c = op.out(0);
  check_matmul(a, b, c);
  if (op.call.params == nullptr) {
    invalid("{}: params are NULL; matmul needs strata_matmul_params (alpha, beta)", kOp);
  }
  require_dtype(op.features, c.dtype, DtypeUse::kCompute, kOp);
  if (!op.running() || is_empty(c)) return;

  const auto params = read_params<strata_matmul_params>(op.call.params);
  const int r = c.rank;
  const int64_t m = c.shape[r - 2], n = c.shape[r - 1], k = a.shape[r - 1];
  Launch launch(*op.instance, fmt::format("matmul_{}", kind_token(c.dtype)), 256);
  launch.bind(1, a, false);
  launch.bind(2, b, false);
  launch.bind(3, c, true);
  launch.space(r - 2, c.shape, {{1, a.strides}, {2, b.strides}, {3, c.strides}});
  ShaderParams& p = launch.params();
  const int64_t ints[] = {m,
                          n,
                          k,
                          a.strides[r - 2],
                          a.strides[r - 1],
                          b.strides[r - 2],
                          b.strides[r - 1],
                          c.strides[r - 2],
                          c.strides[r - 1]};
  for (size_t i = 0; i < std::size(ints); ++i) p.ip[i] = static_cast<int32_t>(ints[i]);
  p.fp[0] = static_cast<float>(params.alpha);
  p.fp[1] = static_cast<float>(params.beta);
  launch.run_groups(static_cast<uint32_t>((n + kTile - 1) / kTile),
                    static_cast<uint32_t>((m + kTile - 1) / kTile),
                    std::min<uint32_t>(p.count, kMaxGroups));
}

}  // namespace strata_vk
