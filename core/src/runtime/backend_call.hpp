// Turning the ABI's error values into C++: every strata_error is read, destroyed, and (where
// the caller wants) thrown as BackendError.
#pragma once

#include <strata/backend.h>

#include <optional>
#include <string>
#include <string_view>

#include "strata/plugin.hpp"

namespace strata::runtime {

struct Failure {
  strata_status_code code;
  std::string message;
};

// Reads and destroys `err`; nullopt when it is NULL (success).
std::optional<Failure> take_failure(const strata_backend_api& api, strata_error* err);

// Throws BackendError(plugin, context) for a non-NULL `err`, after destroying it.
void check(const Plugin& plugin, strata_error* err, std::string_view context);

// The name of a call's op for messages: "fill", "matmul", or "op 99" for an unknown code.
std::string op_name(strata_op op);

}  // namespace strata::runtime
