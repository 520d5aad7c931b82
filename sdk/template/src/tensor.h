/*
 * Tensors: checking descriptors and reaching their elements.
 *
 * A descriptor is dtype, rank, shape, strides (in elements) and a byte offset into a buffer.
 * Element (i0, ..., i{r-1}) lives at byte  byte_offset + elem_size * sum_k(i_k * strides[k]).
 * Nothing here assumes a contiguous layout: transposes, slices and broadcasts (stride 0) are
 * all just descriptors, and every op must read them element by element through these helpers
 * (or check for the layouts a faster path handles).
 */
#ifndef TPL_TENSOR_H_
#define TPL_TENSOR_H_

#include <strata/backend.h>

/* Text for messages, returned by value so callers need no buffer of their own. */
typedef struct tpl_text {
  char text[448];
} tpl_text;

/* Bytes per element, 0 for a dtype this ABI does not know. */
size_t tpl_dtype_size(strata_dtype dtype);

/* "f32[2,3]" */
tpl_text tpl_shape_text(const strata_tensor* t);

/* Checks one descriptor of an op: not NULL, a struct_size from ABI 1.0 on, a known dtype, a
 * rank within 0..8, no negative size or stride, no broadcast output, and (when need_buffer) a
 * buffer large enough for every element. `role` names it in messages ("a", "out"). */
strata_error* tpl_check_tensor(const char* op, const char* role, const strata_tensor* t,
                               int is_output, int need_buffer);

int tpl_same_shape(const strata_tensor* a, const strata_tensor* b);
int64_t tpl_element_count(const strata_tensor* t);

/* Offset, in elements from byte_offset, of the element at `index` (rank entries). */
int64_t tpl_offset_of(const strata_tensor* t, const int64_t* index);

/* The f32 element `offset` elements past byte_offset. Reads and writes go through memcpy,
 * because a byte_offset need not be a multiple of 4. */
float tpl_load_f32(const strata_tensor* t, int64_t offset);
void tpl_store_f32(const strata_tensor* t, int64_t offset, float value);
void tpl_store_u8(const strata_tensor* t, int64_t offset, unsigned char value);

/* Advances `index` to the next element of `shape` in row-major order. Returns 0 once every
 * element has been visited. Start from all zeros, after checking the tensor is not empty. */
int tpl_next_index(int64_t* index, const int64_t* shape, int32_t rank);

#endif /* TPL_TENSOR_H_ */
