// Errors of the reference backend: the kit's strata_error and error slots (strata/kit/error.hpp),
// made from fmt messages or from the kit's check results.
#pragma once

#include <strata/kit/error.hpp>

namespace strata_ref {

inline constexpr char kOutOfMemory[] = "reference: out of host memory";
using Errors = strata::kit::Errors<kOutOfMemory>;
// make_error(code, message); make_error(status): nullptr when the check passed.
inline constexpr strata::kit::MakeError<Errors> make_error{};
// invalid("{}: ...", op, ...), unsupported(...): an error of that status.
inline constexpr strata::kit::FormatError<Errors, STRATA_INVALID_ARGUMENT> invalid{};
inline constexpr strata::kit::FormatError<Errors, STRATA_UNSUPPORTED> unsupported{};

}  // namespace strata_ref
