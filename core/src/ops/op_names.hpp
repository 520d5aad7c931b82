// The user-level names of the ABI's family sub-codes, for messages and autodiff node names.
// They take the code as an int: a host's call may hold any value, and converting one outside
// an enum's range to the enum would be undefined behaviour.
#pragma once

#include <strata/backend.h>

namespace strata::ops_detail {

// "relu", "leaky_relu", ...; "unary" for a code outside ABI 1.0.
const char* unary_name(int op) noexcept;
// "add", "subtract", ..., "greater_equal"; "binary" for a code outside ABI 1.0.
const char* binary_name(int op) noexcept;
// "sum", "mean", "max", "min", "argmax", "argmin".
const char* reduce_name(int op) noexcept;

inline bool is_comparison(strata_binary_op op) noexcept {
  return op >= STRATA_BINARY_EQUAL && op <= STRATA_BINARY_GREATER_EQUAL;
}

}  // namespace strata::ops_detail
