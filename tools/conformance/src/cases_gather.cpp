// Cases of gather and scatter_add: rows of a table [N, ...] picked by an index tensor of shape
// S, against a row tensor [S..., ...]. Both index dtypes, repeated indices, rank-0 and empty
// index tensors, one-row and rank-1 tables, non-contiguous tables, indices and rows.
#include <fmt/format.h>

#include "cases.hpp"
#include "dtype.hpp"
#include "grad_case.hpp"

namespace strata::conformance {
namespace {

struct Geometry {
  std::string label;
  std::vector<int64_t> table;    // [N, d1, ...]
  std::vector<int64_t> indices;  // S
  int64_t max_index = -1;        // indices drawn from [0, max_index]; -1: [0, N)
  Layout table_layout = Layout::kDense;
  Layout indices_layout = Layout::kDense;
  Layout rows_layout = Layout::kDense;
  uint32_t rows_broadcast = 0;
};

const std::vector<Geometry>& geometries() {
  static const std::vector<Geometry> list = {
      {"odd sizes", {10, 3}, {7}},
      {"rank-2 indices", {6, 2, 3}, {4, 5}},
      {"many repeated indices", {3, 4}, {12}, 1},
      {"rank-0 index", {5, 4}, {}},
      {"no indices", {5, 4}, {0}},
      {"one-row table", {1, 4}, {6}},
      {"rank-1 table", {9}, {4, 3}},
      {"sliced table, stepped indices", {8, 5}, {9}, -1, Layout::kPadded, Layout::kStepped},
      {"transposed table, padded rows",
       {7, 6},
       {5},
       -1,
       Layout::kTransposed,
       Layout::kDense,
       Layout::kPadded},
      {"offset indices", {6, 5}, {6}, -1, Layout::kDense, Layout::kOffset},
      // Scatter-add only: gather's rows are its output, which is never broadcast.
      {"broadcast updates (stride 0)",
       {6, 5},
       {6},
       -1,
       Layout::kDense,
       Layout::kDense,
       Layout::kDense,
       0b01},
  };
  return list;
}

std::vector<int64_t> rows_shape(const Geometry& g) {
  std::vector<int64_t> shape = g.indices;
  shape.insert(shape.end(), g.table.begin() + 1, g.table.end());
  return shape;
}

TensorSpec indices_tensor(const Geometry& g, strata_dtype index_dtype) {
  const int64_t top = g.max_index >= 0 ? g.max_index : g.table[0] - 1;
  return make_tensor("indices", index_dtype, g.indices, Domain::grid(0, static_cast<double>(top)),
                     g.indices_layout);
}

// Scatter-add sums repeated rows: small integers keep integer sums clear of saturation except
// in u8, where saturating at 255 is part of the contract.
Domain scatter_domain(strata_dtype dtype) {
  return is_float(dtype) ? Domain::uniform(-2, 2) : Domain::grid(0, 100);
}

Case gather_case(const OpInfo& op, strata_dtype dtype, strata_dtype index_dtype,
                 const Geometry& g) {
  const TensorSpec table =
      make_tensor("table", dtype, g.table, typical_domain(dtype), g.table_layout);
  TensorSpec out = make_tensor("out", dtype, rows_shape(g), Domain::none(), g.rows_layout);
  Case c = make_case(op, dtype, g.label, Tolerance::kExact, {},
                     {table, indices_tensor(g, index_dtype)}, {std::move(out)});
  c.dtype_label = fmt::format("{}/{}", dtype_name(dtype), dtype_name(index_dtype));
  return c;
}

Case scatter_case(const OpInfo& op, strata_dtype dtype, strata_dtype index_dtype,
                  const Geometry& g) {
  const Domain values = scatter_domain(dtype);
  TensorSpec updates =
      g.rows_broadcast != 0
          ? make_broadcast("updates", dtype, rows_shape(g), g.rows_broadcast, values)
          : make_tensor("updates", dtype, rows_shape(g), values, g.rows_layout);
  TensorSpec table = make_tensor("table", dtype, g.table, values, g.table_layout);
  const Tolerance tolerance = is_float(dtype) ? Tolerance::kAccumulating : Tolerance::kExact;
  Case c = make_case(op, dtype, g.label, tolerance, {},
                     {std::move(updates), indices_tensor(g, index_dtype)}, {std::move(table)});
  c.dtype_label = fmt::format("{}/{}", dtype_name(dtype), dtype_name(index_dtype));
  return c;
}

Case make(const OpInfo& op, strata_dtype dtype, strata_dtype index_dtype, const Geometry& g) {
  return op.op == STRATA_OP_GATHER ? gather_case(op, dtype, index_dtype, g)
                                   : scatter_case(op, dtype, index_dtype, g);
}

}  // namespace

std::vector<Case> gather_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (strata_dtype index_dtype : {STRATA_I32, STRATA_I64}) {
    for (const Geometry& g : geometries()) {
      if (g.rows_broadcast != 0 && op.op == STRATA_OP_GATHER) continue;
      cases.push_back(make(op, dtype, index_dtype, g));
    }
  }
  return cases;
}

Case gather_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  const Geometry g = op.op == STRATA_OP_GATHER ? Geometry{"large", {1024, 1024}, {1024}}
                                               : Geometry{"large", {64, 1024}, {1024}};
  return make(op, dtype, STRATA_I64, g);
}

// scatter_add is gather's gradient with respect to the table: scattering dy into a zeroed
// table must match finite differences of gather.
std::vector<GradCase> scatter_grad_cases(const OpInfo& backward_op, strata_dtype dtype) {
  using Kind = GradSource::Kind;
  std::vector<GradCase> cases;
  for (const Geometry& g : {Geometry{"repeated indices", {5, 3}, {8}, 2},
                            Geometry{"rank-2 indices", {4, 2, 3}, {3, 2}}}) {
    GradCase c;
    c.forward = gather_case(find_op(STRATA_OP_GATHER), dtype, STRATA_I64, g);
    c.wrt = 0;
    c.backward = scatter_case(backward_op, dtype, STRATA_I64, g);
    c.backward.outputs[0].domain = Domain::constant(0);
    c.sources = {{Kind::kDy}, {Kind::kForwardInput, 1}};
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace strata::conformance
