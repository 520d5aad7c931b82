// Case generation, one file per op family (cases_*.cpp). Each family gives:
//   <family>_cases(op, dtype, seed):       the cases of one op at one dtype,
//   <family>_large_case(op, dtype, seed):  one case of >= 1,000,000 elements (test mode runs
//                                          one per family, perf mode one per op and dtype;
//                                          matmul and convolution have compute-bound
//                                          <family>_perf_case instead, too slow to test with),
// and the families with backward ops give <family>_grad_cases (see grad_case.hpp). `seed` is
// the run's seed; only ops with a key of their own (random) read it, data is seeded elsewhere.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string>
#include <vector>

#include "case.hpp"

namespace strata::conformance {

// The views every elementwise op runs on: odd sizes, size-1 and zero-size axes, rank 0 and
// rank 5, transposed, sliced, stepped and offset inputs, a broadcast input, offset and
// padded outputs.
struct View {
  std::string label;
  std::vector<int64_t> shape;
  Layout input_layout = Layout::kDense;
  Layout output_layout = Layout::kDense;
  uint32_t broadcast = 0;  // stride-0 axes of the input that takes the view
};
const std::vector<View>& elementwise_views();

// The view's input: broadcast where the view says so, else in its layout.
TensorSpec view_input(const View& view, std::string role, strata_dtype dtype, Domain domain);
TensorSpec view_output(const View& view, std::string role, strata_dtype dtype,
                       Domain domain = Domain::none());

// Values of order 1 for floats, up to 1000 in magnitude for i32 and i64, any value for u8.
Domain typical_domain(strata_dtype dtype);

// 1024 x 1024 = 1,048,576 elements: large enough for tiling and threading paths, cheap enough
// for the reference backend.
inline const std::vector<int64_t> kLargeShape = {1024, 1024};

// A case-specific Philox key from the run's seed, so --seed changes the random streams too.
uint64_t philox_seed(uint64_t run_seed, uint64_t salt);

using CaseBuilder = std::vector<Case> (*)(const OpInfo& op, strata_dtype dtype, uint64_t seed);
using LargeCaseBuilder = Case (*)(const OpInfo& op, strata_dtype dtype, uint64_t seed);

std::vector<Case> movement_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case movement_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> gather_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case gather_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> unary_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case unary_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> binary_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case binary_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> reduce_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case reduce_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> matmul_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case matmul_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case matmul_perf_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> conv_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case conv_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case conv_perf_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> pool_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case pool_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> softmax_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case softmax_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> random_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case random_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);
std::vector<Case> optimizer_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed);
Case optimizer_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);

}  // namespace strata::conformance
