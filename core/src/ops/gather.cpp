// Indexing: take along an axis (gather rows of a view with that axis first), one_hot, and the
// scatter-add kernel of take's gradient.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "../tensor/context_state.hpp"
#include "../tensor/factories.hpp"
#include "kernels.hpp"
#include "op_support.hpp"

namespace strata {
namespace {

using namespace ops_detail;

void require_indices(const char* op, const Tensor& indices) {
  if (indices.dtype() == DType::int32 || indices.dtype() == DType::int64) return;
  throw DTypeError(fmt::format("{}: indices are {}; they must be int32 or int64", op,
                               dtype_name(indices.dtype())));
}

// table[indices[s...], ...] for a table gathered along axis 0.
Tensor gather_rows(const Tensor& table, const Tensor& indices) {
  Shape shape = indices.shape();
  for (int k = 1; k < table.rank(); ++k) shape.push_back(table.shape()[k]);
  Tensor out = detail::allocate_like(table, shape, table.dtype());
  launch(table.impl()->context(), "take", STRATA_OP_GATHER, 0, nullptr,
         {operand(table), operand(indices)}, {operand(out)});
  autodiff::record_gather(out, table, indices);
  return out;
}

// `axis` first, the others in order.
Axes axis_first(int axis, int rank) {
  Axes perm{axis};
  for (int k = 0; k < rank; ++k) {
    if (k != axis) perm.push_back(k);
  }
  return perm;
}

// Gathered [S..., rest...] back to x's order: rest[:axis], S..., rest[axis:].
Axes indices_at(int axis, int index_rank, int rest_rank) {
  Axes perm;
  for (int k = 0; k < axis; ++k) perm.push_back(index_rank + k);
  for (int k = 0; k < index_rank; ++k) perm.push_back(k);
  for (int k = axis; k < rest_rank; ++k) perm.push_back(index_rank + k);
  return perm;
}

}  // namespace

namespace ops {

Tensor take(const Tensor& x, const Tensor& indices, int axis) {
  common_context("take", {&x, &indices});
  require_indices("take", indices);
  if (x.rank() == 0) {
    throw ShapeError("take: x is a scalar (); it needs an axis to take along");
  }
  const int k = normalize_axis(axis, x.rank(), "take");
  const int rank = x.rank() - 1 + indices.rank();
  if (rank > kMaxRank) {
    throw ShapeError(
        fmt::format("take: x is {}, indices are {}: the result would have rank {}, "
                    "above {}",
                    x.shape().to_string(), indices.shape().to_string(), rank, kMaxRank));
  }
  if (k == 0) return gather_rows(x, indices);
  const Tensor rows = gather_rows(transpose(x, axis_first(k, x.rank())), indices);
  return transpose(rows, indices_at(k, indices.rank(), x.rank() - 1));
}

Tensor one_hot(const Tensor& indices, int64_t depth, std::optional<DType> dtype) {
  ContextState& context = common_context("one_hot", {&indices});
  require_indices("one_hot", indices);
  if (depth < 0) throw ValueError(fmt::format("one_hot: depth {} is negative", depth));
  const Tensor classes =
      detail::arange(context.shared_from_this(), 0, static_cast<double>(depth), 1, indices.dtype());
  const Tensor hits = equal(expand_dims(indices, -1), classes);
  return cast(hits, dtype.value_or(context.floatx));
}

}  // namespace ops

namespace kernels {

void scatter_add_into(const Tensor& updates, const Tensor& indices, const Tensor& table) {
  launch(table.impl()->context(), "scatter_add", STRATA_OP_SCATTER_ADD, 0, nullptr,
         {operand(updates), operand(indices)}, {operand(table)});
}

}  // namespace kernels
}  // namespace strata
