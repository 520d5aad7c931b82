/*
 * Buffers: memory the plugin owns and the host addresses only through the buffer slots (and,
 * for a CPU backend like this one, buffer_map).
 */
#ifndef TPL_BUFFER_H_
#define TPL_BUFFER_H_

#include <strata/backend.h>

struct strata_buffer {
  strata_buffer* prev; /* neighbours in the owning instance's list */
  strata_buffer* next;
  uint64_t size;
  unsigned char bytes[]; /* size + 1 bytes: the spare byte keeps size-0 buffers addressable */
};

/* The ABI's memory slots. */
strata_error* tpl_buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out);
void tpl_buffer_free(strata_instance* instance, strata_buffer* buffer);
strata_error* tpl_buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                               const void* src, uint64_t size);
strata_error* tpl_buffer_read(strata_instance* instance, const strata_buffer* src, uint64_t offset,
                              void* dst, uint64_t size);
strata_error* tpl_buffer_copy(strata_instance* instance, const strata_buffer* src,
                              uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                              uint64_t size);
strata_error* tpl_buffer_map(strata_instance* instance, strata_buffer* buffer, void** ptr);

#endif /* TPL_BUFFER_H_ */
