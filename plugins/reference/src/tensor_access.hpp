// Reading and writing tensor elements through ABI descriptors, one element at a time.
//
// The reference backend favours obvious correctness over speed: every op walks logical indices
// in row-major order and converts each element to double (or int64 for integer work) and back,
// so strides, broadcasting (stride 0), offsets and every dtype go through one audited path.
#pragma once

#include <strata/backend.h>
#include <strata/kit/descriptor.hpp>
#include <strata/kit/dtype.hpp>
#include <strata/kit/shape.hpp>

#include <cstdint>

#include "buffer.hpp"

namespace strata_ref {

using strata::kit::dtype_name;
using strata::kit::dtype_size;
using strata::kit::element_count;
using strata::kit::for_each_index;
using strata::kit::is_empty;
using strata::kit::is_float;
using strata::kit::is_integer;
using strata::kit::same_shape;
using strata::kit::shape_text;

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

}  // namespace strata_ref
