// STRATA_OP_GATHER and STRATA_OP_SCATTER_ADD: rows of a table [N, d1, ...] picked by an index
// tensor of shape S, against a row tensor [S..., d1, ...]. Index values live on the device, so
// the shaders check them and a bad one is reported at the next synchronize (see index.glsl).
//
// Scatter-add runs in two passes without atomics on the values: pass 1 chains every index
// position into a per-row list (heads[N], next[S] in scratch memory), pass 2 sums each row's
// list once per table element and adds the sum with one rounding (or exact integer sum and
// one saturation), as the reference does.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include <strata/kit/op_checks.hpp>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

IndexCheck index_check(std::string_view op, const strata_tensor& table,
                       const strata_tensor& indices) {
  return {std::string(op), shape_text(indices),
          std::vector<int64_t>(indices.shape, indices.shape + indices.rank), table.shape[0]};
}

using Strides = std::array<int64_t, STRATA_MAX_RANK>;

// `count` strides placed from axis `first` of an iteration space, zero on every other axis: a
// tensor walking a space with more axes than it varies along.
Strides placed(const int64_t* strides, int count, int first) {
  Strides out{};
  std::copy(strides, strides + count, out.begin() + first);
  return out;
}

std::string index_token(const strata_tensor& indices) {
  return indices.dtype == STRATA_I32 ? "i32" : "i64";
}

}  // namespace

void op_gather(const OpCall& op) {
  constexpr std::string_view kOp = "gather";
  check_op(op, kOp, 2, 1);
  const strata_tensor& table = op.in(0);
  const strata_tensor& indices = op.in(1);
  const strata_tensor& out = op.out(0);
  throw_if_failed(strata::kit::check_gather_rows(kOp, table, indices, out, "out"));
  require_dtype(op.features, table.dtype, DtypeUse::kMove, kOp);
  if (!op.running() || is_empty(out)) return;

  // The table walks out's shape with stride 0 along S; the indices with stride 0 after it.
  const int s_rank = indices.rank;
  const Strides table_along_out = placed(table.strides + 1, table.rank - 1, s_rank);
  const Strides indices_along_out = placed(indices.strides, s_rank, 0);
  int64_t row_elements = 1;
  for (int k = 1; k < table.rank; ++k) row_elements *= table.shape[k];

  Launch launch(*op.instance,
                fmt::format("gather_{}_{}", raw_token(table.dtype), index_token(indices)), 256);
  launch.bind(1, table, false);
  launch.bind(2, indices, false);
  launch.bind(3, out, true);
  launch.space(out.rank, out.shape,
               {{1, table_along_out.data()}, {2, indices_along_out.data()}, {3, out.strides}});
  ShaderParams& p = launch.params();
  p.ip[0] = static_cast<int32_t>(table.strides[0]);
  p.ip[1] = static_cast<int32_t>(std::min<int64_t>(table.shape[0], INT32_MAX));
  p.ip[3] = static_cast<int32_t>(row_elements);
  const IndexCheck check = index_check(kOp, table, indices);
  launch.run_items(&check);
}

void op_scatter_add(const OpCall& op) {
  constexpr std::string_view kOp = "scatter_add";
  check_op(op, kOp, 2, 1);
  const strata_tensor& updates = op.in(0);
  const strata_tensor& indices = op.in(1);
  const strata_tensor& table = op.out(0);
  throw_if_failed(strata::kit::check_gather_rows(kOp, table, indices, updates, "updates"));
  require_dtype(op.features, table.dtype, DtypeUse::kCompute, kOp);
  require_int64_for_integer_sums(op.features, table.dtype, kOp);
  if (!op.running() || is_empty(indices)) return;

  strata_instance& instance = *op.instance;
  const int64_t rows = table.shape[0];
  const int64_t positions = element_count(indices);
  const Allocation heads = instance.device_pool.allocate(4 * static_cast<uint64_t>(rows));
  const Allocation next = instance.device_pool.allocate(4 * static_cast<uint64_t>(positions));
  instance.stream.fill(heads.buffer(), heads.offset, 4 * static_cast<uint64_t>(rows), ~0u);

  Launch link(instance, fmt::format("scatter_link_{}", index_token(indices)), 256);
  link.bind(2, indices, false);
  link.bind(3, heads, 4 * static_cast<uint64_t>(rows), true);
  link.bind(4, next, 4 * static_cast<uint64_t>(positions), true);
  link.space(indices.rank, indices.shape, {{2, indices.strides}});
  link.params().ip[1] = static_cast<int32_t>(std::min<int64_t>(rows, INT32_MAX));
  const IndexCheck check = index_check(kOp, table, indices);
  link.run_items(&check);

  if (!is_empty(table) && !is_empty(updates)) {
    // Table elements walk the table's own axes (axis 0 is the row); the updates add their
    // trailing strides along them and their S strides along the index space.
    const int s_rank = indices.rank;
    const Strides updates_along_table = placed(updates.strides + s_rank, updates.rank - s_rank, 1);
    Launch sum(instance, fmt::format("scatter_add_{}", kind_token(table.dtype)), 256);
    sum.bind(1, updates, false);
    sum.bind(3, heads, 4 * static_cast<uint64_t>(rows), false);
    sum.bind(4, next, 4 * static_cast<uint64_t>(positions), false);
    sum.bind(5, table, true);
    sum.space(table.rank, table.shape, {{1, updates_along_table.data()}, {5, table.strides}},
              false);
    sum.space2(indices.rank, indices.shape, {{1, updates.strides}});
    sum.run_items();
  }
  instance.stream.release(heads, instance.device_pool);
  instance.stream.release(next, instance.device_pool);
}

}  // namespace strata_vk
