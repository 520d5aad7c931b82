// Errors of the reference backend: the kit's strata_error and error slots (strata/kit/error.hpp),
// made from fmt messages or from the kit's check results.
#pragma once

#include <strata/kit/error.hpp>
#include <strata/kit/status.hpp>

#include <string>
#include <utility>

namespace strata_ref {

inline constexpr char kOutOfMemory[] = "reference: out of host memory";
using Errors = strata::kit::Errors<kOutOfMemory>;

// invalid("{}: ...", op, ...) and unsupported(...): an error of that status.
inline constexpr strata::kit::ErrorMaker<Errors, STRATA_INVALID_ARGUMENT> invalid{};
inline constexpr strata::kit::ErrorMaker<Errors, STRATA_UNSUPPORTED> unsupported{};

// Allocates an error; falls back to a static out-of-memory error if even that fails.
inline strata_error* make_error(strata_status_code code, std::string message) noexcept {
  return Errors::make(code, std::move(message));
}

// A failed check's error, nullptr for an ok one.
inline strata_error* make_error(strata::kit::Status status) noexcept {
  return Errors::make(std::move(status));
}

}  // namespace strata_ref
