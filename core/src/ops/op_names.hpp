// The user-level names of the ABI's family sub-codes, for messages and autodiff node names.
#pragma once

#include <strata/backend.h>

namespace strata::ops_detail {

// "relu", "leaky_relu", ...; "unary" for a code outside ABI 1.0.
const char* unary_name(strata_unary_op op) noexcept;
// "add", "subtract", ..., "greater_equal"; "binary" for a code outside ABI 1.0.
const char* binary_name(strata_binary_op op) noexcept;
// "sum", "mean", "max", "min", "argmax", "argmin".
const char* reduce_name(strata_reduce_op op) noexcept;

inline bool is_comparison(strata_binary_op op) noexcept {
  return op >= STRATA_BINARY_EQUAL && op <= STRATA_BINARY_GREATER_EQUAL;
}

}  // namespace strata::ops_detail
