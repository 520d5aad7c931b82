#include "tensor_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "error.hpp"

namespace strata_ref {

size_t dtype_size(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64:
      return 8;
    case STRATA_F32:
    case STRATA_I32:
      return 4;
    case STRATA_F16:
    case STRATA_BF16:
      return 2;
    case STRATA_U8:
      return 1;
    default:
      return 0;
  }
}

std::string_view dtype_name(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F32: return "f32";
    case STRATA_F64: return "f64";
    case STRATA_F16: return "f16";
    case STRATA_BF16: return "bf16";
    case STRATA_I32: return "i32";
    case STRATA_I64: return "i64";
    case STRATA_U8: return "u8";
    default: return "invalid-dtype";
  }
}

bool is_float(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_F16 ||
         dtype == STRATA_BF16;
}

bool is_integer(strata_dtype dtype) {
  return dtype == STRATA_I32 || dtype == STRATA_I64 || dtype == STRATA_U8;
}

int64_t element_count(const strata_tensor& t) {
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) n *= t.shape[k];
  return n;
}

bool is_empty(const strata_tensor& t) { return element_count(t) == 0; }

std::string describe(const strata_tensor& t) {
  std::string shape, strides;
  for (int k = 0; k < t.rank; ++k) {
    shape += fmt::format("{}{}", k ? "," : "", t.shape[k]);
    strides += fmt::format("{}{}", k ? "," : "", t.strides[k]);
  }
  std::string text = fmt::format("{}[{}] strides [{}]", dtype_name(t.dtype), shape, strides);
  if (t.byte_offset != 0) text += fmt::format(" offset {}", t.byte_offset);
  return text;
}

namespace {

// Bytes from the first element to one past the last one reachable, or an error message.
strata_error* check_extent(std::string_view op, std::string_view role, const strata_tensor& t) {
  if (is_empty(t)) return nullptr;
  // Sizes and strides are bounded by the buffer size, so the sum cannot overflow int64
  // unless a descriptor is absurd; check in unsigned 128-bit-safe steps.
  unsigned __int128 last = 0;
  for (int k = 0; k < t.rank; ++k) {
    last += static_cast<unsigned __int128>(t.shape[k] - 1) * static_cast<uint64_t>(t.strides[k]);
  }
  unsigned __int128 end = static_cast<unsigned __int128>(t.byte_offset) +
                          (last + 1) * static_cast<unsigned __int128>(dtype_size(t.dtype));
  if (end > t.buffer->size) {
    return invalid("{}: {} {} reaches byte {} of a {}-byte buffer", op, role, describe(t),
                   static_cast<uint64_t>(end), t.buffer->size);
  }
  return nullptr;
}

}  // namespace

strata_error* check_descriptor(std::string_view op, std::string_view role, const strata_tensor* t,
                               bool is_output, bool need_buffer) {
  if (t == nullptr) return invalid("{}: {} is NULL", op, role);
  if (t->struct_size < offsetof(strata_tensor, byte_offset) + sizeof(t->byte_offset)) {
    return invalid("{}: {} has struct_size {}, smaller than ABI 1.0's strata_tensor", op, role,
                   t->struct_size);
  }
  if (t->rank < 0 || t->rank > STRATA_MAX_RANK) {
    return invalid("{}: {} has rank {}; ranks are 0..{}", op, role, t->rank, STRATA_MAX_RANK);
  }
  if (dtype_size(t->dtype) == 0) {
    return invalid("{}: {} has unknown dtype {}", op, role, static_cast<int>(t->dtype));
  }
  for (int k = 0; k < t->rank; ++k) {
    if (t->shape[k] < 0 || t->strides[k] < 0) {
      return invalid("{}: {} {} has a negative size or stride on axis {}", op, role,
                     describe(*t), k);
    }
    if (is_output && t->strides[k] == 0 && t->shape[k] > 1) {
      return invalid("{}: output {} {} is broadcast (stride 0) on axis {}; outputs need "
                     "distinct elements",
                     op, role, describe(*t), k);
    }
  }
  if (!need_buffer) return nullptr;
  if (t->buffer == nullptr) return invalid("{}: {} has no buffer", op, role);
  return check_extent(op, role, *t);
}

std::byte* element_ptr(const strata_tensor& t, const int64_t* index) {
  int64_t offset = 0;
  for (int k = 0; k < t.rank; ++k) offset += index[k] * t.strides[k];
  return t.buffer->bytes.get() + t.byte_offset + offset * dtype_size(t.dtype);
}

namespace {

template <typename T>
T read_as(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <typename T>
void write_as(std::byte* p, T value) {
  std::memcpy(p, &value, sizeof value);
}

template <typename Int>
Int saturate(double value) {
  if (std::isnan(value)) return 0;
  double t = std::trunc(value);
  if (t <= static_cast<double>(std::numeric_limits<Int>::min())) {
    return std::numeric_limits<Int>::min();
  }
  // max of int64 is not representable in double; >= 2^63 saturates.
  if (t >= std::ldexp(1.0, std::numeric_limits<Int>::digits)) {
    return std::numeric_limits<Int>::max();
  }
  return static_cast<Int>(t);
}

// Encodes |value| with kMant fraction bits and kExp exponent bits, IEEE style, nearest-even.
template <int kMant, int kExp>
uint16_t encode_small_float(double value) {
  constexpr int kBias = (1 << (kExp - 1)) - 1;
  constexpr int kEmin = 1 - kBias;
  constexpr uint16_t kExpMask = (1 << kExp) - 1;
  const uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  const double a = std::fabs(value);
  if (std::isnan(value)) return sign | (kExpMask << kMant) | (1 << (kMant - 1));
  if (std::isinf(value)) return sign | (kExpMask << kMant);
  if (a < std::ldexp(1.0, kEmin)) {
    // Subnormal: an integer count of the smallest step. A count of 2^kMant is the smallest
    // normal, whose encoding is the same bit pattern.
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
double decode_small_float(uint16_t bits) {
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

}  // namespace

uint16_t double_to_f16(double value) { return encode_small_float<10, 5>(value); }
uint16_t double_to_bf16(double value) { return encode_small_float<7, 8>(value); }
double f16_to_double(uint16_t bits) { return decode_small_float<10, 5>(bits); }
double bf16_to_double(uint16_t bits) { return decode_small_float<7, 8>(bits); }

double load_f(const strata_tensor& t, const int64_t* index) {
  const std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_F32: return read_as<float>(p);
    case STRATA_F64: return read_as<double>(p);
    case STRATA_F16: return f16_to_double(read_as<uint16_t>(p));
    case STRATA_BF16: return bf16_to_double(read_as<uint16_t>(p));
    case STRATA_I32: return read_as<int32_t>(p);
    case STRATA_I64: return static_cast<double>(read_as<int64_t>(p));
    case STRATA_U8: return read_as<uint8_t>(p);
    default: return 0;
  }
}

void store_f(const strata_tensor& t, const int64_t* index, double value) {
  std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_F32: return write_as(p, static_cast<float>(value));
    case STRATA_F64: return write_as(p, value);
    case STRATA_F16: return write_as(p, double_to_f16(value));
    case STRATA_BF16: return write_as(p, double_to_bf16(value));
    case STRATA_I32: return write_as(p, saturate<int32_t>(value));
    case STRATA_I64: return write_as(p, saturate<int64_t>(value));
    case STRATA_U8: return write_as(p, saturate<uint8_t>(value));
    default: return;
  }
}

int64_t load_i(const strata_tensor& t, const int64_t* index) {
  const std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_I32: return read_as<int32_t>(p);
    case STRATA_I64: return read_as<int64_t>(p);
    case STRATA_U8: return read_as<uint8_t>(p);
    default: return saturate<int64_t>(load_f(t, index));
  }
}

void store_i(const strata_tensor& t, const int64_t* index, int64_t value) {
  std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_I32:
      return write_as(p, static_cast<int32_t>(std::clamp<int64_t>(
                             value, std::numeric_limits<int32_t>::min(),
                             std::numeric_limits<int32_t>::max())));
    case STRATA_I64: return write_as(p, value);
    case STRATA_U8: return write_as(p, static_cast<uint8_t>(std::clamp<int64_t>(value, 0, 255)));
    default: return store_f(t, index, static_cast<double>(value));
  }
}

}  // namespace strata_ref
