// strata/kit/status.hpp: the outcome of a check, as a value: a status code and, when it failed,
// the message that says what was wrong, where, and how to fix it. The kit's checks return one;
// a plugin turns it into its strata_error (error.hpp) or into whatever it uses inside.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit. Messages are built with {fmt}.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>

#include <string>
#include <utility>

namespace strata::kit {

struct Status {
  strata_status_code code = STRATA_OK;
  std::string message;

  bool ok() const { return code == STRATA_OK; }
};

template <typename... Args>
Status failure(strata_status_code code, fmt::format_string<Args...> format, Args&&... args) {
  return {code, fmt::format(format, std::forward<Args>(args)...)};
}

// A malformed call: shapes, dtypes, parameters.
template <typename... Args>
Status invalid(fmt::format_string<Args...> format, Args&&... args) {
  return failure(STRATA_INVALID_ARGUMENT, format, std::forward<Args>(args)...);
}

// A well-formed call this plugin does not do.
template <typename... Args>
Status unsupported(fmt::format_string<Args...> format, Args&&... args) {
  return failure(STRATA_UNSUPPORTED, format, std::forward<Args>(args)...);
}

}  // namespace strata::kit
