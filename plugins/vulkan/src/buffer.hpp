// A Vulkan-backend buffer: a range of a device memory block (see memory.hpp).
#pragma once

#include <cstdint>

#include "memory.hpp"

struct strata_buffer {
  strata_vk::Allocation allocation;
  uint64_t size = 0;  // as the host asked for it
};
