#include "case_registry.hpp"

#include <fmt/format.h>

#include <map>
#include <string>

#include "cases.hpp"

namespace strata::conformance {
namespace {

struct Family {
  CaseBuilder cases;
  LargeCaseBuilder large;
  GradBuilder grad;                 // null: no backward ops
  int32_t large_sub_op = 0;         // the sub-code that runs the family's large case in test mode
  LargeCaseBuilder perf = nullptr;  // null: perf mode times the large case
};

const Family& family_of(strata_op op) {
  static const std::map<strata_op, Family> families = {
      {STRATA_OP_FILL, {movement_cases, movement_large_case, nullptr}},
      {STRATA_OP_COPY, {movement_cases, movement_large_case, nullptr}},
      {STRATA_OP_CAST, {movement_cases, movement_large_case, nullptr}},
      {STRATA_OP_WHERE, {movement_cases, movement_large_case, nullptr}},
      {STRATA_OP_GATHER, {gather_cases, gather_large_case, nullptr}},
      {STRATA_OP_SCATTER_ADD, {gather_cases, gather_large_case, scatter_grad_cases}},
      {STRATA_OP_UNARY, {unary_cases, unary_large_case, nullptr, STRATA_UNARY_SIGMOID}},
      {STRATA_OP_UNARY_BACKWARD,
       {unary_cases, unary_large_case, unary_grad_cases, STRATA_UNARY_TANH}},
      {STRATA_OP_BINARY, {binary_cases, binary_large_case, nullptr, STRATA_BINARY_ADD}},
      {STRATA_OP_REDUCE, {reduce_cases, reduce_large_case, nullptr, STRATA_REDUCE_SUM}},
      {STRATA_OP_MATMUL, {matmul_cases, matmul_large_case, nullptr, 0, matmul_perf_case}},
      {STRATA_OP_CONV2D, {conv_cases, conv_large_case, nullptr, 0, conv_perf_case}},
      {STRATA_OP_CONV2D_BACKWARD_DATA,
       {conv_cases, conv_large_case, conv_grad_cases, 0, conv_perf_case}},
      {STRATA_OP_CONV2D_BACKWARD_FILTER,
       {conv_cases, conv_large_case, conv_grad_cases, 0, conv_perf_case}},
      {STRATA_OP_POOL2D, {pool_cases, pool_large_case, nullptr, STRATA_POOL_AVG}},
      {STRATA_OP_POOL2D_BACKWARD, {pool_cases, pool_large_case, pool_grad_cases, STRATA_POOL_MAX}},
      {STRATA_OP_SOFTMAX, {softmax_cases, softmax_large_case, nullptr, STRATA_SOFTMAX}},
      {STRATA_OP_SOFTMAX_BACKWARD,
       {softmax_cases, softmax_large_case, softmax_grad_cases, STRATA_SOFTMAX}},
      {STRATA_OP_RANDOM, {random_cases, random_large_case, nullptr, STRATA_RANDOM_UNIFORM}},
      {STRATA_OP_OPTIMIZER,
       {optimizer_cases, optimizer_large_case, nullptr, STRATA_OPTIMIZER_ADAM}},
  };
  return families.at(op);
}

// Reports and JUnit name cases by op, dtype and label: make every label unique.
void number_repeated_labels(std::vector<Case>& cases) {
  std::map<std::string, int> seen;
  for (Case& c : cases) {
    const int n = ++seen[c.key()];
    if (n > 1) c.label = fmt::format("{} #{}", c.label, n);
  }
}

}  // namespace

std::vector<Case> test_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed, bool large) {
  const Family& family = family_of(op.op);
  std::vector<Case> cases = family.cases(op, dtype, seed);
  if (large && dtype == STRATA_F32 && op.sub_op == family.large_sub_op) {
    cases.push_back(family.large(op, dtype, seed));
  }
  number_repeated_labels(cases);
  return cases;
}

Case perf_case(const OpInfo& op, strata_dtype dtype, uint64_t seed) {
  const Family& family = family_of(op.op);
  return (family.perf != nullptr ? family.perf : family.large)(op, dtype, seed);
}

std::vector<GradCase> grad_cases(const OpInfo& op, strata_dtype dtype) {
  const GradBuilder grad = family_of(op.op).grad;
  return grad != nullptr ? grad(op, dtype) : std::vector<GradCase>{};
}

}  // namespace strata::conformance
