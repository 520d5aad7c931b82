// Checking a plugin's function table before the host relies on it.
#pragma once

#include <strata/backend.h>

#include <string>
#include <variant>

namespace strata::runtime {

// The table the bootstrap symbol returned for STRATA_ABI_MAJOR, copied into a zeroed host-side
// table (so slots beyond a shorter, older-minor table read as NULL), or the reason it cannot be
// used: "ABI major N, expected 1" or "incomplete table: ...".
std::variant<strata_backend_api, std::string> validate_table(const strata_backend_api& table);

}  // namespace strata::runtime
