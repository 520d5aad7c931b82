// A reference-backend buffer: plain host memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

struct strata_buffer {
  std::unique_ptr<std::byte[]> bytes;
  uint64_t size = 0;
};
