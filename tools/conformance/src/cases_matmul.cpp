// Cases of matmul: transposes as strides on either operand, alpha and beta (beta 0 leaves c
// unread: c starts as NaN sentinels), M, N or K of 0 or 1, batches (one broadcast by stride 0),
// ranks 2 to 4, long K, non-contiguous and offset operands.
#include "cases.hpp"

namespace strata::conformance {
namespace {

struct Geometry {
  std::string label;
  std::vector<int64_t> a;  // [..., M, K]
  std::vector<int64_t> b;  // [..., K, N]
  double alpha = 1;
  double beta = 0;
  Layout a_layout = Layout::kDense;
  Layout b_layout = Layout::kDense;
  Layout c_layout = Layout::kDense;
  uint32_t b_broadcast = 0;
};

const std::vector<Geometry>& geometries() {
  using L = Layout;
  static const std::vector<Geometry> list = {
      {"odd sizes", {5, 7}, {7, 3}},
      {"transposed a", {6, 4}, {4, 5}, 1, 0, L::kTransposed},
      {"transposed b", {6, 4}, {4, 5}, 1, 0, L::kDense, L::kTransposed},
      {"both transposed", {7, 9}, {9, 5}, 1, 0, L::kTransposed, L::kTransposed},
      {"alpha 0.5", {5, 6}, {6, 4}, 0.5},
      {"beta 1 (accumulate into c)", {5, 6}, {6, 4}, 1, 1},
      {"alpha -2, beta 0.5, padded c", {4, 3}, {3, 6}, -2, 0.5, L::kDense, L::kDense, L::kPadded},
      {"row times column", {1, 9}, {9, 1}},
      {"K = 1", {5, 1}, {1, 4}},
      {"M = 0", {0, 4}, {4, 3}},
      {"K = 0", {3, 0}, {0, 4}},
      {"K = 0, beta 0.5", {3, 0}, {0, 4}, 1, 0.5},
      {"N = 0", {3, 4}, {4, 0}},
      {"batched", {2, 3, 4}, {2, 4, 5}},
      {"b broadcast over the batch (stride 0)",
       {3, 4, 5},
       {3, 5, 2},
       1,
       0,
       L::kDense,
       L::kDense,
       L::kDense,
       0b001},
      {"rank 4, transposed b", {2, 2, 3, 3}, {2, 2, 3, 4}, 1, 0, L::kDense, L::kTransposed},
      {"long K", {8, 256}, {256, 6}},
      {"sliced a, offset c", {6, 5}, {5, 7}, 1, 0, L::kPadded, L::kDense, L::kOffset},
      {"size-1 batch, beta -1", {1, 4, 3}, {1, 3, 2}, 1, -1},
  };
  return list;
}

std::vector<int64_t> c_shape(const Geometry& g) {
  std::vector<int64_t> c = g.a;
  c.back() = g.b.back();
  return c;
}

Case matmul_case(const OpInfo& op, strata_dtype dtype, const Geometry& g) {
  auto params = make_params<strata_matmul_params>();
  params.alpha = g.alpha;
  params.beta = g.beta;
  const Domain values = Domain::uniform(-1, 1);
  TensorSpec a = make_tensor("a", dtype, g.a, values, g.a_layout);
  TensorSpec b = g.b_broadcast != 0 ? make_broadcast("b", dtype, g.b, g.b_broadcast, values)
                                    : make_tensor("b", dtype, g.b, values, g.b_layout);
  // With beta 0, c is write-only and keeps its NaN sentinels: reading it would leak NaN.
  TensorSpec c =
      make_tensor("c", dtype, c_shape(g), g.beta != 0 ? values : Domain::none(), g.c_layout);
  return make_case(op, dtype, g.label, Tolerance::kAccumulating, params,
                   {std::move(a), std::move(b)}, {std::move(c)});
}

}  // namespace

std::vector<Case> matmul_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const Geometry& g : geometries()) cases.push_back(matmul_case(op, dtype, g));
  return cases;
}

// K = 4 keeps the reference backend's share of a test run small.
Case matmul_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return matmul_case(op, dtype, {"large, K = 4", {1024, 4}, {4, 1024}});
}

Case matmul_perf_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return matmul_case(op, dtype, {"256 x 256 x 256", {256, 256}, {256, 256}});
}

}  // namespace strata::conformance
