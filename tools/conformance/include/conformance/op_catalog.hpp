// The ops `strata conformance` knows, under the names users select them by (-o) and see in
// reports: the op's ABI name for ops without sub-codes ("matmul", "conv2d_backward_data"),
// "<family>.<sub-code>" for family ops ("unary.exp", "reduce.argmax", "pool2d_backward.max").
// A family name alone ("unary") selects every op of the family.
#pragma once

#include <strata/backend.h>

#include <string>
#include <vector>

namespace strata::conformance {

struct OpInfo {
  std::string name;    // "unary.exp"
  std::string family;  // "unary"
  strata_op op;
  int32_t sub_op;                    // 0 for ops without sub-codes
  std::vector<strata_dtype> dtypes;  // the dtypes ABI v1 gives it (of its main input)
  bool has_grad;                     // a backward op that --mode grad checks
};

// Every op of ABI v1, in the header's order.
const std::vector<OpInfo>& op_catalog();

// The catalog entry of (op, sub_op); throws strata::Error for a pair ABI v1 does not have.
const OpInfo& find_op(strata_op op, int32_t sub_op = 0);

// The ops named by `patterns` (full names or family names), in catalog order; every op when
// `patterns` is empty. Throws strata::Error naming an unknown pattern and the closest names.
std::vector<const OpInfo*> select_ops(const std::vector<std::string>& patterns);

// The text of `strata conformance --list-ops`: every name with its dtypes and grad support.
std::string list_ops_text();

}  // namespace strata::conformance
