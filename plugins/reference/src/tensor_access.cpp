#include "tensor_access.hpp"

#include <strata/kit/saturate.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

namespace strata_ref {

using strata::kit::saturate;

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

}  // namespace

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
