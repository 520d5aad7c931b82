#include "tensor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buffer.h"
#include "error.h"

size_t tpl_dtype_size(strata_dtype dtype) {
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

static const char* dtype_name(strata_dtype dtype) {
  static const char* const names[] = {"invalid", "f32", "f64", "f16", "bf16", "i32", "i64", "u8"};
  return tpl_dtype_size(dtype) != 0 ? names[dtype] : "unknown-dtype";
}

/* printf-style append at *used; text that does not fit is cut off, never overflows. */
TPL_PRINTF(3, 4)
static void append(tpl_text* out, size_t* used, const char* format, ...) {
  const size_t room = sizeof out->text - *used;
  if (room <= 1) return;
  va_list args;
  va_start(args, format);
  const int n = vsnprintf(out->text + *used, room, format, args);
  va_end(args);
  if (n > 0) *used += (size_t)n < room ? (size_t)n : room - 1;
}

/* "[2,3]" */
static void append_list(tpl_text* out, size_t* used, const int64_t* values, int32_t count) {
  append(out, used, "[");
  for (int32_t k = 0; k < count; ++k)
    append(out, used, "%s%lld", k ? "," : "", (long long)values[k]);
  append(out, used, "]");
}

static int rank_is_valid(const strata_tensor* t) {
  return t->rank >= 0 && t->rank <= STRATA_MAX_RANK;
}

tpl_text tpl_shape_text(const strata_tensor* t) {
  tpl_text out;
  size_t used = 0;
  out.text[0] = '\0';
  append(&out, &used, "%s", dtype_name(t->dtype));
  if (rank_is_valid(t)) append_list(&out, &used, t->shape, t->rank);
  return out;
}

/* "f32[2,3] strides [3,1] offset 8": the layout, for messages about out-of-range views. */
static tpl_text layout_text(const strata_tensor* t) {
  tpl_text out = tpl_shape_text(t);
  size_t used = strlen(out.text);
  append(&out, &used, " strides ");
  append_list(&out, &used, t->strides, t->rank);
  append(&out, &used, " offset %llu", (unsigned long long)t->byte_offset);
  return out;
}

int64_t tpl_element_count(const strata_tensor* t) {
  int64_t count = 1;
  for (int32_t k = 0; k < t->rank; ++k) count *= t->shape[k];
  return count;
}

int tpl_same_shape(const strata_tensor* a, const strata_tensor* b) {
  return a->rank == b->rank &&
         memcmp(a->shape, b->shape, (size_t)a->rank * sizeof a->shape[0]) == 0;
}

/* *acc += x * y, or 1 if that overflows 64 bits (only an absurd descriptor gets there). */
static int add_product_overflows(uint64_t* acc, uint64_t x, uint64_t y) {
  if (y != 0 && x > (UINT64_MAX - *acc) / y) return 1;
  *acc += x * y;
  return 0;
}

/* Every element must lie inside the buffer: the last one reachable ends at
 * byte_offset + elem_size * (1 + sum_k (shape[k] - 1) * strides[k]). */
static strata_error* check_extent(const char* op, const char* role, const strata_tensor* t) {
  if (tpl_element_count(t) == 0) return NULL; /* an empty tensor touches no memory */
  const uint64_t elem_size = tpl_dtype_size(t->dtype);
  uint64_t last = 0;
  int overflow = 0;
  for (int32_t k = 0; k < t->rank; ++k) {
    overflow |= add_product_overflows(&last, (uint64_t)(t->shape[k] - 1), (uint64_t)t->strides[k]);
  }
  uint64_t end = t->byte_offset;
  overflow |= last == UINT64_MAX || add_product_overflows(&end, last + 1, elem_size);
  if (overflow || end > t->buffer->size) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "%s: %s %s reaches past the end of its %llu-byte buffer", op, role,
                     layout_text(t).text, (unsigned long long)t->buffer->size);
  }
  return NULL;
}

strata_error* tpl_check_tensor(const char* op, const char* role, const strata_tensor* t,
                               int is_output, int need_buffer) {
  if (t == NULL) return tpl_error(STRATA_INVALID_ARGUMENT, "%s: %s is NULL", op, role);
  if (!STRATA_STRUCT_HAS(t, strata_tensor, byte_offset)) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "%s: %s has struct_size %zu, smaller than ABI 1.0's strata_tensor", op, role,
                     t->struct_size);
  }
  if (!rank_is_valid(t)) {
    return tpl_error(STRATA_INVALID_ARGUMENT, "%s: %s has rank %d; ranks are 0..%d", op, role,
                     (int)t->rank, STRATA_MAX_RANK);
  }
  if (tpl_dtype_size(t->dtype) == 0) {
    return tpl_error(STRATA_INVALID_ARGUMENT, "%s: %s has unknown dtype %d", op, role,
                     (int)t->dtype);
  }
  for (int32_t k = 0; k < t->rank; ++k) {
    if (t->shape[k] < 0 || t->strides[k] < 0) {
      return tpl_error(STRATA_INVALID_ARGUMENT,
                       "%s: %s %s has a negative size or stride on axis %d", op, role,
                       layout_text(t).text, (int)k);
    }
    if (is_output && t->strides[k] == 0 && t->shape[k] > 1) {
      return tpl_error(STRATA_INVALID_ARGUMENT,
                       "%s: %s %s is broadcast (stride 0) on axis %d; outputs need "
                       "distinct elements",
                       op, role, layout_text(t).text, (int)k);
    }
  }
  if (!need_buffer) return NULL; /* `supports` looks at metadata only; buffers may be NULL */
  if (t->buffer == NULL)
    return tpl_error(STRATA_INVALID_ARGUMENT, "%s: %s has no buffer", op, role);
  return check_extent(op, role, t);
}

int64_t tpl_offset_of(const strata_tensor* t, const int64_t* index) {
  int64_t offset = 0;
  for (int32_t k = 0; k < t->rank; ++k) offset += index[k] * t->strides[k];
  return offset;
}

static unsigned char* element_address(const strata_tensor* t, int64_t offset) {
  return t->buffer->bytes + t->byte_offset + (uint64_t)offset * tpl_dtype_size(t->dtype);
}

float tpl_load_f32(const strata_tensor* t, int64_t offset) {
  float value;
  memcpy(&value, element_address(t, offset), sizeof value);
  return value;
}

void tpl_store_f32(const strata_tensor* t, int64_t offset, float value) {
  memcpy(element_address(t, offset), &value, sizeof value);
}

void tpl_store_u8(const strata_tensor* t, int64_t offset, unsigned char value) {
  *element_address(t, offset) = value;
}

int tpl_next_index(int64_t* index, const int64_t* shape, int32_t rank) {
  for (int32_t k = rank - 1; k >= 0; --k) {
    if (++index[k] < shape[k]) return 1;
    index[k] = 0;
  }
  return 0;
}
