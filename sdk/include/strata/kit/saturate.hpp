// strata/kit/saturate.hpp: a double as an integer dtype under STRATA_OP_CAST's rule.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <cmath>
#include <limits>

namespace strata::kit {

// Truncates toward zero, maps NaN to 0 and saturates to Int's range (STRATA_OP_CAST, and
// STRATA_OP_FILL's value on an integer tensor).
template <typename Int>
Int saturate(double value) {
  if (std::isnan(value)) return 0;
  const double t = std::trunc(value);
  if (t <= static_cast<double>(std::numeric_limits<Int>::min())) {
    return std::numeric_limits<Int>::min();
  }
  // 2^digits is the first value above the maximum (exact in double, unlike int64's maximum).
  if (t >= std::ldexp(1.0, std::numeric_limits<Int>::digits)) {
    return std::numeric_limits<Int>::max();
  }
  return static_cast<Int>(t);
}

}  // namespace strata::kit
