// Tensor descriptors: dtypes, shapes and messages (strata/kit), and where the data lives.
#pragma once

#include <strata/backend.h>
#include <strata/kit/descriptor.hpp>
#include <strata/kit/dtype.hpp>
#include <strata/kit/shape.hpp>

#include <cstddef>
#include <cstdint>

#include "buffer.hpp"

namespace strata_avx {

using strata::kit::dtype_name;
using strata::kit::dtype_size;
using strata::kit::element_count;
using strata::kit::is_empty;
using strata::kit::is_float;
using strata::kit::is_integer;
using strata::kit::same_shape;
using strata::kit::shape_text;

// Address of element (0, ..., 0).
inline std::byte* base_ptr(const strata_tensor& t) {
  return t.buffer->bytes + t.byte_offset;
}

template <typename T>
T* data_ptr(const strata_tensor& t) {
  return reinterpret_cast<T*>(base_ptr(t));
}

}  // namespace strata_avx
