// An AVX-backend buffer: host memory aligned to a cache line (and so to any SIMD width).
#pragma once

#include <cstddef>
#include <cstdint>

struct strata_buffer {
  std::byte* bytes = nullptr;  // from std::aligned_alloc, released with std::free
  uint64_t size = 0;
};
