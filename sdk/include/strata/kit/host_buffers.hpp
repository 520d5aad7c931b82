// strata/kit/host_buffers.hpp: the buffer_write, buffer_read, buffer_copy and buffer_map slots of
// a plugin whose buffers are plain host memory that it owns: range checks and the copies.
//
//   strata::kit::HostSpan host_span(const strata_buffer* b) { return {b->bytes, b->size}; }
//   using Buffers = strata::kit::HostBuffers<Errors, host_span>;
//   ... Slots{..., Buffers::write, Buffers::read, Buffers::copy, Buffers::map, ...}
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit. Messages are built with {fmt}.
#pragma once

#include <strata/backend.h>
#include <strata/kit/status.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace strata::kit {

// A buffer's memory: its first byte and its size as the host asked for it.
struct HostSpan {
  std::byte* bytes;
  uint64_t size;
};

// The buffer is present and [offset, offset + size) lies inside it; `slot` names the call.
template <auto kSpan>
Status check_range(std::string_view slot, const strata_buffer* buffer, uint64_t offset,
                   uint64_t size) {
  if (buffer == nullptr) return invalid("{}: buffer is NULL", slot);
  const HostSpan span = kSpan(buffer);
  if (offset > span.size || size > span.size - offset) {
    return invalid("{}: bytes [{}, {}) are outside the {}-byte buffer", slot, offset, offset + size,
                   span.size);
  }
  return {};
}

// The slots, for ErrorsType (error.hpp's Errors) and kSpan, a function giving a non-null
// buffer's HostSpan. Execution is synchronous in such plugins, so there is nothing to wait for.
template <typename ErrorsType, auto kSpan>
struct HostBuffers {
  static strata_error* write(strata_instance*, strata_buffer* dst, uint64_t offset, const void* src,
                             uint64_t size) {
    Status status = check_range<kSpan>("buffer_write", dst, offset, size);
    if (status.ok() && size > 0) std::memcpy(kSpan(dst).bytes + offset, src, size);
    return ErrorsType::make(std::move(status));
  }

  static strata_error* read(strata_instance*, const strata_buffer* src, uint64_t offset, void* dst,
                            uint64_t size) {
    Status status = check_range<kSpan>("buffer_read", src, offset, size);
    if (status.ok() && size > 0) std::memcpy(dst, kSpan(src).bytes + offset, size);
    return ErrorsType::make(std::move(status));
  }

  // Overlapping ranges are fine (memmove).
  static strata_error* copy(strata_instance*, const strata_buffer* src, uint64_t src_offset,
                            strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
    Status status = check_range<kSpan>("buffer_copy (source)", src, src_offset, size);
    if (status.ok())
      status = check_range<kSpan>("buffer_copy (destination)", dst, dst_offset, size);
    if (status.ok() && size > 0) {
      std::memmove(kSpan(dst).bytes + dst_offset, kSpan(src).bytes + src_offset, size);
    }
    return ErrorsType::make(std::move(status));
  }

  static strata_error* map(strata_instance*, strata_buffer* buffer, void** ptr) {
    if (buffer == nullptr) return ErrorsType::make(invalid("buffer_map: buffer is NULL"));
    *ptr = kSpan(buffer).bytes;
    return nullptr;
  }
};

}  // namespace strata::kit
