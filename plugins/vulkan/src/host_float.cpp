#include "host_float.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace strata_vk {
namespace {

// |value| with kMant fraction bits and kExp exponent bits, IEEE style, nearest even.
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
    // A count of the smallest subnormal; 2^kMant of them encode the smallest normal.
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

template <typename Int>
Int saturate(double value) {
  if (std::isnan(value)) return 0;
  const double t = std::trunc(value);
  if (t <= static_cast<double>(std::numeric_limits<Int>::min())) {
    return std::numeric_limits<Int>::min();
  }
  if (t >= std::ldexp(1.0, std::numeric_limits<Int>::digits)) {
    return std::numeric_limits<Int>::max();
  }
  return static_cast<Int>(t);
}

template <typename T>
uint64_t bits_of(T value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof value);
  return bits;
}

}  // namespace

uint16_t f16_bits(double value) {
  return encode<10, 5>(value);
}
uint16_t bf16_bits(double value) {
  return encode<7, 8>(value);
}
double from_f16_bits(uint16_t bits) {
  return decode<10, 5>(bits);
}
double from_bf16_bits(uint16_t bits) {
  return decode<7, 8>(bits);
}

double round_to(strata_dtype dtype, double value) {
  switch (dtype) {
    case STRATA_F32:
      return static_cast<float>(value);
    case STRATA_F16:
      return from_f16_bits(f16_bits(value));
    case STRATA_BF16:
      return from_bf16_bits(bf16_bits(value));
    default:
      return value;
  }
}

uint64_t fill_bits(strata_dtype dtype, double value) {
  switch (dtype) {
    case STRATA_F32:
      return bits_of(static_cast<float>(value));
    case STRATA_F64:
      return bits_of(value);
    case STRATA_F16:
      return f16_bits(value);
    case STRATA_BF16:
      return bf16_bits(value);
    case STRATA_I32:
      return bits_of(saturate<int32_t>(value));
    case STRATA_I64:
      return bits_of(saturate<int64_t>(value));
    default:
      return saturate<uint8_t>(value);
  }
}

}  // namespace strata_vk
