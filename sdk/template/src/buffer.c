#include "buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "instance.h"

strata_error* tpl_buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  strata_buffer* buffer = NULL;
  if (size < SIZE_MAX - sizeof *buffer) buffer = malloc(sizeof *buffer + (size_t)size + 1);
  if (buffer == NULL) {
    return tpl_error(STRATA_OUT_OF_MEMORY, "buffer_alloc: cannot allocate %llu bytes",
                     (unsigned long long)size);
  }
  buffer->size = size;
  buffer->prev = NULL;
  buffer->next = instance->buffers;
  if (instance->buffers != NULL) instance->buffers->prev = buffer;
  instance->buffers = buffer;
  *out = buffer;
  return NULL;
}

void tpl_buffer_free(strata_instance* instance, strata_buffer* buffer) {
  if (buffer == NULL) return;
  if (buffer->prev != NULL) buffer->prev->next = buffer->next;
  if (buffer->next != NULL) buffer->next->prev = buffer->prev;
  if (instance->buffers == buffer) instance->buffers = buffer->next;
  free(buffer);
}

/* Bytes [offset, offset + size) must lie inside the buffer; written so it cannot overflow. */
static strata_error* check_range(const char* slot, const strata_buffer* buffer, uint64_t offset,
                                 uint64_t size) {
  if (buffer == NULL) return tpl_error(STRATA_INVALID_ARGUMENT, "%s: the buffer is NULL", slot);
  if (offset > buffer->size || size > buffer->size - offset) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "%s: %llu bytes at offset %llu do not fit in the %llu-byte buffer", slot,
                     (unsigned long long)size, (unsigned long long)offset,
                     (unsigned long long)buffer->size);
  }
  return NULL;
}

/* Every op has completed when execute returns, so reads and writes need not wait for work. */
strata_error* tpl_buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                               const void* src, uint64_t size) {
  (void)instance;
  strata_error* err = check_range("buffer_write", dst, offset, size);
  if (err == NULL && size > 0) memcpy(dst->bytes + offset, src, (size_t)size);
  return err;
}

strata_error* tpl_buffer_read(strata_instance* instance, const strata_buffer* src, uint64_t offset,
                              void* dst, uint64_t size) {
  (void)instance;
  strata_error* err = check_range("buffer_read", src, offset, size);
  if (err == NULL && size > 0) memcpy(dst, src->bytes + offset, (size_t)size);
  return err;
}

strata_error* tpl_buffer_copy(strata_instance* instance, const strata_buffer* src,
                              uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                              uint64_t size) {
  (void)instance;
  strata_error* err = check_range("buffer_copy (source)", src, src_offset, size);
  if (err == NULL) err = check_range("buffer_copy (destination)", dst, dst_offset, size);
  /* memmove: the ABI allows the two ranges to overlap. */
  if (err == NULL && size > 0)
    memmove(dst->bytes + dst_offset, src->bytes + src_offset, (size_t)size);
  return err;
}

/* Host memory already, so the host may address it directly and skip the copies. */
strata_error* tpl_buffer_map(strata_instance* instance, strata_buffer* buffer, void** ptr) {
  (void)instance;
  if (buffer == NULL) return tpl_error(STRATA_INVALID_ARGUMENT, "buffer_map: the buffer is NULL");
  *ptr = buffer->bytes;
  return NULL;
}
