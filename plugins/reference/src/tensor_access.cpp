#include "tensor_access.hpp"

#include <strata/kit/element.hpp>
#include <strata/kit/saturate.hpp>

#include <algorithm>
#include <limits>

namespace strata_ref {

using strata::kit::read_bytes;
using strata::kit::saturate;
using strata::kit::write_bytes;

std::byte* element_ptr(const strata_tensor& t, const int64_t* index) {
  int64_t offset = 0;
  for (int k = 0; k < t.rank; ++k) offset += index[k] * t.strides[k];
  return t.buffer->bytes.get() + t.byte_offset + offset * dtype_size(t.dtype);
}

double load_f(const strata_tensor& t, const int64_t* index) {
  return strata::kit::load_double(t.dtype, element_ptr(t, index));
}

void store_f(const strata_tensor& t, const int64_t* index, double value) {
  strata::kit::store_double(t.dtype, element_ptr(t, index), value);
}

int64_t load_i(const strata_tensor& t, const int64_t* index) {
  const std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_I32:
      return read_bytes<int32_t>(p);
    case STRATA_I64:
      return read_bytes<int64_t>(p);
    case STRATA_U8:
      return read_bytes<uint8_t>(p);
    default:
      return saturate<int64_t>(load_f(t, index));
  }
}

void store_i(const strata_tensor& t, const int64_t* index, int64_t value) {
  std::byte* p = element_ptr(t, index);
  switch (t.dtype) {
    case STRATA_I32:
      return write_bytes(
          p, static_cast<int32_t>(std::clamp<int64_t>(value, std::numeric_limits<int32_t>::min(),
                                                      std::numeric_limits<int32_t>::max())));
    case STRATA_I64:
      return write_bytes(p, value);
    case STRATA_U8:
      return write_bytes(p, static_cast<uint8_t>(std::clamp<int64_t>(value, 0, 255)));
    default:
      return store_f(t, index, static_cast<double>(value));
  }
}

}  // namespace strata_ref
