// Element access through ABI descriptors on host-mapped memory, for the broken plugin's
// post-processing of the reference's results. Only what the injected bugs need.
#pragma once

#include <strata/backend.h>
#include <strata/kit/dtype.hpp>
#include <strata/kit/element.hpp>
#include <strata/kit/shape.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>

namespace broken {

using strata::kit::for_each_index;
using strata::kit::is_empty;
using strata::kit::load_double;
using strata::kit::read_bytes;
using strata::kit::write_bytes;

inline std::byte* address(const strata_tensor& t, std::byte* base, const int64_t* index) {
  int64_t element = 0;
  for (int k = 0; k < t.rank; ++k) element += index[k] * t.strides[k];
  return base + t.byte_offset + static_cast<uint64_t>(element) * strata::kit::dtype_size(t.dtype);
}

inline void store_nan(strata_dtype dtype, std::byte* p) {
  switch (dtype) {
    case STRATA_F32:
      return write_bytes(p, std::numeric_limits<float>::quiet_NaN());
    case STRATA_F64:
      return write_bytes(p, std::numeric_limits<double>::quiet_NaN());
    case STRATA_F16:
      return write_bytes<uint16_t>(p, 0x7E00);
    default:
      return write_bytes<uint16_t>(p, 0x7FC0);  // bf16
  }
}

}  // namespace broken
