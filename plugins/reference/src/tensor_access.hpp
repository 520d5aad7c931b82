// Reading and writing tensor elements through ABI descriptors, one element at a time.
//
// The reference backend favours obvious correctness over speed: every op walks logical indices
// in row-major order and converts each element to double (or int64 for integer work) and back,
// so strides, broadcasting (stride 0), offsets and every dtype go through one audited path.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "buffer.hpp"

namespace strata_ref {

size_t dtype_size(strata_dtype dtype);
std::string_view dtype_name(strata_dtype dtype);  // "f32", "i64", ...
bool is_float(strata_dtype dtype);
bool is_integer(strata_dtype dtype);  // I32, I64, U8

int64_t element_count(const strata_tensor& t);
bool is_empty(const strata_tensor& t);
// "f32[2,3] strides [3,1]" (offset appended when non-zero), for error messages.
std::string describe(const strata_tensor& t);

// Checks one descriptor of an op call: present, rank 0..8, sizes and strides >= 0, a known
// dtype, no broadcast (stride 0 on a dimension > 1) when it is an output, and, when
// `need_buffer`, a buffer that contains every element. Returns an INVALID_ARGUMENT error
// naming `op` and `role` ("input 1 (b)"), or nullptr.
strata_error* check_descriptor(std::string_view op, std::string_view role, const strata_tensor* t,
                               bool is_output, bool need_buffer);

// Byte address of the element at `index` (rank entries).
std::byte* element_ptr(const strata_tensor& t, const int64_t* index);

// Any dtype as double; integers convert exactly up to 2^53.
double load_f(const strata_tensor& t, const int64_t* index);
// double to the tensor's dtype: floats round to nearest even; integers follow STRATA_OP_CAST
// (truncate toward zero, NaN -> 0, saturate to the type's range).
void store_f(const strata_tensor& t, const int64_t* index, double value);
// Integer dtypes exactly (floats truncate as in STRATA_OP_CAST).
int64_t load_i(const strata_tensor& t, const int64_t* index);
void store_i(const strata_tensor& t, const int64_t* index, int64_t value);

// binary16 and bfloat16 encodings, round to nearest even.
uint16_t double_to_f16(double value);
uint16_t double_to_bf16(double value);
double f16_to_double(uint16_t bits);
double bf16_to_double(uint16_t bits);

// Calls fn(index) for every index of `shape` in row-major order; nothing when any size is 0,
// once (with an empty index) for rank 0.
template <typename Fn>
void for_each_index(int rank, const int64_t* shape, Fn&& fn) {
  for (int k = 0; k < rank; ++k) {
    if (shape[k] == 0) return;
  }
  int64_t index[STRATA_MAX_RANK] = {};
  for (;;) {
    fn(static_cast<const int64_t*>(index));
    int k = rank - 1;
    while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
    if (k < 0) return;
  }
}

template <typename Fn>
void for_each_index(const strata_tensor& t, Fn&& fn) {
  for_each_index(t.rank, t.shape, std::forward<Fn>(fn));
}

}  // namespace strata_ref
