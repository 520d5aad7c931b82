// STRATA_OP_GATHER and STRATA_OP_SCATTER_ADD: rows of a table [N, d1, ...] picked by an index
// tensor of shape S, against a row tensor [S..., d1, ...] (the gathered output, or the
// updates that scatter-add accumulates).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "element_values.hpp"
#include "op_common.hpp"

namespace strata_ref {
namespace {

std::string index_text(int rank, const int64_t* index) {
  return fmt::format("[{}]", fmt::join(index, index + rank, ","));
}

// Every index must name a row of the table. All are checked before anything is written, so a
// bad call leaves the output untouched.
strata_error* check_index_values(std::string_view op, const strata_tensor& indices, int64_t n) {
  strata_error* err = nullptr;
  for_each_index(indices, [&](const int64_t* position) {
    if (err != nullptr) return;  // report the first bad index only
    const int64_t i = load_i(indices, position);
    if (i < 0 || i >= n) {
      err = invalid("{}: index {} at position {} of indices {} is outside [0, {})", op, i,
                    index_text(indices.rank, position), shape_text(indices), n);
    }
  });
  return err;
}

// Calls fn(row_index, table_index) for every element of the row tensor, with the table
// element it pairs with: [indices[s...], trailing...] for row element [s..., trailing...].
template <typename Fn>
void for_each_row_element(const strata_tensor& rows, const strata_tensor& indices, Fn&& fn) {
  const int s_rank = indices.rank;
  for_each_index(rows, [&](const int64_t* row_index) {
    int64_t table_index[STRATA_MAX_RANK];
    table_index[0] = load_i(indices, row_index);
    std::copy(row_index + s_rank, row_index + rows.rank, table_index + 1);
    fn(row_index, static_cast<const int64_t*>(table_index));
  });
}

// The shared validation of both ops; `rows` is the output of gather, the updates of scatter.
strata_error* check_gather_call(std::string_view op, const strata_tensor& table,
                                const strata_tensor& indices, const strata_tensor& rows,
                                std::string_view rows_role, Phase phase) {
  if (auto* err = make_error(strata::kit::check_gather_rows(op, table, indices, rows, rows_role))) {
    return err;
  }
  if (phase == Phase::kValidate) return nullptr;
  return check_index_values(op, indices, table.shape[0]);
}

// Accumulates every update in Acc (long double for floats, int128 for integers), then adds
// each touched table element's sum to it with one rounding (or one saturation) on store.
template <typename Acc>
void scatter_add(const strata_tensor& updates, const strata_tensor& indices,
                 const strata_tensor& table) {
  int64_t row_size = 1;
  for (int k = 1; k < table.rank; ++k) row_size *= table.shape[k];
  // Only touched rows get an accumulator, so memory follows the updates, not the table.
  std::map<int64_t, std::vector<Acc>> sums;
  int64_t position = 0;  // row-major order visits each row's trailing elements in turn
  for_each_row_element(updates, indices, [&](const int64_t* u, const int64_t* t) {
    std::vector<Acc>& row = sums.try_emplace(t[0], static_cast<size_t>(row_size)).first->second;
    row[static_cast<size_t>(position++ % row_size)] += load_as<Acc>(updates, u);
  });
  // Named pairs, not structured bindings: clang 14 (the fuzzing build) cannot capture those.
  for (const auto& entry : sums) {
    const int64_t row = entry.first;
    const std::vector<Acc>& values = entry.second;
    size_t j = 0;
    for_each_index(table.rank - 1, table.shape + 1, [&](const int64_t* tail) {
      int64_t t[STRATA_MAX_RANK];
      t[0] = row;
      std::copy(tail, tail + table.rank - 1, t + 1);
      store_as<Acc>(table, t, load_as<Acc>(table, t) + values[j++]);
    });
  }
}

}  // namespace

strata_error* op_gather(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "gather";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& table = *call.inputs[0];
  const strata_tensor& indices = *call.inputs[1];
  const strata_tensor& out = *call.outputs[0];
  if (auto* err = check_gather_call(kOp, table, indices, out, "out", phase)) return err;
  if (phase == Phase::kValidate) return nullptr;

  for_each_row_element(out, indices,
                       [&](const int64_t* o, const int64_t* t) { copy_element(table, t, out, o); });
  return nullptr;
}

strata_error* op_scatter_add(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "scatter_add";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& updates = *call.inputs[0];
  const strata_tensor& indices = *call.inputs[1];
  const strata_tensor& table = *call.outputs[0];
  if (auto* err = check_gather_call(kOp, table, indices, updates, "updates", phase)) return err;
  if (phase == Phase::kValidate) return nullptr;

  if (is_float(table.dtype)) {
    scatter_add<long double>(updates, indices, table);
  } else {
    scatter_add<WideInt>(updates, indices, table);
  }
  return nullptr;
}

}  // namespace strata_ref
