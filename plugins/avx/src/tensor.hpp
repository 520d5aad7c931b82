// Tensor descriptors: dtypes, shapes for messages, validation, and where the data lives.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "buffer.hpp"

namespace strata_avx {

size_t dtype_size(strata_dtype dtype);            // 0 for an unknown dtype
std::string_view dtype_name(strata_dtype dtype);  // "f32", "i64", ...
bool is_float(strata_dtype dtype);
bool is_integer(strata_dtype dtype);  // I32, I64, U8

int64_t element_count(const strata_tensor& t);
inline bool is_empty(const strata_tensor& t) {
  return element_count(t) == 0;
}
// "f32[2,3]" style shape text for messages, without strides.
std::string shape_text(const strata_tensor& t);
// "f32[2,3] strides [3,1]" (offset appended when non-zero).
std::string describe(const strata_tensor& t);
bool same_shape(const strata_tensor& a, const strata_tensor& b);

// Checks one descriptor of an op call: present, rank 0..8, sizes and strides >= 0, a known
// dtype, no broadcast (stride 0 on a dimension > 1) when it is an output, and, when
// `need_buffer`, a buffer that contains every element. Returns an INVALID_ARGUMENT error naming
// `op` and `role`, or nullptr.
strata_error* check_descriptor(std::string_view op, std::string_view role, const strata_tensor* t,
                               bool is_output, bool need_buffer);

// Address of element (0, ..., 0).
inline std::byte* base_ptr(const strata_tensor& t) {
  return t.buffer->bytes + t.byte_offset;
}

template <typename T>
T* data_ptr(const strata_tensor& t) {
  return reinterpret_cast<T*>(base_ptr(t));
}

}  // namespace strata_avx
