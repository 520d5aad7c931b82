// STRATA_OP_GATHER and STRATA_OP_SCATTER_ADD: rows of a table [N, d1, ...] picked by an index
// tensor of shape S, against a row tensor [S..., d1, ...]. Gather copies bits (any dtype);
// scatter-add sums each table row's updates in a wide accumulator (double for f32, int128 for
// integers) and adds them to the row with one rounding or one saturation, as the reference
// does, so repeated indices give the same answer.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <limits>
#include <vector>

#include "dtype_dispatch.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

// Row elements per task below which gathering stays on one thread.
constexpr int64_t kGrain = 1 << 15;

// One position of S: its index value and the offset (in elements) of its row in the row
// tensor.
struct Position {
  int64_t index;
  int64_t row_offset;
};

template <typename I>
std::vector<Position> read_positions(const strata_tensor& indices, const strata_tensor& rows) {
  std::vector<Position> positions;
  positions.reserve(static_cast<size_t>(element_count(indices)));
  // S's axes of the row tensor share the index tensor's shape.
  strata_tensor s_rows = rows;
  s_rows.rank = indices.rank;
  const Layout<2> layout = make_layout<2>(indices.rank, indices.shape, {&indices, &s_rows});
  const I* values = data_ptr<const I>(indices);
  for_each_run(layout, 0, layout.count, [&](const int64_t* o, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      positions.push_back({static_cast<int64_t>(values[o[0] + i * layout.inner_stride(0)]),
                           o[1] + i * layout.inner_stride(1)});
    }
  });
  return positions;
}

// Every index must name a row; the first bad one (row-major) is reported with its position,
// before anything is written.
strata_error* check_positions(std::string_view op, const strata_tensor& indices,
                              const std::vector<Position>& positions, int64_t n) {
  for (size_t p = 0; p < positions.size(); ++p) {
    const int64_t i = positions[p].index;
    if (i >= 0 && i < n) continue;
    int64_t index[STRATA_MAX_RANK] = {};
    int64_t rest = static_cast<int64_t>(p);
    for (int k = indices.rank - 1; k >= 0; --k) {
      index[k] = rest % indices.shape[k];
      rest /= indices.shape[k];
    }
    return invalid("{}: index {} at position [{}] of indices {} is outside [0, {})", op, i,
                   fmt::join(index, index + indices.rank, ","), shape_text(indices), n);
  }
  return nullptr;
}

std::vector<Position> positions_of(const strata_tensor& indices, const strata_tensor& rows) {
  return indices.dtype == STRATA_I32 ? read_positions<int32_t>(indices, rows)
                                     : read_positions<int64_t>(indices, rows);
}

// The trailing dimensions d1, ... walked in step in the table (tensor 0) and the rows (1).
Layout<2> row_layout(const strata_tensor& table, const strata_tensor& rows, int s_rank) {
  strata_tensor tail_table = table, tail_rows = rows;
  tail_table.rank = tail_rows.rank = table.rank - 1;
  std::copy(table.shape + 1, table.shape + table.rank, tail_table.shape);
  std::copy(table.strides + 1, table.strides + table.rank, tail_table.strides);
  std::copy(rows.strides + s_rank, rows.strides + rows.rank, tail_rows.strides);
  return make_layout<2>({&tail_table, &tail_rows});
}

template <typename T>
void gather_rows(ExecContext& ctx, const strata_tensor& table, const strata_tensor& out,
                 const std::vector<Position>& positions, const Layout<2>& row) {
  const T* src = data_ptr<const T>(table);
  T* dst = data_ptr<T>(out);
  const int64_t table_stride = table.strides[0];
  const bool contiguous = row.rank == 1 && row.inner_stride(0) == 1 && row.inner_stride(1) == 1;
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(row.count, 1));
  parallel_ranges(ctx, static_cast<int64_t>(positions.size()), grain,
                  [&](int64_t begin, int64_t end, int) {
                    for (int64_t p = begin; p < end; ++p) {
                      const T* from = src + positions[p].index * table_stride;
                      T* to = dst + positions[p].row_offset;
                      if (contiguous) {
                        std::copy(from, from + row.count, to);
                        continue;
                      }
                      for_each_run(row, 0, row.count, [&](const int64_t* o, int64_t n) {
                        for (int64_t i = 0; i < n; ++i) {
                          to[o[1] + i * row.inner_stride(1)] = from[o[0] + i * row.inner_stride(0)];
                        }
                      });
                    }
                  });
}

// The wide accumulator of T and the saturating (or rounding) store back into T.
template <typename T>
using Wide = std::conditional_t<std::is_floating_point_v<T>, double, __int128>;

template <typename T>
T narrow(Wide<T> value) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(value);
  } else {
    const Wide<T> lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
    return static_cast<T>(std::clamp(value, lo, hi));
  }
}

template <typename T>
void scatter_add_rows(ExecContext& ctx, const strata_tensor& updates, const strata_tensor& table,
                      std::vector<Position> positions, const Layout<2>& row) {
  // Group the positions by table row, keeping their order within a row.
  std::stable_sort(positions.begin(), positions.end(),
                   [](const Position& a, const Position& b) { return a.index < b.index; });
  std::vector<int64_t> group_starts;
  for (size_t p = 0; p < positions.size(); ++p) {
    if (p == 0 || positions[p].index != positions[p - 1].index) {
      group_starts.push_back(static_cast<int64_t>(p));
    }
  }
  group_starts.push_back(static_cast<int64_t>(positions.size()));
  const T* src = data_ptr<const T>(updates);
  T* dst = data_ptr<T>(table);
  const int64_t groups = static_cast<int64_t>(group_starts.size()) - 1;
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(row.count, 1));
  parallel_ranges(ctx, groups, grain, [&](int64_t begin, int64_t end, int worker) {
    Wide<T>* sums =
        ctx.scratch[worker].get<Wide<T>>(ScratchSlot::kRow, static_cast<size_t>(row.count));
    for (int64_t g = begin; g < end; ++g) {
      std::fill(sums, sums + row.count, Wide<T>{0});
      for (int64_t p = group_starts[g]; p < group_starts[g + 1]; ++p) {
        const T* from = src + positions[p].row_offset;
        int64_t j = 0;
        for_each_run(row, 0, row.count, [&](const int64_t* o, int64_t n) {
          for (int64_t i = 0; i < n; ++i) sums[j++] += from[o[1] + i * row.inner_stride(1)];
        });
      }
      T* to = dst + positions[group_starts[g]].index * table.strides[0];
      int64_t j = 0;
      for_each_run(row, 0, row.count, [&](const int64_t* o, int64_t n) {
        for (int64_t i = 0; i < n; ++i, ++j) {
          T& element = to[o[0] + i * row.inner_stride(0)];
          element = narrow<T>(static_cast<Wide<T>>(element) + sums[j]);
        }
      });
    }
  });
}

bool scatter_dtype(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_I32 || dtype == STRATA_I64 || dtype == STRATA_U8;
}

}  // namespace

strata_error* op_gather(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "gather";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& table = *call.inputs[0];
  const strata_tensor& indices = *call.inputs[1];
  const strata_tensor& out = *call.outputs[0];
  if (auto* err = make_error(strata::kit::check_gather_rows(kOp, table, indices, out, "out"))) {
    return err;
  }
  if (phase == Phase::kValidate) return nullptr;

  const std::vector<Position> positions = positions_of(indices, out);
  if (auto* err = check_positions(kOp, indices, positions, table.shape[0])) return err;
  const Layout<2> row = row_layout(table, out, indices.rank);
  visit_bits(dtype_size(table.dtype),
             [&](auto tag) { gather_rows<decltype(tag)>(ctx, table, out, positions, row); });
  return nullptr;
}

strata_error* op_scatter_add(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "scatter_add";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& updates = *call.inputs[0];
  const strata_tensor& indices = *call.inputs[1];
  const strata_tensor& table = *call.outputs[0];
  if (auto* err =
          make_error(strata::kit::check_gather_rows(kOp, table, indices, updates, "updates"))) {
    return err;
  }
  if (!scatter_dtype(table.dtype)) return dtype_unsupported(kOp, table, "f32, i32, i64 and u8");
  if (phase == Phase::kValidate) return nullptr;

  std::vector<Position> positions = positions_of(indices, updates);
  if (auto* err = check_positions(kOp, indices, positions, table.shape[0])) return err;
  const Layout<2> row = row_layout(table, updates, indices.rank);
  visit_dtype(table.dtype, [&](auto tag) {
    scatter_add_rows<decltype(tag)>(ctx, updates, table, std::move(positions), row);
  });
  return nullptr;
}

}  // namespace strata_avx
