#include "dtype.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace strata::conformance {
namespace {

struct DtypeRow {
  strata_dtype dtype;
  std::string_view name;
  size_t size;
  bool is_float;
};

constexpr DtypeRow kRows[] = {
    {STRATA_F32, "f32", 4, true},   {STRATA_F64, "f64", 8, true},  {STRATA_F16, "f16", 2, true},
    {STRATA_BF16, "bf16", 2, true}, {STRATA_I32, "i32", 4, false}, {STRATA_I64, "i64", 8, false},
    {STRATA_U8, "u8", 1, false},
};

const DtypeRow& row(strata_dtype dtype) {
  for (const DtypeRow& r : kRows) {
    if (r.dtype == dtype) return r;
  }
  return kRows[0];  // callers only pass dtypes from kAllDtypes
}

// A binary floating-point format narrower than binary32: `Mantissa` stored fraction bits and
// `Exponent` exponent bits (binary16: 10 and 5; bfloat16: 7 and 8), rounded from a double
// directly so no intermediate rounding can double-round.
template <int Mantissa, int Exponent>
struct SmallFloat {
  static constexpr int kBias = (1 << (Exponent - 1)) - 1;
  static constexpr int kMinExponent = 1 - kBias;  // of the smallest normal number
  static constexpr uint16_t kSignBit = uint16_t(1u << (Mantissa + Exponent));
  static constexpr uint16_t kExponentMask = uint16_t(((1u << Exponent) - 1) << Mantissa);

  static uint16_t encode(double value) {
    const uint16_t sign = std::signbit(value) ? kSignBit : 0;
    if (std::isnan(value)) return uint16_t(kExponentMask | (1u << (Mantissa - 1)));
    const double magnitude = std::fabs(value);
    const double largest = std::ldexp(2.0 - std::ldexp(1.0, -Mantissa), kBias);
    if (std::isinf(magnitude)) return uint16_t(sign | kExponentMask);
    if (magnitude == 0) return sign;
    // The spacing of representable numbers at this magnitude (fixed below the normal range).
    const int e = std::max(std::ilogb(magnitude), kMinExponent);
    const double ulp = std::ldexp(1.0, e - Mantissa);
    const double rounded = std::nearbyint(magnitude / ulp) * ulp;  // ties to even
    if (rounded > largest) return uint16_t(sign | kExponentMask);
    if (rounded == 0) return sign;
    const int re = std::ilogb(rounded);
    if (re < kMinExponent) {
      return uint16_t(sign | uint16_t(rounded / std::ldexp(1.0, kMinExponent - Mantissa)));
    }
    const auto fraction = uint16_t(rounded / std::ldexp(1.0, re - Mantissa) - (1 << Mantissa));
    return uint16_t(sign | uint16_t((re + kBias) << Mantissa) | fraction);
  }

  static double decode(uint16_t bits) {
    const double sign = (bits & kSignBit) ? -1.0 : 1.0;
    const int exponent = (bits & kExponentMask) >> Mantissa;
    const int fraction = bits & ((1 << Mantissa) - 1);
    if (exponent == (1 << Exponent) - 1) {
      return fraction ? std::numeric_limits<double>::quiet_NaN()
                      : sign * std::numeric_limits<double>::infinity();
    }
    if (exponent == 0) return sign * std::ldexp(fraction, kMinExponent - Mantissa);
    return sign * std::ldexp((1 << Mantissa) + fraction, exponent - kBias - Mantissa);
  }
};

using Half = SmallFloat<10, 5>;
using BFloat = SmallFloat<7, 8>;

template <typename T>
void put(std::byte* dst, T value) {
  std::memcpy(dst, &value, sizeof value);
}

template <typename T>
T get(const std::byte* src) {
  T value;
  std::memcpy(&value, src, sizeof value);
  return value;
}

// STRATA_OP_CAST's float-to-integer rule for an integer type T.
template <typename T>
T to_integer(double value) {
  if (std::isnan(value)) return 0;
  const double t = std::trunc(value);
  // 2^63 and -2^63 are exact doubles; the comparisons below are exact.
  if (t <= static_cast<double>(std::numeric_limits<T>::min())) {
    return std::numeric_limits<T>::min();
  }
  if (t >= static_cast<double>(std::numeric_limits<T>::max())) {
    return std::numeric_limits<T>::max();
  }
  return static_cast<T>(t);
}

}  // namespace

std::string_view dtype_name(strata_dtype dtype) {
  return row(dtype).name;
}

std::optional<strata_dtype> parse_dtype(std::string_view name) {
  for (const DtypeRow& r : kRows) {
    if (r.name == name) return r.dtype;
  }
  return std::nullopt;
}

size_t dtype_size(strata_dtype dtype) {
  return row(dtype).size;
}

bool is_float(strata_dtype dtype) {
  return row(dtype).is_float;
}

void encode(strata_dtype dtype, double value, std::byte* dst) {
  switch (dtype) {
    case STRATA_F32:
      return put(dst, static_cast<float>(value));
    case STRATA_F64:
      return put(dst, value);
    case STRATA_F16:
      return put(dst, Half::encode(value));
    case STRATA_BF16:
      return put(dst, BFloat::encode(value));
    case STRATA_I32:
      return put(dst, to_integer<int32_t>(value));
    case STRATA_I64:
      return put(dst, to_integer<int64_t>(value));
    default:
      return put(dst, to_integer<uint8_t>(value));
  }
}

double decode(strata_dtype dtype, const std::byte* src) {
  switch (dtype) {
    case STRATA_F32:
      return get<float>(src);
    case STRATA_F64:
      return get<double>(src);
    case STRATA_F16:
      return Half::decode(get<uint16_t>(src));
    case STRATA_BF16:
      return BFloat::decode(get<uint16_t>(src));
    case STRATA_I32:
      return get<int32_t>(src);
    case STRATA_I64:
      return static_cast<double>(get<int64_t>(src));
    default:
      return get<uint8_t>(src);
  }
}

double round_to(strata_dtype dtype, double value) {
  std::byte element[8];
  encode(dtype, value, element);
  return decode(dtype, element);
}

void encode_sentinel(strata_dtype dtype, std::byte* dst) {
  switch (dtype) {
    case STRATA_F32:
      return put<uint32_t>(dst, 0x7FA5A5A5u);
    case STRATA_F64:
      return put<uint64_t>(dst, 0x7FF5A5A5A5A5A5A5ull);
    case STRATA_F16:
      return put<uint16_t>(dst, 0x7DA5u);
    case STRATA_BF16:
      return put<uint16_t>(dst, 0x7FA5u);
    default:
      std::memset(dst, 0xA5, dtype_size(dtype));
  }
}

}  // namespace strata::conformance
