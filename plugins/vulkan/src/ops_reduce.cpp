// STRATA_OP_REDUCE: one workgroup per output element folds the reduced axes (shaders/
// reduce.comp). The kept axes are the iteration space, the reduced ones the second space.
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

// Rows longer than kLongRow are folded in chunks of kChunk by separate workgroups, then the
// partial states are folded (see shaders/reduce.comp). kStateBytes bounds a partial state.
constexpr int64_t kLongRow = int64_t{1} << 18;
constexpr int64_t kChunk = int64_t{1} << 16;
constexpr uint64_t kStateBytes = 24;

using strata::kit::reduces;

}  // namespace

void op_reduce(const OpCall& op) {
  const int32_t sub = op.call.sub_op;
  throw_if_failed(strata::kit::check_reduce_sub_op(sub));
  const std::string name = fmt::format("reduce {}", strata::kit::reduce_name(sub));
  check_op(op, name, 1, 1);
  uint32_t mask = 0;
  throw_if_failed(strata::kit::check_reduce_call(op.call, name, mask));
  const strata_tensor& in = op.in(0);
  const strata_tensor& out = op.out(0);
  require_dtype(op.features, in.dtype, DtypeUse::kCompute, name);
  // Integer variants fold in 64-bit integers (exact 128-bit sums), whatever the sub-code.
  require_int64_for_integer_sums(op.features, in.dtype, name);
  if (!op.running() || is_empty(out)) return;

  int64_t kept_in[STRATA_MAX_RANK] = {}, box_shape[STRATA_MAX_RANK] = {},
          box_strides[STRATA_MAX_RANK] = {};
  int box_rank = 0;
  for (int k = 0; k < in.rank; ++k) {
    if (reduces(mask, k)) {
      box_shape[box_rank] = in.shape[k];
      box_strides[box_rank++] = in.strides[k];
    } else {
      kept_in[k] = in.strides[k];
    }
  }
  int64_t inner = 1;
  for (int k = 0; k < box_rank; ++k) inner *= box_shape[k];
  const int64_t chunks = inner > kLongRow ? (inner + kChunk - 1) / kChunk : 1;
  const std::string shader =
      fmt::format("reduce_{}{}", kind_token(in.dtype), op.features.subgroup_shuffle ? "_sg" : "");
  const uint32_t out_binding = strata::kit::is_arg_reduce(sub) ? 3 : 2;
  // Every phase gets the same parameters; they differ in what a work item is.
  auto phase = [&](uint32_t number) {
    Launch launch(*op.instance, shader, row_workgroup(*op.instance), {number});
    ShaderParams& p = launch.params();
    p.ip[0] = sub;
    p.ip[1] = out.dtype == STRATA_I64 ? 2 : 1;
    p.ip[2] = static_cast<int32_t>(chunks);
    p.ip[3] = static_cast<int32_t>(kChunk);
    launch.bind(1, in, false);
    launch.bind(out_binding, out, true);
    launch.space(out.rank, out.shape, {{1, kept_in}, {out_binding, out.strides}});
    launch.space2(box_rank, box_shape, {{1, box_strides}});
    return launch;
  };
  if (chunks == 1) {
    Launch whole = phase(0);
    whole.run_groups(whole.params().count);
    return;
  }
  strata_instance& instance = *op.instance;
  const uint64_t partial_bytes = kStateBytes * static_cast<uint64_t>(element_count(out) * chunks);
  const Allocation partials = instance.device_pool.allocate(partial_bytes);
  Launch split = phase(1);
  split.bind(4, partials, partial_bytes, true);
  split.params().count = static_cast<uint32_t>(element_count(out) * chunks);
  split.run_groups(split.params().count);
  Launch finish = phase(2);
  finish.bind(4, partials, partial_bytes, false);
  finish.run_groups(finish.params().count);
  instance.stream.release(partials, instance.device_pool);
}

}  // namespace strata_vk
