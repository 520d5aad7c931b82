// An AVX-backend buffer: host memory aligned to a cache line (and so to any SIMD width).
#pragma once

#include <cstddef>
#include <cstdint>

struct strata_buffer {
  std::byte* bytes = nullptr;  // from std::aligned_alloc, released with std::free
  uint64_t size = 0;           // as the host asked for it
  uint64_t capacity = 0;       // of `bytes`: size rounded up to whole cache lines
  // Links in the pool's list of live buffers, or (next only) in a list of spare ones.
  strata_buffer* prev = nullptr;
  strata_buffer* next = nullptr;
};
