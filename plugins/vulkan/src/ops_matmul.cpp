// STRATA_OP_MATMUL: batched c = alpha a @ b + beta c with any strides, on the tiled
// shared-memory GEMM of shaders/matmul.comp (64x64 tiles of c per workgroup of 256), or for f16
// on a device with matrix units on shaders/matmul_coop.comp (128x128 tiles per workgroup).
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <string>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "matmul";

// The shader variant for c's dtype on this device, and the side of the square tile of c each
// of its workgroups computes.
struct Gemm {
  std::string shader;
  int64_t tile;
};

Gemm choose_gemm(const DeviceFeatures& features, strata_dtype dtype) {
  if (dtype == STRATA_F16 && features.coop_f16) return {"matmul_coop_f16", 128};
  return {fmt::format("matmul_{}", kind_token(dtype)), 64};
}

void check_matmul(const strata_tensor& a, const strata_tensor& b, const strata_tensor& c,
                  int64_t tile) {
  throw_if_failed(strata::kit::check_matmul(a, b, c));
  const int r = c.rank;
  if ((c.shape[r - 1] + tile - 1) / tile > kMaxGroups ||
      (c.shape[r - 2] + tile - 1) / tile > kMaxGroups) {
    unsupported("{}: c is {}: more than {} tiles of {} along a matrix axis", kOp, shape_text(c),
                kMaxGroups, tile);
  }
}

}  // namespace

void op_matmul(const OpCall& op) {
  check_op(op, kOp, 2, 1);
  const strata_tensor& a = op.in(0);
  const strata_tensor& b = op.in(1);
  const strata_tensor& c = op.out(0);
  const Gemm gemm = choose_gemm(op.features, c.dtype);
  check_matmul(a, b, c, gemm.tile);
  throw_if_failed(strata::kit::check_params_present(
      op.call, kOp, "matmul needs strata_matmul_params (alpha, beta)"));
  require_dtype(op.features, c.dtype, DtypeUse::kCompute, kOp);
  if (!op.running() || is_empty(c)) return;

  const auto params = read_params<strata_matmul_params>(op.call.params);
  const int r = c.rank;
  const int64_t m = c.shape[r - 2], n = c.shape[r - 1], k = a.shape[r - 1];
  Launch launch(*op.instance, gemm.shader, 256);
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
  launch.run_groups(static_cast<uint32_t>((n + gemm.tile - 1) / gemm.tile),
                    static_cast<uint32_t>((m + gemm.tile - 1) / gemm.tile),
                    std::min<uint32_t>(p.count, kMaxGroups));
}

}  // namespace strata_vk
