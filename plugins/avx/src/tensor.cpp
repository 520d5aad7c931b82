#include "tensor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "error.hpp"

namespace strata_avx {

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
    case STRATA_F32:
      return "f32";
    case STRATA_F64:
      return "f64";
    case STRATA_F16:
      return "f16";
    case STRATA_BF16:
      return "bf16";
    case STRATA_I32:
      return "i32";
    case STRATA_I64:
      return "i64";
    case STRATA_U8:
      return "u8";
    default:
      return "invalid-dtype";
  }
}

bool is_float(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_F16 || dtype == STRATA_BF16;
}

bool is_integer(strata_dtype dtype) {
  return dtype == STRATA_I32 || dtype == STRATA_I64 || dtype == STRATA_U8;
}

int64_t element_count(const strata_tensor& t) {
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) n *= t.shape[k];
  return n;
}

std::string shape_text(const strata_tensor& t) {
  std::string dims;
  for (int k = 0; k < t.rank; ++k) dims += fmt::format("{}{}", k ? "," : "", t.shape[k]);
  return fmt::format("{}[{}]", dtype_name(t.dtype), dims);
}

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

bool same_shape(const strata_tensor& a, const strata_tensor& b) {
  return a.rank == b.rank && std::equal(a.shape, a.shape + a.rank, b.shape);
}

namespace {

// The buffer must hold every element: from byte_offset to one past the farthest element.
strata_error* check_extent(std::string_view op, std::string_view role, const strata_tensor& t) {
  if (is_empty(t)) return nullptr;
  unsigned __int128 last = 0;
  for (int k = 0; k < t.rank; ++k) {
    last += static_cast<unsigned __int128>(t.shape[k] - 1) * static_cast<uint64_t>(t.strides[k]);
  }
  const unsigned __int128 end = static_cast<unsigned __int128>(t.byte_offset) +
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
      return invalid("{}: {} {} has a negative size or stride on axis {}", op, role, describe(*t),
                     k);
    }
    if (is_output && t->strides[k] == 0 && t->shape[k] > 1) {
      return invalid(
          "{}: output {} {} is broadcast (stride 0) on axis {}; outputs need distinct elements", op,
          role, describe(*t), k);
    }
  }
  if (!need_buffer) return nullptr;
  if (t->buffer == nullptr) return invalid("{}: {} has no buffer", op, role);
  return check_extent(op, role, *t);
}

}  // namespace strata_avx
