// Element conversions with STRATA_OP_CAST's rules: float to integer truncates toward zero,
// maps NaN to 0 and saturates; integer to integer saturates; to a float rounds to nearest.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace strata_avx {

template <typename To, typename From>
To convert(From value) {
  if constexpr (std::is_floating_point_v<To> || std::is_same_v<To, From>) {
    return static_cast<To>(value);
  } else if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(value)) return 0;
    const double t = std::trunc(static_cast<double>(value));
    if (t <= static_cast<double>(std::numeric_limits<To>::min())) {
      return std::numeric_limits<To>::min();
    }
    // 2^digits is the first value above the maximum (exact in double, unlike int64's max).
    if (t >= std::ldexp(1.0, std::numeric_limits<To>::digits)) {
      return std::numeric_limits<To>::max();
    }
    return static_cast<To>(t);
  } else {
    // u8, i32 and i64 values all fit in int64.
    const int64_t v = static_cast<int64_t>(value);
    if (v < static_cast<int64_t>(std::numeric_limits<To>::min())) {
      return std::numeric_limits<To>::min();
    }
    if (v > static_cast<int64_t>(std::numeric_limits<To>::max())) {
      return std::numeric_limits<To>::max();
    }
    return static_cast<To>(v);
  }
}

}  // namespace strata_avx
