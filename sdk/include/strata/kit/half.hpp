// strata/kit/half.hpp: binary16 (f16) and bfloat16 (bf16) encodings, to and from double, with
// the rounding the ABI asks of every store: to nearest, ties to even.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace strata::kit {
namespace half_detail {

// |value| with kMant fraction bits and kExp exponent bits, IEEE style, nearest even. Rounding
// straight from double is correct for both formats (no double rounding through float).
template <int kMant, int kExp>
uint16_t encode(double value) {
  constexpr int kBias = (1 << (kExp - 1)) - 1;
  constexpr int kEmin = 1 - kBias;
  constexpr uint16_t kExpMask = (1 << kExp) - 1;
  const uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  if (std::isnan(value)) return sign | (kExpMask << kMant) | (1 << (kMant - 1));
  const double a = std::fabs(value);
  if (std::isinf(a)) return sign | (kExpMask << kMant);
  if (a < std::ldexp(1.0, kEmin)) {
    // A count of the smallest subnormal; 2^kMant of them encode the smallest normal, whose bit
    // pattern is that same count.
    return sign | static_cast<uint16_t>(std::nearbyint(std::ldexp(a, kMant - kEmin)));
  }
  int e = 0;
  double significand = std::nearbyint(std::ldexp(std::frexp(a, &e), kMant + 1));
  if (significand == std::ldexp(1.0, kMant + 1)) {
    significand /= 2;
    ++e;
  }
  const int biased = e - 1 + kBias;
  if (biased >= kExpMask) return sign | (kExpMask << kMant);
  return sign | static_cast<uint16_t>(biased << kMant) |
         static_cast<uint16_t>(significand - std::ldexp(1.0, kMant));
}

template <int kMant, int kExp>
double decode(uint16_t bits) {
  constexpr int kBias = (1 << (kExp - 1)) - 1;
  constexpr int kExpMask = (1 << kExp) - 1;
  const int biased = (bits >> kMant) & kExpMask;
  const int fraction = bits & ((1 << kMant) - 1);
  double magnitude;
  if (biased == 0) {
    magnitude = std::ldexp(fraction, 1 - kBias - kMant);
  } else if (biased == kExpMask) {
    magnitude = fraction ? std::numeric_limits<double>::quiet_NaN()
                         : std::numeric_limits<double>::infinity();
  } else {
    magnitude = std::ldexp(fraction + (1 << kMant), biased - kBias - kMant);
  }
  return (bits & 0x8000) ? -magnitude : magnitude;
}

}  // namespace half_detail

inline uint16_t double_to_f16(double value) {
  return half_detail::encode<10, 5>(value);
}
inline uint16_t double_to_bf16(double value) {
  return half_detail::encode<7, 8>(value);
}
// Exact: every f16 and bf16 value is a double.
inline double f16_to_double(uint16_t bits) {
  return half_detail::decode<10, 5>(bits);
}
inline double bf16_to_double(uint16_t bits) {
  return half_detail::decode<7, 8>(bits);
}

// `value` rounded to the float dtype as a store would (F32, F16, BF16); F64 and any other
// dtype leave it unchanged.
inline double round_to(strata_dtype dtype, double value) {
  switch (dtype) {
    case STRATA_F32:
      return static_cast<float>(value);
    case STRATA_F16:
      return f16_to_double(double_to_f16(value));
    case STRATA_BF16:
      return bf16_to_double(double_to_bf16(value));
    default:
      return value;
  }
}

}  // namespace strata::kit
